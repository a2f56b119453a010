package dev.spectrum.catalog.classify;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Leaf quality over papers with gold leaves: top-1 accuracy (the most confident predicted leaf is a gold leaf) and
 * macro F1 (per gold leaf, F1 of "predicted set holds it" against "gold set holds it", averaged over the leaves that
 * occur in the gold sets). Shared by training (cross-validation) and {@link Evaluate}.
 */
public final class LeafMetrics {

    private LeafMetrics() {
    }

    /** @return {top1, macroF1}; predicted lists are ordered most confident first */
    public static double[] compute(List<List<String>> gold, List<List<String>> predicted) {
        if (gold.isEmpty()) {
            return new double[] {0, 0};
        }
        int top1 = 0;
        Set<String> leaves = new LinkedHashSet<>();
        for (int i = 0; i < gold.size(); i++) {
            if (!predicted.get(i).isEmpty() && gold.get(i).contains(predicted.get(i).get(0))) {
                top1++;
            }
            leaves.addAll(gold.get(i));
        }
        double sum = 0;
        for (String leaf : leaves) {
            int tp = 0, fp = 0, fn = 0;
            for (int i = 0; i < gold.size(); i++) {
                boolean g = gold.get(i).contains(leaf);
                boolean p = predicted.get(i).contains(leaf);
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
        return new double[] {top1 / (double) gold.size(), sum / leaves.size()};
    }
}
