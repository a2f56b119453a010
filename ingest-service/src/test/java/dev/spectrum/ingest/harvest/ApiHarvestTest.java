package dev.spectrum.ingest.harvest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spectrum.events.PaperCandidate;
import dev.spectrum.ingest.CandidateTopic;
import dev.spectrum.ingest.FakeArxiv;
import dev.spectrum.ingest.FakeArxiv.Reply;
import dev.spectrum.ingest.arxiv.ArxivXml;
import dev.spectrum.ingest.arxiv.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API harvest against recorded API pages: paging, a transiently empty page, error feeds, the cursor. */
@QuarkusTest
class ApiHarvestTest {

    private static final String SE = "/api/query?search_query=cat%3Acs.SE&sortBy=submittedDate&sortOrder=descending";

    @Inject
    Harvests harvests;

    @Inject
    SourceStates states;

    private final FakeArxiv arxiv = FakeArxiv.get();

    @BeforeEach
    void reset() {
        arxiv.reset();
    }

    @Test
    void pagesBackRetryingAnEmptyPageAndPublishesEveryPaper() throws Exception {
        // Every other category and sort order sees the first recorded page; cs.SE by submission date pages through three.
        arxiv.script("/api/query?search_query=", Reply.ok(Fixtures.bytes("api-query-all-testing-start0-max10.atom.xml")));
        arxiv.script(SE + "&start=0&", Reply.ok(Fixtures.bytes("api-query-all-testing-start0-max10.atom.xml")));
        // The second page first comes back empty (totalResults 0): arXiv's known transient fault. It must be fetched again.
        arxiv.script(SE + "&start=10&", Reply.ok(Fixtures.bytes("api-idlist-0000.0000-empty.atom.xml")),
                Reply.ok(Fixtures.bytes("api-query-all-testing-start10-max10.atom.xml")));
        // The third page is the last one: arXiv's total shrank to 30 meanwhile (totals do vary between identical requests).
        arxiv.script(SE + "&start=20&", Reply.ok(new String(Fixtures.bytes("api-query-all-testing-start20-max10.atom.xml"),
                java.nio.charset.StandardCharsets.UTF_8).replace(">214881<", ">30<").getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        harvests.trigger("api").get(120, TimeUnit.SECONDS);

        List<PaperCandidate> expected = Stream.of("start0", "start10", "start20")
                .flatMap(p -> ArxivXml.api(Fixtures.bytes("api-query-all-testing-" + p + "-max10.atom.xml")).entries().stream()).toList();
        Set<String> ids = expected.stream().map(PaperCandidate::arxivId).collect(Collectors.toSet());
        assertThat(ids).hasSize(30);
        List<ConsumerRecord<String, PaperCandidate>> records = CandidateTopic.read(ids);
        assertThat(records.stream().map(ConsumerRecord::key).collect(Collectors.toSet())).isEqualTo(ids);
        assertThat(records).as("one candidate per paper although every category returned the first page").hasSize(30);
        assertThat(arxiv.requests(SE + "&start=10&")).hasSize(2);

        Instant newest = expected.stream().map(PaperCandidate::submitted).max(Instant::compareTo).orElseThrow();
        assertThat(states.cursor("api:cs.SE:submittedDate")).as("all pages back to the end were read").isEqualTo(newest.toString());
        assertThat(Instant.parse(states.cursor("api:cs.LG:submittedDate")))
                .as("more than max-pages of backlog: the cursor must not skip the unread older pages").isBefore(Instant.parse("1990-01-01T00:00:00Z"));
        assertThat(states.get(Harvests.API).lastSuccess).isNotNull();
    }

    @Test
    void aListedPaperLeftUnpublishedIsRefetchedByIdAfterTheFeedRun(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        // A crash left 1605.08386v1 listed today but only as an intent; today's feed no longer carries it.
        String today = java.time.LocalDate.now(java.time.ZoneId.of("America/New_York")).toString();
        var pg = dev.spectrum.localstack.test.PostgresTestResource.server();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                pg.jdbcUrl(dev.spectrum.localstack.test.PostgresTestResource.DATABASE), "postgres", "postgres");
                java.sql.Statement st = c.createStatement()) {
            st.execute("INSERT INTO seen (arxiv_id, version, source) VALUES ('1605.08386', 1, 'rss')");
            st.execute("INSERT INTO listing VALUES ('" + today + "', 'cs.LG', '1605.08386', 1, 'new', 'rss')");
        }
        given().when().get("/coverage?days=1").then().statusCode(200)
                .body("find { it.category == 'cs.LG' }.missing", org.hamcrest.Matchers.is(1));
        arxiv.script("/rss/", Reply.ok(Fixtures.bytes("rss2-test-archive-empty-2024-11-28.xml")));
        arxiv.script("/api/query?id_list=1605.08386", Reply.ok(Fixtures.bytes("api-idlist-1605.08386.atom.xml")));
        harvests.trigger("rss").get(60, TimeUnit.SECONDS);
        assertThat(arxiv.requests("/api/query?id_list=1605.08386")).hasSize(1);
        assertThat(CandidateTopic.read(Set.of("1605.08386"))).extracting(r -> r.value().title())
                .containsExactly(ArxivXml.api(Fixtures.bytes("api-idlist-1605.08386.atom.xml")).entries().get(0).title());
        given().when().get("/coverage?days=1").then().statusCode(200)
                .body("find { it.category == 'cs.LG' }.missing", org.hamcrest.Matchers.is(0))
                .body("find { it.category == 'cs.LG' }.published", org.hamcrest.Matchers.is(1));
    }

