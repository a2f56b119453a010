package dev.spectrum.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spectrum.events.PaperCandidate;
import dev.spectrum.ingest.CandidateTopic;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The operator API: replay of the bundled sample, the coverage audit, and problem+json for bad requests. */
@QuarkusTest
class OperatorResourceTest {

    static final Path SAMPLE = Path.of("").toAbsolutePath().getParent().resolve("data/replay/sample.jsonl.gz");

    @Test
    void replayOfTheBundledSamplePublishesEveryPaperAndCoverageCountsThem() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(SAMPLE)), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(mapper.readTree(line));
            }
        }
        given().contentType(ContentType.JSON).body(Map.of("path", SAMPLE.toString(), "mode", "fast")).when().post("/replays")
                .then().statusCode(202).body("state", is("running"));
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() ->
                given().when().get("/replays/current").then().extract().jsonPath().getString("state").equals("done"));
        given().when().get("/replays/current").then().body("read", is(lines.size())).body("published", is(lines.size()));

        Set<String> ids = new HashSet<>();
        lines.forEach(l -> ids.add(l.get("id").asText()));
        List<ConsumerRecord<String, PaperCandidate>> records = CandidateTopic.read(ids);
        assertThat(records).hasSize(ids.size());

        long csLgOnMarch9 = lines.stream().filter(l -> l.get("announced").asText().equals("2026-03-09"))
                .filter(l -> l.get("categories").toString().contains("\"cs.LG\"")).count();
        assertThat(csLgOnMarch9).isPositive();
        given().when().get("/coverage?until=2026-03-22&days=14").then().statusCode(200)
                .body("find { it.day == '2026-03-09' && it.category == 'cs.LG' }.listed", is((int) csLgOnMarch9))
                .body("find { it.day == '2026-03-09' && it.category == 'cs.LG' }.published", is((int) csLgOnMarch9))
                .body("find { it.day == '2026-03-09' && it.category == 'cs.LG' }.reason", org.hamcrest.Matchers.nullValue())
                .body("find { it.day == '2026-03-14' && it.category == 'cs.LG' }.reason", is("weekend"))
                .body("find { it.day == '2026-03-22' && it.category == 'cs.AI' }.reason", is("weekend"));
        given().when().get("/coverage?until=2026-01-20&days=1").then().statusCode(200)
                .body("[0].reason", is("holiday"));

        // Replaying again publishes nothing: the database already saw every (id, version). A rate alone means rate mode.
        given().contentType(ContentType.JSON).body(Map.of("path", SAMPLE.toString(), "rate", 5000)).when().post("/replays")
                .then().statusCode(202).body("mode", org.hamcrest.Matchers.equalToIgnoringCase("rate"));
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() ->
                given().when().get("/replays/current").then().extract().jsonPath().getString("state").equals("done"));
        given().when().get("/replays/current").then().body("read", is(lines.size())).body("published", is(0))
                .body("papersPerSecond", org.hamcrest.Matchers.lessThan(6000f));
        assertThat(CandidateTopic.read(ids)).hasSize(ids.size());
    }

    @Test
    void dailyReplayPausesBetweenAnnouncementDays(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        StringBuilder jsonl = new StringBuilder();
        String[] days = {"2026-04-06", "2026-04-06", "2026-04-07", "2026-04-07", "2026-04-08", "2026-04-08"};
        for (int i = 0; i < days.length; i++) {
            jsonl.append("{\"id\": \"2604.9000").append(i).append("\", \"announced\": \"").append(days[i])
                    .append("\", \"title\": \"T").append(i).append("\", \"authors\": [\"A\"], \"categories\": [\"cs.LG\"],")
                    .append(" \"comment\": null, \"abstract\": \"x\"}\n");
        }
        Path file = dir.resolve("three-days.jsonl");
        Files.writeString(file, jsonl);
        long start = System.nanoTime();
        given().contentType(ContentType.JSON).body(Map.of("path", file.toString(), "mode", "daily")).when().post("/replays")
                .then().statusCode(202);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() ->
                given().when().get("/replays/current").then().extract().jsonPath().getString("state").equals("done"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("two pauses of 100 ms between the three days").isGreaterThanOrEqualTo(200);
        given().when().get("/replays/current").then().body("published", is(6)).body("currentDay", is("2026-04-08"));
        given().when().get("/coverage?until=2026-04-08&days=3").then()
                .body("find { it.day == '2026-04-07' && it.category == 'cs.LG' }.published", is(2));
    }

    @Test
    void badRequestsGetProblemDetails() {
        given().when().post("/harvests/gopher").then().statusCode(400).contentType("application/problem+json")
                .body("status", is(400)).body("detail", containsString("unknown source 'gopher'"));
        given().when().get("/backfills/987654").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("no backfill 987654"));
        given().contentType(ContentType.JSON).body("{\"from\":\"2026-03-02\",\"until\":\"2026-03-01\"}").when().post("/backfills")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("before from"));
        given().contentType(ContentType.JSON).body("{\"from\":\"yesterday\"}").when().post("/backfills")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"path\":\"/nonexistent/replay.jsonl\"}").when().post("/replays")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("does not exist"));
        given().contentType(ContentType.JSON).body(Map.of("path", SAMPLE.toString(), "mode", "sideways")).when().post("/replays")
                .then().statusCode(400).body("detail", containsString("fast, rate or daily"));
        given().when().get("/coverage?until=soon").then().statusCode(400).contentType("application/problem+json");
        given().when().get("/coverage?days=0").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void openApiDescribesTheOperatorApi() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/backfills'.post.summary", is("Start an OAI-PMH backfill"))
                .body("paths.'/coverage'.get.summary", containsString("Listed against published"));
    }
}
