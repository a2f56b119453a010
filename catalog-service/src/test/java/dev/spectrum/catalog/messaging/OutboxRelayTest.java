package dev.spectrum.catalog.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spectrum.catalog.Ingest;
import dev.spectrum.catalog.StreamPapers;
import dev.spectrum.catalog.TestKafka;
import dev.spectrum.catalog.paper.Paper;
import dev.spectrum.events.PaperCandidate;
import dev.spectrum.events.PaperClassified;
import dev.spectrum.events.PaperEvents;
import dev.spectrum.events.Topics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outbox: decisions committed while the relay is down reach paper-classified once it is back, valid and complete. */
@QuarkusTest
class OutboxRelayTest {

    @Inject
    OutboxRelay relay;

    @AfterEach
    void restart() {
        relay.start();
    }

    @Test
    void eventsCommittedWhileTheRelayIsStoppedAreSentAfterItRestarts() {
        relay.stop();
        List<PaperCandidate> papers = StreamPapers.month("2025-05",
                StreamPapers.mentions("quantiz").and(StreamPapers.mentions("llm")), 0, 12);
        Ingest.viaKafka(papers);
        Set<String> ids = papers.stream().map(PaperCandidate::arxivId).collect(Collectors.toSet());
        // a curator's decision is an event whatever the model said, so the test never depends on the model alone
        String corrected = papers.get(0).arxivId();
        Ingest.correct(corrected, Map.of("relevant", true, "leaves", List.of("quantization", "kv-cache"),
                "curator", "outbox-test", "note", "checked by hand"));

        List<OutboxEvent> pending = rows(ids);
        assertThat(pending).isNotEmpty().allSatisfy(r -> assertThat(r.sentAt).isNull());
        // the relay is stopped: nothing of these papers reaches the topic, however long we wait
        assertThat(TestKafka.read(Topics.PAPER_CLASSIFIED, r -> ids.contains(r.key()), Duration.ofSeconds(3))).isEmpty();

        relay.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(ids).stream().allMatch(r -> r.sentAt != null));
        var records = TestKafka.readAtLeast(Topics.PAPER_CLASSIFIED, r -> ids.contains(r.key()), pending.size(),
                Duration.ofSeconds(20));
        Set<String> sentIds = records.stream().map(r -> PaperEvents.readClassified(r.value()).eventId())
                .collect(Collectors.toSet());
        assertThat(sentIds).containsAll(pending.stream().map(r -> r.eventId.toString()).toList());

        for (var record : records) {
            String json = new String(record.value(), StandardCharsets.UTF_8);
            assertThat(PaperEvents.classifiedViolations(json)).as(json).isEmpty();
            PaperClassified event = PaperEvents.readClassified(record.value());
            assertThat(event.arxivId()).isEqualTo(record.key());
            assertThat(event.link()).isEqualTo("https://arxiv.org/abs/" + event.arxivId());
            assertThat(event.title()).isNotBlank();
            assertThat(event.authors()).isNotEmpty();
            assertThat(event.announced()).isNotNull();
            assertThat(event.modelVersion()).isNotBlank();
            if (event.reason() == PaperClassified.Reason.NEW) {
                assertThat(event.relevant()).isTrue();
                assertThat(event.abstractText()).isNotBlank();
            }
        }
        PaperClassified correction = records.stream().map(r -> PaperEvents.readClassified(r.value()))
                .filter(e -> e.reason() == PaperClassified.Reason.CORRECTED).findFirst().orElse(null);
        Paper shown = QuarkusTransaction.requiringNew().call(() -> Paper.findById(corrected));
        if (correction != null) {
            assertThat(correction.arxivId()).isEqualTo(corrected);
            assertThat(correction.leaves()).extracting(l -> l.id()).containsExactlyInAnyOrder("quantization", "kv-cache");
        } else {
            // the model had already decided exactly this, so the correction changed nothing that is published
            assertThat(shown.leafIds).containsExactlyInAnyOrder("quantization", "kv-cache");
        }
    }

    private static List<OutboxEvent> rows(Set<String> ids) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEvent.<OutboxEvent>list("arxivId in ?1", ids));
    }
}
