package dev.spectrum.notify.matching;

import dev.spectrum.events.Author;
import dev.spectrum.events.LeafScore;
import dev.spectrum.events.PaperClassified;
import dev.spectrum.notify.taxonomy.Taxonomy;
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
    final String joined;
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
        joined = " " + String.join(" ", w) + " ";
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

    boolean has(List<String> term) {
        if (term.size() == 1) {
            return words.contains(term.get(0));
        }
        return joined.contains(" " + String.join(" ", term) + " ");
    }
}
