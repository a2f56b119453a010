package dev.spectrum.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spectrum.events.AnnounceType;
import dev.spectrum.events.Author;
import dev.spectrum.events.Link;
import dev.spectrum.events.PaperCandidate;
import dev.spectrum.events.PaperEvents;
import dev.spectrum.events.Source;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * Real papers from the shared arxiv-stream (system property {@code spectrum.shared}), turned into candidates as the
 * ingest service would publish them.
 */
public final class StreamPapers {

    private StreamPapers() {
    }

    public static Path shared() {
        String dir = System.getProperty("spectrum.shared");
        if (dir == null) {
            throw new IllegalStateException("system property spectrum.shared is not set (surefire sets it)");
        }
        return Path.of(dir);
    }

    /** Papers of one month file that pass the filter, skipping the first {@code skip} that pass, at most {@code limit}. */
    public static List<PaperCandidate> month(String month, Predicate<JsonNode> filter, int skip, int limit) {
        Path file = shared().resolve("data/arxiv-stream/" + month + ".jsonl.gz");
        List<PaperCandidate> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            String line;
            int passed = 0;
            while ((line = in.readLine()) != null && out.size() < limit) {
                JsonNode n = PaperEvents.mapper().readTree(line);
                if (filter.test(n) && passed++ >= skip) {
                    out.add(candidate(n, 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static List<PaperCandidate> month(String month, int skip, int limit) {
        return month(month, n -> true, skip, limit);
    }

    /** Whether the title or abstract contains the phrase (case-insensitive). */
    public static Predicate<JsonNode> mentions(String phrase) {
        String p = phrase.toLowerCase();
        return n -> (n.path("title").asText() + " " + n.path("abstract").asText()).toLowerCase().contains(p);
    }

    public static PaperCandidate candidate(JsonNode n, int version) {
        String id = n.path("id").asText();
        LocalDate announced = LocalDate.parse(n.path("announced").asText());
        List<Author> authors = new ArrayList<>();
        n.path("authors").forEach(a -> authors.add(Author.of(a.asText())));
        List<String> categories = new ArrayList<>();
        n.path("categories").forEach(c -> categories.add(c.asText()));
        Instant submitted = announced.minusDays(2).atStartOfDay().toInstant(ZoneOffset.UTC);
        return new PaperCandidate(PaperCandidate.SCHEMA_VERSION, id, version, n.path("title").asText(),
                n.path("abstract").asText(null), authors, categories, submitted, submitted, announced,
                n.path("comment").isNull() ? null : n.path("comment").asText(null), null, null,
                List.of(new Link("abs", "https://arxiv.org/abs/" + id + "v" + version),
                        new Link("pdf", "https://arxiv.org/pdf/" + id + "v" + version)),
                AnnounceType.NEW, Source.REPLAY, Instant.now());
    }

    /** The same paper as a later version, with a changed title and abstract, announced some days later. */
    public static PaperCandidate revision(PaperCandidate c, int version, String title, String abstractText) {
        LocalDate announced = c.announced().plusDays(7L * (version - 1));
        Instant updated = announced.minusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return new PaperCandidate(c.schemaVersion(), c.arxivId(), version, title, abstractText, c.authors(),
                c.categories(), c.submitted(), updated, announced, "v" + version + ": revised", c.journalRef(),
                c.doi(), c.links(), AnnounceType.REPLACE, c.source(), Instant.now());
    }
}
