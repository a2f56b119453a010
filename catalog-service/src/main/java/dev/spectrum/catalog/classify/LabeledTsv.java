package dev.spectrum.catalog.classify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a labelled TSV (header with {@code arxiv_id}, {@code title}, {@code abstract}, {@code labels} and optionally
 * {@code relevant}; other columns ignored) and writes its cells. A field may be quoted the way spreadsheet and
 * Python {@code csv} writers quote (the shared labelled files do): a field that starts with {@code "} ends at the
 * closing quote, {@code ""} inside it is one quote, and it may hold tabs and line breaks. A field with a stray quote
 * that does not close before a tab is read as written. Header names and label ids are read without regard to case,
 * and a byte order mark is ignored. {@code relevant} is yes or no (also y/n, true/false, 1/0); a file without it is
 * all relevant. A name ending in {@code .gz} is read gzip-compressed.
 */
public final class LabeledTsv {

    /** One labelled paper; {@code labels} as written (may hold non-leaf ids), empty when none. */
    public record Row(String arxivId, String title, String abstractText, boolean relevant, List<String> labels,
            String sample, boolean lowConfidence) {
    }

    private static final Set<String> YES = Set.of("yes", "y", "true", "1");
    private static final Set<String> NO = Set.of("no", "n", "false", "0");

    private LabeledTsv() {
    }

    public static List<Row> read(Path file) {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (file.getFileName().toString().endsWith(".gz")) {
                try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
                    bytes = in.readAllBytes();
                }
            }
            text = new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Records records = new Records(text);
        List<String> header = records.next();
        if (header == null) {
            throw new IllegalArgumentException(file + ": empty file, expected a header line");
        }
        header = header.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        int id = column(header, "arxiv_id", file, true);
        int title = column(header, "title", file, true);
        int abs = column(header, "abstract", file, true);
        int labels = column(header, "labels", file, true);
        int relevant = column(header, "relevant", file, false);
        int sample = column(header, "sample", file, false);
        int confidence = column(header, "confidence", file, false);
        List<Row> rows = new ArrayList<>();
        for (List<String> f; (f = records.next()) != null; ) {
            int line = records.startLine;
            if (f.size() == 1 && f.get(0).isBlank()) {
                continue;
            }
            if (f.size() < header.size()) {
                throw new IllegalArgumentException(file + " line " + line + ": " + f.size() + " fields, header has "
                        + header.size());
            }
            boolean rel = true;
            if (relevant >= 0) {
                String r = f.get(relevant).strip().toLowerCase(Locale.ROOT);
                if (!YES.contains(r) && !NO.contains(r)) {
                    throw new IllegalArgumentException(file + " line " + line + ": relevant must be yes or no, was '"
                            + f.get(relevant) + "'");
                }
                rel = YES.contains(r);
            }
            List<String> ls = new ArrayList<>();
            // ';' separates labels; a ',' too, since no taxonomy id holds one and spreadsheets tend to write it
            for (String l : f.get(labels).split("[;,]")) {
                if (!l.isBlank()) {
                    ls.add(l.strip().toLowerCase(Locale.ROOT));
                }
            }
            rows.add(new Row(f.get(id).strip(), f.get(title).strip(), f.get(abs).strip(), rel, List.copyOf(ls),
                    sample >= 0 ? f.get(sample).strip() : "",
                    confidence >= 0 && f.get(confidence).strip().equalsIgnoreCase("low")));
        }
        return rows;
    }

    /**
     * A field as this reader (and Python's {@code csv}, and spreadsheets) read it back: quoted, with inner quotes
     * doubled, when it holds a quote, tab or line break; as is otherwise.
     */
    public static String cell(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf('"') < 0 && s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static int column(List<String> header, String name, Path file, boolean required) {
        int i = header.indexOf(name);
        if (i < 0 && required) {
            throw new IllegalArgumentException(file + ": header lacks column '" + name + "' (has " + header + ")");
        }
        return i;
    }

    /** Splits the text into records of fields; a quoted field may run over line breaks. */
    private static final class Records {
        private final String text;
        private int pos;
        private int line = 1;
        int startLine;

        Records(String text) {
            this.text = text;
        }

        /** The next record's fields, or null at the end of the text. */
        List<String> next() {
            if (pos >= text.length()) {
                return null;
            }
            startLine = line;
            List<String> fields = new ArrayList<>();
            while (true) {
                String quoted = text.charAt(pos) == '"' ? quoted() : null;
                if (quoted != null) {
                    fields.add(quoted);
                } else {
                    int end = pos;
                    while (end < text.length() && "\t\n\r".indexOf(text.charAt(end)) < 0) {
                        end++;
                    }
                    fields.add(text.substring(pos, end));
                    pos = end;
                }
                if (pos >= text.length()) {
                    return fields;
                }
                char c = text.charAt(pos++);
                if (c == '\t') {
                    continue;
                }
                if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
                    pos++;
                }
                line++;
                return fields;
            }
        }

        /**
         * The quoted field at {@code pos}, leaving {@code pos} after its closing quote; null (and {@code pos} as it
         * was) when the quote does not close right before a tab or the end of a line, or never closes, so that the
         * field reads as written.
         */
        private String quoted() {
            StringBuilder b = new StringBuilder();
            int lines = 0;
            for (int i = pos + 1; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        b.append('"');
                        i++;
                        continue;
                    }
                    if (i + 1 == text.length() || "\t\n\r".indexOf(text.charAt(i + 1)) >= 0) {
                        pos = i + 1;
                        line += lines;
                        return b.toString();
                    }
                    return null;
                }
                if (c == '\n') {
                    lines++;
                }
                b.append(c);
            }
            return null;
        }
    }
}
