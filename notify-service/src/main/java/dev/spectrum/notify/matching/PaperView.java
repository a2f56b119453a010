package dev.spectrum.notify.matching;

import dev.spectrum.events.Author;
import dev.spectrum.events.LeafScore;
import dev.spectrum.events.PaperClassified;
import dev.spectrum.events.Taxonomy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A classified paper prepared once for matching against many subscriptions. */
public final class PaperView {

    final boolean relevant;
    final double score;
    final long leafMask;
    final double[] leafConfidence;
    final Set<String> words;
    private final String[] sequence;
    private final java.util.Map<String, int[]> positions;
    final Set<String> categories;
    final List<Set<String>> authors;

    private PaperView(PaperClassified p, Taxonomy taxonomy) {
        relevant = p.relevant();
        score = p.score();
        leafConfidence = new double[taxonomy.leaves().size()];
        Arrays.fill(leafConfidence, -1);
        long mask = 0;
        for (LeafScore leaf : p.leaves()) {
            int i = taxonomy.leafIndex(leaf.id());
            if (i >= 0) {
                mask |= 1L << i;
                leafConfidence[i] = Math.max(leafConfidence[i], leaf.confidence());
            }
        }
        leafMask = mask;
        List<String> w = new ArrayList<>(Text.words(p.title()));
        w.add("\u0000");
        w.addAll(Text.words(p.abstractText()));
        words = new HashSet<>(w);
        sequence = w.toArray(String[]::new);
        // where each word occurs, so a phrase is checked at its first word's few positions, not by scanning the text
        java.util.Map<String, int[]> at = new java.util.HashMap<>(w.size() * 2);
        for (int i = 0; i < sequence.length; i++) {
            int[] old = at.get(sequence[i]);
            int[] now = old == null ? new int[1] : java.util.Arrays.copyOf(old, old.length + 1);
            now[now.length - 1] = i;
            at.put(sequence[i], now);
        }
        positions = at;
        categories = new HashSet<>();
        for (String c : p.categories()) {
            categories.add(c.toLowerCase(Locale.ROOT));
        }
        authors = new ArrayList<>();
        for (Author a : p.authors()) {
            authors.add(new HashSet<>(Text.words(a.name())));
        }
    }

    public static PaperView of(PaperClassified paper, Taxonomy taxonomy) {
        return new PaperView(paper, taxonomy);
    }

    boolean has(String word) {
        return words.contains(word);
    }

    /** Whether the words occur in this order, next to each other. */
    boolean hasPhrase(String[] phrase) {
        int[] starts = positions.get(phrase[0]);
        if (starts == null) {
            return false;
        }
        for (int start : starts) {
            if (start + phrase.length > sequence.length) {
                break;
            }
            int k = 1;
            while (k < phrase.length && sequence[start + k].equals(phrase[k])) {
                k++;
            }
            if (k == phrase.length) {
                return true;
            }
        }
        return false;
    }
}
