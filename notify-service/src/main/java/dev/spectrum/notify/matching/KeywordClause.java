package dev.spectrum.notify.matching;

import java.util.ArrayList;
import java.util.List;

/**
 * One keyword clause: words and "quoted phrases" that must all occur, and -word or -"phrase" exclusions. Each term is
 * kept as its words; a phrase matches its words in sequence.
 */
public record KeywordClause(List<List<String>> required, List<List<String>> excluded, String[][] requiredTerms,
        String[][] excludedTerms) {

    private KeywordClause(List<List<String>> required, List<List<String>> excluded) {
        this(required, excluded, terms(required), terms(excluded));
    }

    private static String[][] terms(List<List<String>> terms) {
        return terms.stream().map(t -> t.toArray(String[]::new)).toArray(String[][]::new);
    }

    private static boolean has(PaperView paper, String[] term) {
        return term.length == 1 ? paper.has(term[0]) : paper.hasPhrase(term);
    }

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

    /** The word the index files this clause under: its rarest required word, so few papers wake it needlessly. */
    public String anchor() {
        String best = null;
        int bestFrequency = Integer.MAX_VALUE;
        for (List<String> term : required) {
            for (String w : term) {
                int f = WordFrequencies.perMillion(w);
                if (f < bestFrequency || f == bestFrequency && w.length() > best.length()) {
                    best = w;
                    bestFrequency = f;
                }
            }
        }
        return best;
    }

    boolean matches(PaperView paper) {
        for (String[] term : requiredTerms) {
            if (!has(paper, term)) {
                return false;
            }
        }
        for (String[] term : excludedTerms) {
            if (has(paper, term)) {
                return false;
            }
        }
        return true;
    }
}
