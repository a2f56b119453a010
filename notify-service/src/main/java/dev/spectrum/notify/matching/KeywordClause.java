package dev.spectrum.notify.matching;

import java.util.ArrayList;
import java.util.List;

/**
 * One keyword clause: words and "quoted phrases" that must all occur, and -word or -"phrase" exclusions. Each term is
 * kept as its words; a phrase matches its words in sequence.
 */
public record KeywordClause(List<List<String>> required, List<List<String>> excluded) {

    /** Parses a clause; throws {@link IllegalArgumentException} when it has nothing to look for. */
    public static KeywordClause parse(String clause) {
        List<List<String>> required = new ArrayList<>();
        List<List<String>> excluded = new ArrayList<>();
        int i = 0;
        int n = clause.length();
        while (i < n) {
            char c = clause.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            boolean negative = false;
            if (c == '-' && i + 1 < n && !Character.isWhitespace(clause.charAt(i + 1))) {
                negative = true;
                i++;
            }
            String term;
            if (i < n && clause.charAt(i) == '"') {
                int end = clause.indexOf('"', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed quote in keyword clause: " + clause);
                }
                term = clause.substring(i + 1, end);
                i = end + 1;
            } else {
                int end = i;
                while (end < n && !Character.isWhitespace(clause.charAt(end))) {
                    end++;
                }
                term = clause.substring(i, end);
                i = end;
            }
            List<String> words = Text.words(term);
            if (!words.isEmpty()) {
                (negative ? excluded : required).add(List.copyOf(words));
            }
        }
        if (required.isEmpty()) {
            throw new IllegalArgumentException("keyword clause needs at least one word or phrase to look for: " + clause);
        }
        return new KeywordClause(List.copyOf(required), List.copyOf(excluded));
    }

    /** The word the index files this clause under: the longest required one, usually the rarest. */
    public String anchor() {
        String best = "";
        for (List<String> term : required) {
            for (String w : term) {
                if (w.length() > best.length()) {
                    best = w;
                }
            }
        }
        return best;
    }

    boolean matches(PaperView paper) {
        for (List<String> term : required) {
            if (!paper.has(term)) {
                return false;
            }
        }
        for (List<String> term : excluded) {
            if (paper.has(term)) {
                return false;
            }
        }
        return true;
    }
}
