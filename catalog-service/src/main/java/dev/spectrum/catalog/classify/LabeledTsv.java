package dev.spectrum.catalog.classify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads a labelled TSV (header with {@code arxiv_id}, {@code title}, {@code abstract}, {@code labels} and optionally
 * {@code relevant}; other columns ignored). Fields hold no tabs or newlines, so no quoting is interpreted. A file
 * without {@code relevant} is all relevant. A name ending in {@code .gz} is read gzip-compressed.
 */
public final class LabeledTsv {

    /** One labelled paper; {@code labels} as written (may hold non-leaf ids), empty when none. */
    public record Row(String arxivId, String title, String abstractText, boolean relevant, List<String> labels,
            String sample, boolean lowConfidence) {
    }

    private LabeledTsv() {
    }

    public static List<Row> read(Path file) {
        List<String> lines;
        try {
            if (file.getFileName().toString().endsWith(".gz")) {
                try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
                    lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
                }
            } else {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + ": empty file, expected a header line");
        }
        List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
        int id = column(header, "arxiv_id", file, true);
        int title = column(header, "title", file, true);
        int abs = column(header, "abstract", file, true);
        int labels = column(header, "labels", file, true);
        int relevant = column(header, "relevant", file, false);
        int sample = column(header, "sample", file, false);
        int confidence = column(header, "confidence", file, false);
        List<Row> rows = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length < header.size()) {
                throw new IllegalArgumentException(file + " line " + (n + 1) + ": " + f.length + " fields, header has "
                        + header.size());
            }
            boolean rel = true;
            if (relevant >= 0) {
                String r = f[relevant].strip().toLowerCase(Locale.ROOT);
                if (!r.equals("yes") && !r.equals("no")) {
                    throw new IllegalArgumentException(file + " line " + (n + 1) + ": relevant must be yes or no, was '"
                            + f[relevant] + "'");
                }
                rel = r.equals("yes");
            }
            List<String> ls = new ArrayList<>();
            for (String l : f[labels].split(";")) {
                if (!l.isBlank()) {
                    ls.add(l.strip());
                }
            }
            rows.add(new Row(f[id].strip(), f[title].strip(), f[abs].strip(), rel, List.copyOf(ls),
                    sample >= 0 ? f[sample].strip() : "", confidence >= 0 && f[confidence].strip().equals("low")));
        }
        return rows;
    }

    private static int column(List<String> header, String name, Path file, boolean required) {
        int i = header.indexOf(name);
        if (i < 0 && required) {
            throw new IllegalArgumentException(file + ": header lacks column '" + name + "' (has " + header + ")");
        }
        return i;
    }
}
