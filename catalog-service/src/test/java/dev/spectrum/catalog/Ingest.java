package dev.spectrum.catalog;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.spectrum.catalog.paper.Paper;
import dev.spectrum.events.PaperCandidate;
import dev.spectrum.events.Topics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Puts papers into the catalog the way production does (through the broker) and waits until they are stored. */
public final class Ingest {

    private Ingest() {
    }

    public static List<PaperCandidate> viaKafka(List<PaperCandidate> candidates) {
        TestKafka.send(Topics.PAPER_CANDIDATES, candidates);
        List<String> ids = candidates.stream().map(PaperCandidate::arxivId).distinct().toList();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                QuarkusTransaction.requiringNew().call(() -> Paper.count("arxivId in ?1", ids)) == ids.size());
        return candidates;
    }

    /** A curator's correction through the API; returns the paper as then shown. */
    public static io.restassured.path.json.JsonPath correct(String id, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/papers/" + id + "/corrections")
                .then().statusCode(201).extract().jsonPath();
    }
}
