package dev.spectrum.ingest.harvest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spectrum.events.PaperCandidate;
import dev.spectrum.ingest.CandidateTopic;
import dev.spectrum.ingest.FakeArxiv;
import dev.spectrum.ingest.FakeArxiv.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OAI-PMH backfills through the operator API against the loopback arXiv, with faults, a stop and a resume. */
@QuarkusTest
class BackfillTest {

    private static final String FIRST = "/oai?verb=ListRecords&metadataPrefix=arXivRaw&set=cs&from=2026-03-01&until=2026-03-02";
    private final FakeArxiv arxiv = FakeArxiv.get();

    @BeforeEach
    void reset() {
        arxiv.reset();
    }

    private static String tokenPath(String token) {
        return "/oai?verb=ListRecords&resumptionToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    private static long start(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/backfills")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static String state(long id) {
        return given().when().get("/backfills/" + id).then().statusCode(200).extract().jsonPath().getString("state");
    }

    @Test
    void aBackfillStoppedByFailuresResumesFromItsTokenAndEndsWithEveryPaper() {
        List<JsonNode> papers = OaiPages.papers("2026-01", 0, 100);
        String expires = "2099-01-01T00:00:00Z";
        String[] tokens = {null, "set=cs&skip=20", "set=cs&skip=40", "set=cs&skip=60", "set=cs&skip=80"};
        arxiv.script(FIRST, Reply.ok(OaiPages.page(papers.subList(0, 20), tokens[1], expires)));
        arxiv.script(tokenPath(tokens[1]), Reply.ok(OaiPages.page(papers.subList(20, 40), tokens[2], expires)));
        // Page 3: flow control with Retry-After 0, then a hung response, then the page.
        arxiv.script(tokenPath(tokens[2]), Reply.status(503, "0", null), Reply.hang(),
                Reply.ok(OaiPages.page(papers.subList(40, 60), tokens[3], expires)));
        // Page 4: a transiently empty page that still carries a token is fetched again, never taken as the end.
        arxiv.script(tokenPath(tokens[3]), Reply.ok(OaiPages.page(List.of(), tokens[4], expires)),
                Reply.ok(OaiPages.page(papers.subList(60, 80), tokens[4], expires)));
        // Page 5: the server fails long enough that the job stops in the middle.
        arxiv.script(tokenPath(tokens[4]), Reply.status(500, null, null), Reply.status(500, null, null), Reply.status(500, null, null),
                Reply.status(500, null, null), Reply.status(500, null, null), Reply.ok(OaiPages.page(papers.subList(80, 100), null, null)));

        long id = start("{\"from\":\"2026-03-01\",\"until\":\"2026-03-02\",\"sets\":[\"cs\"],\"metadataPrefix\":\"arXivRaw\"}");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> state(id).equals("failed"));
        given().when().get("/backfills/" + id).then().body("done", is(80)).body("pages", is(4)).body("hasResumptionToken", is(true))
                .body("error", org.hamcrest.Matchers.containsString("after 5 attempts"));
        given().when().get("/sources").then().statusCode(200);

