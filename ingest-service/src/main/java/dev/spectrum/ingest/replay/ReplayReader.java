package dev.spectrum.ingest.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.spectrum.events.AnnounceType;
import dev.spectrum.events.Author;
import dev.spectrum.events.Link;
import dev.spectrum.events.PaperCandidate;
import dev.spectrum.events.Source;
import dev.spectrum.ingest.arxiv.ArxivId;
import dev.spectrum.ingest.arxiv.ArxivXml;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads recorded papers for replay: JSON Lines as in {@code shared/data/arxiv-stream} (gzip or not: id, announced, title,
 * authors, categories, comment, abstract) and recorded arXiv XML responses (any of the three interfaces). A folder is read
 * file by file in name order. Each paper is handed to the consumer as a {@link Source#REPLAY} candidate.
 */
public final class ReplayReader {

    private static final JsonFactory JSON = new JsonFactory();

    private ReplayReader() {
    }

    /** The files a path stands for, in replay order. */
    public static List<Path> files(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("replay path does not exist: " + path);
        }
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> list = Files.list(path)) {
            return list.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".jsonl") || n.endsWith(".jsonl.gz") || n.endsWith(".xml");
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void read(Path file, Consumer<PaperCandidate> sink) {
        String name = file.getFileName().toString();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            if (name.endsWith(".xml") || name.endsWith(".xml.gz")) {
                Instant now = Instant.now();
                for (PaperCandidate p : ArxivXml.any(in.readAllBytes()).entries()) {
                    sink.accept(new PaperCandidate(p.schemaVersion(), p.arxivId(), p.version(), p.title(), p.abstractText(),
                            p.authors(), p.categories(), p.submitted(), p.updated(), p.announced(), p.comment(), p.journalRef(),
                            p.doi(), p.links(), p.announceType(), Source.REPLAY, now));
                }
                return;
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            String line;
            int lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    sink.accept(jsonLine(line));
                } catch (IOException | IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + " line " + lineNo + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** One arxiv-stream line; streaming parse because the benchmark reads tens of thousands of them. */
    static PaperCandidate jsonLine(String line) throws IOException {
        String id = null;
        String title = null;
        String abstractText = null;
        String comment = null;
        LocalDate announced = null;
        List<Author> authors = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "id" -> id = p.getValueAsString();
                    case "title" -> title = p.getValueAsString();
                    case "abstract" -> abstractText = p.getValueAsString();
                    case "comment" -> comment = t == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                    case "announced" -> announced = t == JsonToken.VALUE_NULL ? null : LocalDate.parse(p.getValueAsString());
                    case "authors" -> {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            authors.add(Author.of(p.getValueAsString()));
                        }
                    }
                    case "categories" -> {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            categories.add(p.getValueAsString());
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
        ArxivId arxivId = ArxivId.parse(id);
        int version = Math.max(1, arxivId.version());
        return new PaperCandidate(PaperCandidate.SCHEMA_VERSION, arxivId.id(), version, title == null ? "" : title, abstractText,
                authors, categories, null, null, announced, comment, null, null,
                List.of(new Link("abs", "https://arxiv.org/abs/" + arxivId.id())),
                version > 1 ? AnnounceType.REPLACE : AnnounceType.NEW, Source.REPLAY, Instant.now());
    }
}
