package dev.spectrum.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaperEventsTest {

    static PaperCandidate candidate() {
        return new PaperCandidate(PaperCandidate.SCHEMA_VERSION, "2503.01234", 2, "Fast KV-Cache Quantization",
                "We quantize the KV cache.", List.of(new Author("Ada Lovelace", List.of("Analytical Engines Ltd"))),
                List.of("cs.CL", "cs.LG"), Instant.parse("2025-03-01T10:00:00Z"), Instant.parse("2025-03-05T10:00:00Z"),
                LocalDate.parse("2025-03-06"), "12 pages", "ACL 2025", "10.1000/xyz",
                List.of(new Link("abs", "https://arxiv.org/abs/2503.01234v2")), AnnounceType.REPLACE, Source.RSS,
                Instant.parse("2025-03-06T01:00:00Z"));
    }

    static PaperClassified classified() {
        return new PaperClassified(PaperClassified.SCHEMA_VERSION, "evt-1", "2503.01234", 2, true, 0.93,
                List.of(new LeafScore("kv-cache", 0.9), new LeafScore("quantization", 0.7)),
                new Evidence(List.of("kv cache", "quantize"),
                        List.of(new Evidence.Neighbour("2402.02750", "KIVI", 0.81, List.of("kv-cache")))),
                "lexical-1+minilm", Instant.parse("2025-03-06T01:00:01Z"), PaperClassified.Reason.NEW,
                "Fast KV-Cache Quantization", List.of(Author.of("Ada Lovelace")), "We quantize the KV cache.",
                "https://arxiv.org/abs/2503.01234", List.of("cs.CL"), LocalDate.parse("2025-03-06"));
    }

    @Test
    void candidateRoundTripsThroughItsSchema() {
        String json = PaperEvents.writeString(candidate());
        assertThat(PaperEvents.candidateViolations(json)).isEmpty();
        assertThat(json).contains("\"abstract\":\"We quantize the KV cache.\"", "\"announceType\":\"replace\"",
                "\"source\":\"rss\"", "\"announced\":\"2025-03-06\"", "\"submitted\":\"2025-03-01T10:00:00Z\"");
        assertThat(PaperEvents.readCandidate(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(candidate());
    }

    @Test
    void classifiedRoundTripsThroughItsSchema() {
        String json = PaperEvents.writeString(classified());
        assertThat(PaperEvents.classifiedViolations(json)).isEmpty();
        assertThat(json).contains("\"reason\":\"new\"", "\"modelVersion\":\"lexical-1+minilm\"");
        assertThat(PaperEvents.readClassified(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(classified());
    }

    @Test
    void readersTolerateUnknownFields() throws Exception {
        ObjectNode node = (ObjectNode) PaperEvents.mapper().readTree(PaperEvents.write(candidate()));
        node.put("addedInSchemaTwo", "ignored").putObject("nested").put("x", 1);
        PaperCandidate read = PaperEvents.readCandidate(PaperEvents.mapper().writeValueAsBytes(node));
        assertThat(read).isEqualTo(candidate());
    }

    @Test
    void versionedOrPrefixedIdsAreNotCanonicalAndAreRefused() throws Exception {
        for (String id : List.of("2503.01234v2", "arXiv:2503.01234", "math.CA/0611800", "")) {
            ObjectNode node = (ObjectNode) PaperEvents.mapper().readTree(PaperEvents.write(candidate()));
            node.put("arxivId", id);
            assertThatThrownBy(() -> PaperEvents.readCandidate(PaperEvents.mapper().writeValueAsBytes(node)))
                    .isInstanceOf(InvalidEventException.class).hasMessageContaining("arxivId");
        }
        ObjectNode old = (ObjectNode) PaperEvents.mapper().readTree(PaperEvents.write(candidate()));
        old.put("arxivId", "hep-th/9901001");
        assertThat(PaperEvents.readCandidate(PaperEvents.mapper().writeValueAsBytes(old)).arxivId())
                .isEqualTo("hep-th/9901001");
    }

    @Test
    void malformedEventsSayWhatIsWrong() {
        assertThatThrownBy(() -> PaperEvents.readCandidate("{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class).hasMessageStartingWith("event is not valid JSON");
        assertThatThrownBy(() -> PaperEvents.readCandidate("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class).hasMessage("event is not a JSON object");
        assertThatThrownBy(() -> PaperEvents.readCandidate(new byte[0]))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> PaperEvents.readClassified("{\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("eventId").hasMessageContaining("score");
        assertThatThrownBy(() -> PaperEvents.readCandidate(
                PaperEvents.writeString(candidate()).replace("\"replace\"", "\"revised\"").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("announceType");
    }

    @Test
    void aNewerSchemaVersionIsRefusedRatherThanMisread() {
        String json = PaperEvents.writeString(candidate()).replace("\"schemaVersion\":1", "\"schemaVersion\":2");
        assertThatThrownBy(() -> PaperEvents.readCandidate(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("schemaVersion");
    }

    @Test
    void primaryCategoryIsTheFirst() {
        assertThat(candidate().primaryCategory()).isEqualTo("cs.CL");
        assertThat(candidate().absUrl()).isEqualTo("https://arxiv.org/abs/2503.01234");
    }
}
