package dev.spectrum.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import dev.spectrum.catalog.Ingest;
import dev.spectrum.catalog.StreamPapers;
import dev.spectrum.catalog.TestKafka;
import dev.spectrum.events.PaperCandidate;
import dev.spectrum.events.PaperClassified;
import dev.spectrum.events.PaperEvents;
import dev.spectrum.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A curator's correction: stored, shown at once, published, exported for training; bad ones refused clearly. */
@QuarkusTest
class CorrectionTest {

    @Test
    void aCorrectionIsShownAtOncePublishedAndExportedForTraining() {
        PaperCandidate c = Ingest.viaKafka(StreamPapers.month("2025-06",
                StreamPapers.mentions("kv cache"), 0, 1)).get(0);
        String id = c.arxivId();
        JsonPath machine = given().get("/papers/" + id).then().statusCode(200).extract().jsonPath();
        boolean modelAgreed = machine.getBoolean("relevant")
                && machine.getList("leaves.id", String.class).equals(List.of("kv-cache"));

        Ingest.correct(id, Map.of("relevant", true, "leaves", List.of("kv-cache"), "curator", "ada",
                "note", "evicts KV cache entries"));
        JsonPath shown = given().get("/papers/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(shown.getBoolean("relevant")).isTrue();
        assertThat(shown.getBoolean("corrected")).isTrue();
        assertThat(shown.getList("leaves.id", String.class)).containsExactly("kv-cache");
        assertThat(shown.getList("leaves.path", List.class).get(0)).isEqualTo(List.of("inference", "kv-cache"));
        assertThat(shown.getDouble("leaves[0].confidence")).isEqualTo(1.0);
        assertThat(shown.getList("corrections.curator", String.class)).containsExactly("ada");
        // the machine decision stays visible next to the correction, with its model version
        assertThat(shown.getString("classification.modelVersion")).isNotBlank();

        // and it is what search shows at once
        JsonPath inNode = given().queryParam("node", "kv-cache").queryParam("q", c.title().split(" ")[0])
                .queryParam("size", 100).get("/papers").then().statusCode(200).extract().jsonPath();
        assertThat(inNode.getList("items.arxivId", String.class)).contains(id);

        // a second opinion: not relevant after all
        JsonPath after = Ingest.correct(id, Map.of("relevant", false, "curator", "grace", "note", "a systems paper, no LLM"));
        assertThat(after.getBoolean("relevant")).isFalse();
        assertThat(after.getList("leaves")).isEmpty();
        assertThat(after.getList("corrections.curator", String.class)).containsExactly("ada", "grace");
        assertThat(given().queryParam("node", "kv-cache").queryParam("size", 100).get("/papers")
                .then().extract().jsonPath().getList("items.arxivId", String.class)).doesNotContain(id);

        // a correction is published when it changes what is shown: the second always, the first unless the model agreed
        List<Boolean> expected = modelAgreed ? List.of(false) : List.of(true, false);
        var events = TestKafka.readAtLeast(Topics.PAPER_CLASSIFIED, r -> id.equals(r.key())
                && PaperEvents.readClassified(r.value()).reason() == PaperClassified.Reason.CORRECTED, expected.size(),
                Duration.ofSeconds(20)).stream().map(r -> PaperEvents.readClassified(r.value())).toList();
        assertThat(events).extracting(PaperClassified::relevant).containsExactlyElementsOf(expected);

        String tsv = given().get("/corrections.tsv").then().statusCode(200).extract().asString();
        assertThat(tsv.lines().findFirst()).hasValue("arxiv_id\ttitle\tabstract\trelevant\tlabels\tnote");
        String row = tsv.lines().filter(l -> l.startsWith(id + "\t")).findFirst().orElseThrow();
        String[] cells = row.split("\t", -1);
        assertThat(cells).hasSize(6);
        assertThat(cells[1]).isEqualTo(c.title().replaceAll("[\\t\\r\\n]+", " ").strip());
        assertThat(cells[3]).isEqualTo("no");
        assertThat(cells[4]).isEmpty();
        assertThat(cells[5]).isEqualTo("a systems paper, no LLM");
    }

    @Test
    void invalidCorrectionsAreRefusedWithProblemDetails() {
        String id = Ingest.viaKafka(StreamPapers.month("2025-06", 5, 1)).get(0).arxivId();
        given().contentType(ContentType.JSON).body(Map.of("leaves", List.of("inference"), "curator", "ada"))
                .post("/papers/" + id + "/corrections")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", is(400)).body("detail", containsString("inference is not a leaf"));
        given().contentType(ContentType.JSON).body(Map.of("leaves", List.of("teleportation"), "curator", "ada"))
                .post("/papers/" + id + "/corrections")
                .then().statusCode(400).body("detail", containsString("unknown taxonomy leaf: teleportation"));
        given().contentType(ContentType.JSON).body(Map.of("relevant", true))
                .post("/papers/" + id + "/corrections")
                .then().statusCode(400).body("detail", containsString("curator is required"));
        given().contentType(ContentType.JSON).body("{\"relevant\": tru")
                .post("/papers/" + id + "/corrections")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("relevant", true, "curator", "ada"))
                .post("/papers/9901.00001/corrections")
                .then().statusCode(404).contentType("application/problem+json");
        // nothing of the refused corrections was stored
        assertThat(given().get("/papers/" + id).then().extract().jsonPath().getList("corrections")).isEmpty();
    }
}
