package dev.spectrum.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spectrum.events.AnnounceType;
import dev.spectrum.events.PaperCandidate;
import dev.spectrum.events.PaperEvents;
import dev.spectrum.events.Source;
import dev.spectrum.ingest.CandidateTopic;
import dev.spectrum.ingest.FakeArxiv;
import dev.spectrum.ingest.FakeArxiv.Reply;
import dev.spectrum.ingest.arxiv.Fixtures;
import dev.spectrum.ingest.harvest.Harvests;
import dev.spectrum.ingest.replay.ReplayRunner;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One candidate per (paper, version) whatever the source, published only once Kafka acknowledged it. */
@QuarkusTest
class PublishingTest {

    @Inject
    Harvests harvests;

    @Inject
    CandidatePublisher publisher;

    @Inject
    AgroalDataSource dataSource;

    private final FakeArxiv arxiv = FakeArxiv.get();

    @BeforeEach
    void reset() {
        arxiv.reset();
    }

    @Test
    void samePaperViaRssApiAndReplayIsOneCandidateAndItsV2OneReplace(@TempDir Path dir) throws Exception {
        String id = "2411.17700";
        // RSS: the recorded all-archives feed of 2024-11-28, which lists 2411.17700v1 as new.
        arxiv.script("/rss/", Reply.ok(Fixtures.bytes("rss2-all-archives-2024-11-28.xml")));
        harvests.trigger("rss").get(60, TimeUnit.SECONDS);

        // API: the current serialisation of a single-paper answer, carrying the same paper.
        String api = new String(Fixtures.bytes("api-idlist-1707.08567.atom.xml"), StandardCharsets.UTF_8).replace("1707.08567", id);
        arxiv.script("/api/query?id_list=" + id, Reply.ok(api.getBytes(StandardCharsets.UTF_8)));
        harvests.refetch(List.of(id)).get(60, TimeUnit.SECONDS);

        // Replay: the arxiv-stream JSON Lines form.
        Path jsonl = dir.resolve("one.jsonl");
        Files.writeString(jsonl, "{\"id\": \"" + id + "\", \"announced\": \"2024-11-28\", \"title\": \"Exploring the Impact\","
                + " \"authors\": [\"Jun Cui\"], \"categories\": [\"cs.CY\"], \"comment\": null, \"abstract\": \"This study\"}\n");
        new ReplayRunner(publisher, 100).run(jsonl, ReplayRunner.Mode.FAST, 0, Duration.ZERO);

        List<ConsumerRecord<String, PaperCandidate>> records = CandidateTopic.read(Set.of(id));
        assertThat(records).hasSize(1);
        assertThat(records.get(0).value().source()).isEqualTo(Source.RSS);
        assertThat(records.get(0).value().version()).isEqualTo(1);
        assertThat(records.get(0).value().announceType()).isEqualTo(AnnounceType.NEW);

        // The API now shows v2: exactly one replace candidate, and asking again adds nothing.
        arxiv.script("/api/query?id_list=" + id, Reply.ok(api.replace(id + "v1", id + "v2").getBytes(StandardCharsets.UTF_8)));
        harvests.refetch(List.of(id)).get(60, TimeUnit.SECONDS);
        harvests.refetch(List.of(id)).get(60, TimeUnit.SECONDS);
        records = CandidateTopic.read(Set.of(id));
        assertThat(records).extracting(r -> r.value().version()).containsExactly(1, 2);
        PaperCandidate v2 = records.get(1).value();
        assertThat(v2.announceType()).isEqualTo(AnnounceType.REPLACE);
        assertThat(records.get(1).key()).isEqualTo(id);
        assertThat(PaperEvents.candidateViolations(PaperEvents.writeString(v2))).isEmpty();
    }

    @Test
    void rssDayPublishesEachItemOnceAndRecordsCrossLists() throws Exception {
        arxiv.script("/rss/", Reply.ok(Fixtures.bytes("rss2-all-archives-2024-11-28.xml")));
        harvests.trigger("rss").get(60, TimeUnit.SECONDS);
        harvests.trigger("rss").get(60, TimeUnit.SECONDS);
        // 1504 items, all with distinct (id, version): re-polling the same feed publishes nothing more.
        List<ConsumerRecord<String, PaperCandidate>> all = CandidateTopic.read(Set.of());
        long fromFeed = all.stream().filter(r -> r.value().source() == Source.RSS && r.value().announced() != null
                && r.value().announced().toString().equals("2024-11-28")).count();
        assertThat(fromFeed).isEqualTo(1504);
        assertThat(all.stream().map(r -> r.key() + "v" + r.value().version()).distinct().count()).isEqualTo(all.size());
        // Cross-lists are recorded per watched category of the listing day: 2411.16552 (stat.AP primary) as a cross-list
        // into cs.LG, and 2411.17926 (cs.CR primary) as a new paper also listed under cs.SE.
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT arxiv_id, category, announce_type FROM listing WHERE day = '2024-11-28' AND arxiv_id IN ('2411.16552', '2411.17926')"
                        + " ORDER BY arxiv_id, category")) {
            try (ResultSet rs = ps.executeQuery()) {
                List<String> rows = new java.util.ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                }
                assertThat(rows).containsExactly("2411.16552 cs.LG cross", "2411.17926 cs.SE new");
            }
        }
        for (ConsumerRecord<String, PaperCandidate> r : all) {
            assertThat(PaperEvents.candidateViolations(PaperEvents.writeString(r.value()))).as(r.key()).isEmpty();
        }
    }

    @Test
    void anIntentLeftByACrashIsSentAgainAtTheNextSighting() throws Exception {
        // A crash after the intent was committed and before Kafka acknowledged: the row is pending.
        PaperCandidate orphan = new PaperCandidate(1, "2501.00001", 1, "Orphaned by a crash", "a", List.of(), List.of("cs.LG"),
                null, null, null, null, null, null, List.of(), AnnounceType.NEW, Source.API, Instant.now());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO seen (arxiv_id, version, source) VALUES (?, 1, 'api')")) {
            ps.setString(1, orphan.arxivId());
            ps.executeUpdate();
        }
        // The source did not move its cursor past it, so it presents the paper again: it is sent, not skipped.
        CandidatePublisher.Result again = publisher.publish(List.of(orphan));
        assertThat(again.published()).isEqualTo(1);
        assertThat(publisher.publish(List.of(orphan)).published()).as("now it is published; a third sighting adds nothing").isZero();
        assertThat(CandidateTopic.read(Set.of(orphan.arxivId()))).extracting(r -> r.value().title()).containsExactly("Orphaned by a crash");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM seen WHERE published_at IS NULL AND arxiv_id = '2501.00001'")) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }
}