    @Test
    void onlyTheReplicaHoldingTheAdvisoryLockHarvests() throws Exception {
        arxiv.script("/rss/", Reply.ok(Fixtures.bytes("rss2-test-archive-empty-2024-11-28.xml")));
        var pg = dev.spectrum.localstack.test.PostgresTestResource.server();
        try (java.sql.Connection otherReplica = java.sql.DriverManager.getConnection(
                pg.jdbcUrl(dev.spectrum.localstack.test.PostgresTestResource.DATABASE), "postgres", "postgres");
                java.sql.Statement st = otherReplica.createStatement()) {
            st.execute("SELECT pg_advisory_lock(4242001)");
            harvests.trigger("rss").get(60, TimeUnit.SECONDS);
            assertThat(arxiv.requests("/rss/")).as("another replica is the harvester").isEmpty();
            st.execute("SELECT pg_advisory_unlock(4242001)");
        }
        harvests.trigger("rss").get(60, TimeUnit.SECONDS);
        assertThat(arxiv.requests("/rss/")).hasSize(1);
    }

    @Test
    void anErrorFeedIsReportedAndMovesNoCursor() throws Exception {
        String before = states.cursor("api:cs.SE:submittedDate");
        arxiv.script("/api/query", Reply.status(400, null, Fixtures.bytes("api-error-malformed-id-abc.http400.atom.xml")));
        harvests.trigger("api").get(60, TimeUnit.SECONDS);
        assertThat(arxiv.requests("/api/query")).as("an error feed is not retried").hasSize(1);
        assertThat(states.cursor("api:cs.SE:submittedDate")).isEqualTo(before);
        given().when().get("/sources").then().statusCode(200)
                .body("find { it.source == 'api' }.lastError", org.hamcrest.Matchers.containsString("incorrect id format for abc"));
    }

    @Test
    void aTruncatedFeedIsRetriedAndAnErrorChannelReported() throws Exception {
        arxiv.script("/rss/", Reply.ok(Fixtures.bytes("atom-cs.AI-2025-08-20-truncated.xml")),
                Reply.ok(Fixtures.bytes("rss2-test-archive-empty-2024-11-28.xml")));
        harvests.trigger("rss").get(60, TimeUnit.SECONDS);
        assertThat(arxiv.requests("/rss/")).hasSize(2);
        assertThat(states.get(Harvests.RSS).lastSuccess).isNotNull();

        arxiv.reset();
        arxiv.script("/rss/", Reply.ok(Fixtures.bytes("rss2-error-bad-archive-astroph.xml")));
        harvests.trigger("rss").get(60, TimeUnit.SECONDS);
        assertThat(states.get(Harvests.RSS).lastError).contains("Bad archive 'astroph'");
        assertThat(arxiv.requests("/rss/")).hasSize(1);
    }
}
