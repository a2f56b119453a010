package dev.spectrum.catalog.paper;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spectrum.catalog.Ingest;
import dev.spectrum.catalog.StreamPapers;
import dev.spectrum.catalog.TestKafka;
import dev.spectrum.events.PaperCandidate;
import dev.spectrum.events.PaperClassified;
import dev.spectrum.events.PaperEvents;
import dev.spectrum.events.Topics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Re-classification as a background job. Papers are made to look as if an older model had decided them differently;
 * the job under the current model restores the current decision and publishes exactly those changes.
 */
@QuarkusTest
class ReclassifyTest {

    @Inject
    EntityManager em;

    @Test
    void reclassifiesPapersOfOtherModelVersionsAndPublishesOnlyChanges() {
        List<PaperCandidate> papers = Ingest.viaKafka(StreamPapers.month("2025-11", 0, 6));
        Set<String> stale = papers.subList(0, 3).stream().map(PaperCandidate::arxivId).collect(Collectors.toSet());
        // an older model that decided the opposite of the current one
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE paper SET model_version = 'older-model',"
                + " relevant = NOT relevant, machine_relevant = NOT machine_relevant,"
                + " leaves = CASE WHEN relevant THEN '[]'::jsonb ELSE '[{\"id\":\"pruning\",\"confidence\":0.7}]'::jsonb END,"
                + " leaf_ids = CASE WHEN relevant THEN '{}'::text[] ELSE '{pruning}'::text[] END"
                + " WHERE arxiv_id IN (:ids)").setParameter("ids", stale).executeUpdate());

        JsonPath started = given().post("/reclassify").then().statusCode(202).extract().jsonPath();
        String job = started.getString("id");
        await().atMost(Duration.ofSeconds(60)).until(() ->
                given().get("/reclassify/" + job).then().extract().jsonPath().getString("state").equals("done"));
        JsonPath done = given().get("/reclassify/" + job).then().statusCode(200).extract().jsonPath();
        assertThat(done.getLong("total")).isGreaterThanOrEqualTo(3);
        assertThat(done.getLong("done")).isEqualTo(done.getLong("total"));
        assertThat(done.getLong("changed")).isEqualTo(3);
        assertThat(done.getDouble("rate")).isPositive();
        for (String id : stale) {
            JsonPath p = given().get("/papers/" + id).then().extract().jsonPath();
            assertThat(p.getString("classification.modelVersion")).isEqualTo(done.getString("modelVersion"));
            assertThat(p.getBoolean("relevant")).isEqualTo(p.getBoolean("classification.relevant"));
        }
        var events = TestKafka.readAtLeast(Topics.PAPER_CLASSIFIED, r -> stale.contains(r.key())
                && PaperEvents.readClassified(r.value()).reason() == PaperClassified.Reason.RECLASSIFIED, 3,
                Duration.ofSeconds(20));
        assertThat(events).extracting(r -> r.key()).containsExactlyInAnyOrderElementsOf(stale);

        // everything again under the same model: nothing changes, nothing is published
        JsonPath all = given().queryParam("all", true).post("/reclassify").then().statusCode(202).extract().jsonPath();
        await().atMost(Duration.ofSeconds(120)).until(() -> given().get("/reclassify/" + all.getString("id"))
                .then().extract().jsonPath().getString("state").equals("done"));
        JsonPath again = given().get("/reclassify/" + all.getString("id")).then().extract().jsonPath();
        assertThat(again.getLong("done")).isEqualTo(again.getLong("total")).isGreaterThanOrEqualTo(6);
        assertThat(again.getLong("changed")).isZero();
        given().get("/reclassify/no-such-job").then().statusCode(404).contentType("application/problem+json");
    }
}
