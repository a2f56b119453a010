package dev.spectrum.catalog.classify;

import dev.spectrum.events.Taxonomy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Leaf quality over papers with gold labels: top-1 accuracy (the most confident predicted leaf is a gold leaf) and
 * macro F1 (per gold label, F1 of "predicted set holds it" against "gold set holds it", averaged over the labels that
 * occur in the gold sets). A gold label naming an inner node of the taxonomy ({@code architecture}: a curated list
 * that files a paper under the section, not a leaf) is held by any predicted leaf beneath it; an id the taxonomy does
 * not know is held by nothing. Shared by training (cross-validation) and {@link Evaluate}.
 */
public final class LeafMetrics {

    private LeafMetrics() {
    }

    /** @return {top1, macroF1}; predicted lists are ordered most confident first */
    public static double[] compute(List<List<String>> gold, List<List<String>> predicted) {
        if (gold.isEmpty()) {
            return new double[] {0, 0};
        }
        Taxonomy taxonomy = Taxonomy.standard();
        Map<String, Set<String>> under = new HashMap<>();
        Set<String> labels = new LinkedHashSet<>();
        gold.forEach(labels::addAll);
        for (String label : labels) {
            under.put(label, taxonomy.leavesUnder(label));
        }
        int top1 = 0;
        for (int i = 0; i < gold.size(); i++) {
            if (!predicted.get(i).isEmpty() && holds(gold.get(i), predicted.get(i).get(0), under)) {
                top1++;
            }
        }
        double sum = 0;
        for (String label : labels) {
            int tp = 0, fp = 0, fn = 0;
            for (int i = 0; i < gold.size(); i++) {
                boolean g = gold.get(i).contains(label);
                boolean p = predicted.get(i).stream().anyMatch(under.get(label)::contains);
                if (g && p) {
                    tp++;
                } else if (p) {
                    fp++;
                } else if (g) {
                    fn++;
                }
            }
            sum += tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
        }
        return new double[] {top1 / (double) gold.size(), sum / labels.size()};
    }

    private static boolean holds(List<String> gold, String leaf, Map<String, Set<String>> under) {
        for (String label : gold) {
            if (under.get(label).contains(leaf)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Notes for a reader of the figures on gold labels that are not leaves: inner nodes (held by any leaf beneath) and
     * ids the taxonomy does not know (held by nothing), with the number of papers carrying each. Empty when all are
     * leaves.
     */
    public static List<String> notes(List<List<String>> gold) {
        Taxonomy taxonomy = Taxonomy.standard();
        Map<String, Integer> inner = new TreeMap<>();
        Map<String, Integer> unknown = new TreeMap<>();
        for (List<String> labels : gold) {
            for (String label : labels) {
                if (!taxonomy.contains(label)) {
                    unknown.merge(label, 1, Integer::sum);
                } else if (!taxonomy.node(label).orElseThrow().isLeaf()) {
                    inner.merge(label, 1, Integer::sum);
                }
            }
        }
        List<String> notes = new ArrayList<>();
        if (!inner.isEmpty()) {
            notes.add("gold labels naming inner nodes, held by any predicted leaf beneath them: " + inner);
        }
        if (!unknown.isEmpty()) {
            notes.add("gold labels the taxonomy does not know, never matched: " + unknown);
        }
        return notes;
    }
}
