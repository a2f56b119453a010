package dev.spectrum.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectrum.events.AnnounceType;
import dev.spectrum.events.PaperCandidate;
import dev.spectrum.events.PaperEvents;
import dev.spectrum.events.Source;
import dev.spectrum.ingest.arxiv.Fixtures;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayReaderTest {

    private static final String LINE = "{\"id\": \"2603.09876\", \"announced\": \"2026-03-10\", \"title\": \"Sparse KV caches, $O(n)$\","
            + " \"authors\": [\"Ada Lovelace\", \"Jos\\u00e9 Ortega\"], \"categories\": [\"cs.CL\", \"cs.LG\"], \"comment\": null,"
            + " \"abstract\": \"We prune.\"}";

    @Test
    void jsonLinesGzipOrNotGiveTheSameValidCandidates(@TempDir Path dir) throws Exception {
        Path plain = dir.resolve("a.jsonl");
        Files.writeString(plain, LINE + "\n\n");
        Path gz = dir.resolve("b.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write((LINE + "\n").getBytes(StandardCharsets.UTF_8));
        }
        List<PaperCandidate> read = new ArrayList<>();
        for (Path file : ReplayReader.files(dir)) {
            ReplayReader.read(file, read::add);
        }
        assertThat(read).hasSize(2);
        PaperCandidate p = read.get(0);
        assertThat(p.arxivId()).isEqualTo("2603.09876");
        assertThat(p.version()).isEqualTo(1);
        assertThat(p.announced()).isEqualTo(LocalDate.of(2026, 3, 10));
        assertThat(p.categories()).containsExactly("cs.CL", "cs.LG");
        assertThat(p.authors()).extracting(a -> a.name()).containsExactly("Ada Lovelace", "José Ortega");
        assertThat(p.comment()).isNull();
        assertThat(p.source()).isEqualTo(Source.REPLAY);
        assertThat(p.announceType()).isEqualTo(AnnounceType.NEW);
        assertThat(PaperEvents.candidateViolations(PaperEvents.writeString(p))).isEmpty();
        assertThat(read.get(1)).usingRecursiveComparison().ignoringFields("harvestedAt").isEqualTo(p);
    }

    @Test
    void aFolderOfRecordedXmlResponsesReplaysEveryEntry(@TempDir Path dir) throws Exception {
        Files.copy(Fixtures.dir().resolve("rss2-all-archives-2024-11-28.xml"), dir.resolve("1-rss.xml"));
        Files.copy(Fixtures.dir().resolve("api-query-all-testing-start0-max10.atom.xml"), dir.resolve("2-api.xml"));
        Files.copy(Fixtures.dir().resolve("oai-listrecords-arXiv-set-cs-2015-01-16.xml"), dir.resolve("3-oai.xml"));
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        List<PaperCandidate> read = new ArrayList<>();
        for (Path file : ReplayReader.files(dir)) {
            ReplayReader.read(file, read::add);
        }
        assertThat(read).hasSize(1504 + 10 + 46);
        assertThat(read).allSatisfy(p -> assertThat(p.source()).isEqualTo(Source.REPLAY));
        assertThat(read.get(0).arxivId()).isEqualTo("2411.17700");
        assertThat(read.get(1504).arxivId()).isEqualTo("2202.12139");
    }

    @Test
    void aBrokenLineSaysWhereItIs(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, LINE + "\n{\"id\": \"not-an-id\", \"title\": \"x\"}\n");
        assertThatThrownBy(() -> ReplayReader.read(file, p -> { })).hasMessageContaining("bad.jsonl line 2")
                .hasMessageContaining("not an arXiv id");
        assertThatThrownBy(() -> ReplayReader.files(dir.resolve("missing"))).hasMessageContaining("does not exist");
    }
}
