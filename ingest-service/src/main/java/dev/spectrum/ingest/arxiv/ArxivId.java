package dev.spectrum.ingest.arxiv;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A canonical arXiv identifier and its version (0 when the source did not say). Accepts both id schemes
 * ({@code 2411.17700v1}, {@code hep-th/9901001v2}), the prefixes {@code arXiv:}, {@code oai:arXiv.org:} and abs URLs, and
 * drops the old-style subject class ({@code math.GT/0309136} becomes {@code math/0309136}).
 */
public record ArxivId(String id, int version) {

    // 4 or 5 digits after the dot: 5-digit ids exist since 1501, and arXiv holds one anomaly (0811.36489) we keep.
    private static final Pattern NEW = Pattern.compile("(\\d{4}\\.\\d{4,5})(?:v(\\d+))?");
    private static final Pattern OLD = Pattern.compile("([a-z][a-z-]*)(?:\\.[a-z-]+)?/(\\d{7})(?:v(\\d+))?");
    private static final String[] PREFIXES = {"https://arxiv.org/abs/", "http://arxiv.org/abs/", "https://arxiv.org/pdf/",
        "http://arxiv.org/pdf/", "oai:arxiv.org:", "arxiv:"};

    public static ArxivId parse(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("missing arXiv id");
        }
        String s = raw.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        for (String prefix : PREFIXES) {
            if (lower.startsWith(prefix)) {
                s = s.substring(prefix.length());
                lower = lower.substring(prefix.length());
                break;
            }
        }
        Matcher m = NEW.matcher(s);
        if (m.matches()) {
            return new ArxivId(m.group(1), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
        }
        m = OLD.matcher(lower);
        if (m.matches()) {
            return new ArxivId(m.group(1) + "/" + m.group(2), m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
        }
        throw new IllegalArgumentException("not an arXiv id: '" + raw + "'");
    }

    /** True when {@code raw} parses as an arXiv id. */
    public static boolean isValid(String raw) {
        try {
            parse(raw);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return version > 0 ? id + "v" + version : id;
    }
}
