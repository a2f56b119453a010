package dev.spectrum.catalog.classify.train;

import dev.spectrum.catalog.classify.Vectorizer;
import java.util.Random;

/**
 * Weighted L2-regularised logistic regression over sparse n-gram features plus an optional dense block (the scaled
 * embedding), fitted by AdaGrad SGD in a seeded order so that the same input gives the same weights.
 */
final class Logistic {

    /** One training row: sparse part, dense part (null when absent), target and weight. */
    record Row(Vectorizer.Sparse x, float[] dense, int y, double weight) {
    }

    /** Fitted weights. */
    record Fit(float[] lex, float[] dense, float bias) {
    }

    private Logistic() {
    }

    static Fit fit(Row[] rows, int vocab, int denseDims, double l2, int epochs, double rate, long seed) {
        double[] w = new double[vocab];
        double[] g2 = new double[vocab];
        double[] d = new double[denseDims];
        double[] dg2 = new double[denseDims];
        double b = 0;
        double bg2 = 0;
        int[] order = new int[rows.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        double eps = 1e-8;
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int r : order) {
                Row row = rows[r];
                int[] idx = row.x().index();
                float[] val = row.x().value();
                double z = b;
                for (int k = 0; k < idx.length; k++) {
                    z += w[idx[k]] * val[k];
                }
                if (row.dense() != null) {
                    for (int k = 0; k < denseDims; k++) {
                        z += d[k] * row.dense()[k];
                    }
                }
                double p = 1 / (1 + Math.exp(-z));
                double g = (p - row.y()) * row.weight();
                for (int k = 0; k < idx.length; k++) {
                    int j = idx[k];
                    double grad = g * val[k] + l2 * w[j];
                    g2[j] += grad * grad;
                    w[j] -= rate * grad / Math.sqrt(g2[j] + eps);
                }
                if (row.dense() != null) {
                    for (int k = 0; k < denseDims; k++) {
                        double grad = g * row.dense()[k] + l2 * d[k];
                        dg2[k] += grad * grad;
                        d[k] -= rate * grad / Math.sqrt(dg2[k] + eps);
                    }
                }
                bg2 += g * g;
                b -= rate * g / Math.sqrt(bg2 + eps);
            }
        }
        float[] lex = new float[vocab];
        for (int j = 0; j < vocab; j++) {
            lex[j] = (float) w[j];
        }
        float[] dense = new float[denseDims];
        for (int k = 0; k < denseDims; k++) {
            dense[k] = (float) d[k];
        }
        return new Fit(lex, dense, (float) b);
    }

    /** Platt scaling: a, b minimising weighted log loss of sigmoid(a z + b) by Newton steps. */
    static double[] platt(double[] z, int[] y, double[] weight) {
        double a = 1;
        double b = 0;
        for (int iter = 0; iter < 100; iter++) {
            double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
            for (int i = 0; i < z.length; i++) {
                double p = 1 / (1 + Math.exp(-(a * z[i] + b)));
                double r = (p - y[i]) * weight[i];
                double s = p * (1 - p) * weight[i];
                ga += r * z[i];
                gb += r;
                haa += s * z[i] * z[i];
                hab += s * z[i];
                hbb += s;
            }
            double det = haa * hbb - hab * hab;
            if (Math.abs(det) < 1e-12) {
                break;
            }
            double da = (hbb * ga - hab * gb) / det;
            double db = (haa * gb - hab * ga) / det;
            a -= da;
            b -= db;
            if (Math.abs(da) + Math.abs(db) < 1e-9) {
                break;
            }
        }
        return new double[] {a, b};
    }
}
