package dev.spectrum.ingest.arxiv;

import dev.spectrum.events.Author;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Field conversions shared by the parsers: dates in arXiv's several formats and author lists given as one string. */
final class Texts {

    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT);

    private Texts() {
    }

    static Instant instant(String s) {
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return ZonedDateTime.parse(s, RFC_1123).toInstant();
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(s).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e3) {
                    return null;
                }
            }
        }
    }

    /** The calendar day as written in the value (its own offset), which for arXiv feeds is the US Eastern day. */
    static LocalDate localDate(String s) {
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toLocalDate();
        } catch (DateTimeParseException e) {
            try {
                return ZonedDateTime.parse(s, RFC_1123).toLocalDate();
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(s);
                } catch (DateTimeParseException e3) {
                    return null;
                }
            }
        }
    }

    /** Splits "A, B and C" / "A, B, C" (RSS dc:creator, arXivRaw authors) into names. */
    static List<Author> authors(String s) {
        List<Author> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        for (String part : s.split(",\\s*|\\s+and\\s+")) {
            String name = part.strip();
            if (!name.isEmpty()) {
                out.add(Author.of(name));
            }
        }
        return out;
    }

    static void addCategory(List<String> categories, String category) {
        if (category != null && !category.isBlank() && !categories.contains(category.strip())) {
            categories.add(category.strip());
        }
    }
}