        given().when().post("/backfills/" + id + "/resume").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> state(id).equals("done"));
        given().when().get("/backfills/" + id).then().body("done", is(100)).body("published", is(100)).body("pages", is(5))
                .body("ratePerSecond", org.hamcrest.Matchers.greaterThan(0f));

        Set<String> ids = papers.stream().map(p -> p.get("id").asText()).collect(Collectors.toSet());
        List<ConsumerRecord<String, PaperCandidate>> records = CandidateTopic.read(ids);
        assertThat(records.stream().map(ConsumerRecord::key).collect(Collectors.toSet())).isEqualTo(ids);
        assertThat(records).as("each paper exactly once").hasSize(100);
        assertThat(arxiv.requests(FIRST)).as("resumed from the stored token, not from the start").hasSize(1);

        List<FakeArxiv.Request> all = arxiv.requests("/oai");
        assertThat(all).hasSize(1 + 1 + 3 + 2 + 6);
        for (int i = 1; i < all.size(); i++) {
            long gap = (all.get(i).nanos() - all.get(i - 1).nanos()) / 1_000_000;
            assertThat(gap).as("gap before request " + i).isGreaterThanOrEqualTo(200);
        }
    }

    @Test
    void aRefusedResumptionTokenRestartsTheSetWithoutPublishingTwice() {
        List<JsonNode> papers = OaiPages.papers("2026-01", 200, 40);
        String first = "/oai?verb=ListRecords&metadataPrefix=arXivRaw&set=cs%3Acs%3ALG&from=2026-02-01";
        arxiv.script(first, Reply.ok(OaiPages.page(papers.subList(0, 20), "lg&skip=20", "2099-01-01T00:00:00Z")));
        arxiv.script(tokenPath("lg&skip=20"), Reply.ok(OaiPages.error("badResumptionToken", "token not valid")),
                Reply.ok(OaiPages.page(papers.subList(20, 40), null, null)));
        long id = start("{\"from\":\"2026-02-01\",\"sets\":[\"cs:cs:LG\"]}");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> state(id).equals("done"));
        Set<String> ids = papers.stream().map(p -> p.get("id").asText()).collect(Collectors.toSet());
        List<ConsumerRecord<String, PaperCandidate>> records = CandidateTopic.read(ids);
        assertThat(records).hasSize(40);
        assertThat(arxiv.requests(first)).as("the set restarted from the beginning").hasSize(2);
        given().when().get("/backfills/" + id).then().body("published", is(40)).body("done", is(60));
    }

    @Test
    void anOperatorPauseStopsAfterTheCurrentPageAndResumeFinishes() {
        List<JsonNode> papers = OaiPages.papers("2026-01", 300, 60);
        String first = "/oai?verb=ListRecords&metadataPrefix=arXivRaw&set=cs%3Acs%3ACL&from=2026-02-10";
        String expires = "2099-01-01T00:00:00Z";
        arxiv.script(first, Reply.ok(OaiPages.page(papers.subList(0, 20), "cl20", expires)));
        arxiv.script(tokenPath("cl20"), Reply.hang(), Reply.ok(OaiPages.page(papers.subList(20, 40), "cl40", expires)));
        arxiv.script(tokenPath("cl40"), Reply.ok(OaiPages.page(papers.subList(40, 60), null, null)));
        long id = start("{\"from\":\"2026-02-10\",\"sets\":[\"cs:cs:CL\"]}");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !arxiv.requests(tokenPath("cl20")).isEmpty());
        given().when().post("/backfills/" + id + "/pause").then().statusCode(200).body("state", is("paused"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> given().when().get("/backfills/" + id).then().extract()
                .jsonPath().getInt("done") == 40);
        given().when().get("/backfills/" + id).then().body("state", is("paused")).body("hasResumptionToken", is(true));
        assertThat(arxiv.requests(tokenPath("cl40"))).as("nothing fetched after the pause").isEmpty();

        given().when().post("/backfills/" + id + "/resume").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> state(id).equals("done"));
        Set<String> ids = papers.stream().map(p -> p.get("id").asText()).collect(Collectors.toSet());
        assertThat(CandidateTopic.read(ids)).hasSize(60);
        assertThat(arxiv.requests(first)).hasSize(1);
    }

    @Test
    void noRecordsMatchEndsTheSetQuietly() {
        arxiv.script("/oai?verb=ListRecords&metadataPrefix=arXivRaw&set=physics%3Ahep-lat",
                Reply.ok(dev.spectrum.ingest.arxiv.Fixtures.bytes("oai-listrecords-noRecordsMatch.xml")));
        long id = start("{\"from\":\"2015-01-17\",\"until\":\"2015-01-17\",\"sets\":[\"physics:hep-lat\"]}");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> state(id).equals("done"));
        given().when().get("/backfills/" + id).then().body("done", is(0)).body("error", org.hamcrest.Matchers.nullValue());
    }
}
