package dev.spectrum.catalog.classify.train;

import dev.spectrum.catalog.classify.Mlp;
import dev.spectrum.catalog.classify.Vectorizer;
import java.util.Arrays;
import java.util.Random;

/**
 * The trainer's fitters, each in a seeded order so that the same input gives the same weights: weighted
 * L2-regularised logistic regression over sparse n-grams (AdaGrad SGD), its softmax form over n-grams plus the dense
 * embedding, a one-hidden-layer perceptron over the embedding (Adam), and Newton steps for a few dense features.
 */
final class Logistic {

    /** One training row of the binary model: sparse features, target and weight. */
    record Row(Vectorizer.Sparse x, int y, double weight) {
    }

    /** Fitted weights. */
    record Fit(float[] lex, float[] dense, float bias) {
    }

    private Logistic() {
    }

    static Fit fit(Row[] rows, int vocab, double l2, int epochs, double rate, long seed) {
        double[] w = new double[vocab];
        double[] g2 = new double[vocab];
        double b = 0;
        double bg2 = 0;
        int[] order = new int[rows.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        double eps = 1e-8;
        for (int epoch = 0; epoch < epochs; epoch++) {
            shuffle(order, random);
            for (int r : order) {
                Row row = rows[r];
                int[] idx = row.x().index();
                float[] val = row.x().value();
                double z = b;
                for (int k = 0; k < idx.length; k++) {
                    z += w[idx[k]] * val[k];
                }
                double p = 1 / (1 + Math.exp(-z));
                double g = (p - row.y()) * row.weight();
                for (int k = 0; k < idx.length; k++) {
                    int j = idx[k];
                    double grad = g * val[k] + l2 * w[j];
                    g2[j] += grad * grad;
                    w[j] -= rate * grad / Math.sqrt(g2[j] + eps);
                }
                bg2 += g * g;
                b -= rate * g / Math.sqrt(bg2 + eps);
            }
        }
        float[] lex = new float[vocab];
        for (int j = 0; j < vocab; j++) {
            lex[j] = (float) w[j];
        }
        return new Fit(lex, new float[0], (float) b);
    }

    /** Adam's usual step size; a light L2 penalty, as 25,000 weights are fitted to 33,000 rows; 32 rows a step. */
    private static final double MLP_RATE = 1e-3;
    private static final double MLP_L2 = 1e-4;
    private static final int MLP_BATCH = 32;

    /**
     * A perceptron with one hidden layer of rectified units and a logistic output, over dense rows: weighted logistic
     * loss (weights normalised to mean 1), He-initialised, Adam over mini-batches in a seeded order.
     */
    static Mlp fitMlp(float[][] x, int[] y, double[] weight, int hidden, int epochs, long seed) {
        int n = x.length;
        int in = x[0].length;
        Random random = new Random(seed);
        float[] w1 = new float[hidden * in];
        float[] b1 = new float[hidden];
        float[] w2 = new float[hidden];
        float[] b2 = new float[1];
        double s1 = Math.sqrt(2.0 / in);
        double s2 = Math.sqrt(1.0 / hidden);
        for (int i = 0; i < w1.length; i++) {
            w1[i] = (float) (random.nextGaussian() * s1);
        }
        for (int h = 0; h < hidden; h++) {
            w2[h] = (float) (random.nextGaussian() * s2);
        }
        float[][] params = {w1, b1, w2, b2};
        boolean[] decays = {true, false, true, false};
        double[][] grad = new double[4][];
        double[][] m1 = new double[4][];
        double[][] m2 = new double[4][];
        for (int p = 0; p < 4; p++) {
            grad[p] = new double[params[p].length];
            m1[p] = new double[params[p].length];
            m2[p] = new double[params[p].length];
        }
        double mean = 0;
        for (double w : weight) {
            mean += w;
        }
        mean /= n;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double[] act = new double[hidden];
        long step = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            shuffle(order, random);
            for (int start = 0; start < n; start += MLP_BATCH) {
                for (double[] g : grad) {
                    Arrays.fill(g, 0);
                }
                int end = Math.min(n, start + MLP_BATCH);
                for (int k = start; k < end; k++) {
                    int i = order[k];
                    float[] xi = x[i];
                    double z = Mlp.forward(w1, b1, w2, b2[0], xi, act);
                    double d = (1 / (1 + Math.exp(-z)) - y[i]) * weight[i] / mean;
                    grad[3][0] += d;
                    for (int h = 0; h < hidden; h++) {
                        grad[2][h] += d * act[h];
                        if (act[h] > 0) {
                            double dh = d * w2[h];
                            grad[1][h] += dh;
                            int o = h * in;
                            for (int q = 0; q < in; q++) {
                                grad[0][o + q] += dh * xi[q];
                            }
                        }
                    }
                }
                step++;
                double c1 = 1 - Math.pow(0.9, step);
                double c2 = 1 - Math.pow(0.999, step);
                int size = end - start;
                for (int p = 0; p < 4; p++) {
                    float[] theta = params[p];
                    for (int j = 0; j < theta.length; j++) {
                        double g = grad[p][j] / size + (decays[p] ? MLP_L2 * theta[j] : 0);
                        m1[p][j] = 0.9 * m1[p][j] + 0.1 * g;
                        m2[p][j] = 0.999 * m2[p][j] + 0.001 * g * g;
                        theta[j] -= (float) (MLP_RATE * (m1[p][j] / c1) / (Math.sqrt(m2[p][j] / c2) + 1e-8));
                    }
                }
            }
        }
        return new Mlp(in, w1, b1, w2, b2[0]);
    }

    /** A row for the softmax: its features and the gold classes (target spread evenly over them). */
    record MultiRow(Vectorizer.Sparse x, float[] dense, int[] classes, double weight) {
    }

    /**
     * Multinomial logistic regression (softmax over the classes), AdaGrad SGD in seeded order: the classes compete,
     * so the most probable one is directly what top-1 accuracy rewards. Returns one fit per class.
     */
    static Fit[] fitSoftmax(MultiRow[] rows, int classes, int vocab, int denseDims, double l2, int epochs,
            double rate, long seed) {
        double[][] w = new double[classes][vocab];
        double[][] g2 = new double[classes][vocab];
        double[][] d = new double[classes][denseDims];
        double[][] dg2 = new double[classes][denseDims];
        double[] b = new double[classes];
        double[] bg2 = new double[classes];
        int[] order = new int[rows.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        double eps = 1e-8;
        double[] z = new double[classes];
        double[] g = new double[classes];
        for (int epoch = 0; epoch < epochs; epoch++) {
            shuffle(order, random);
            for (int r : order) {
                MultiRow row = rows[r];
                int[] idx = row.x().index();
                float[] val = row.x().value();
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    double s = b[c];
                    double[] wc = w[c];
                    for (int k = 0; k < idx.length; k++) {
                        s += wc[idx[k]] * val[k];
                    }
                    if (row.dense() != null) {
                        double[] dc = d[c];
                        for (int k = 0; k < denseDims; k++) {
                            s += dc[k] * row.dense()[k];
                        }
                    }
                    z[c] = s;
                    max = Math.max(max, s);
                }
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    z[c] = Math.exp(z[c] - max);
                    sum += z[c];
                }
                double target = 1.0 / row.classes().length;
                for (int c = 0; c < classes; c++) {
                    g[c] = z[c] / sum;
                }
                for (int c : row.classes()) {
                    g[c] -= target;
                }
                for (int c = 0; c < classes; c++) {
                    double gc = g[c] * row.weight();
                    double[] wc = w[c];
                    double[] gc2 = g2[c];
                    for (int k = 0; k < idx.length; k++) {
                        int j = idx[k];
                        double grad = gc * val[k] + l2 * wc[j];
                        gc2[j] += grad * grad;
                        wc[j] -= rate * grad / Math.sqrt(gc2[j] + eps);
                    }
                    if (row.dense() != null) {
                        double[] dc = d[c];
                        double[] dgc = dg2[c];
                        for (int k = 0; k < denseDims; k++) {
                            double grad = gc * row.dense()[k] + l2 * dc[k];
                            dgc[k] += grad * grad;
                            dc[k] -= rate * grad / Math.sqrt(dgc[k] + eps);
                        }
                    }
                    bg2[c] += gc * gc;
                    b[c] -= rate * gc / Math.sqrt(bg2[c] + eps);
                }
            }
        }
        Fit[] fits = new Fit[classes];
        for (int c = 0; c < classes; c++) {
            float[] lex = new float[vocab];
            for (int j = 0; j < vocab; j++) {
                lex[j] = (float) w[c][j];
            }
            float[] dense = new float[denseDims];
            for (int k = 0; k < denseDims; k++) {
                dense[k] = (float) d[c][k];
            }
            fits[c] = new Fit(lex, dense, (float) b[c]);
        }
        return fits;
    }

    /**
     * Weighted logistic regression over a few dense features by Newton steps (Platt scaling when there is one
     * feature; the stacker of the second stage otherwise). Returns the weights followed by the bias.
     */
    static double[] newton(double[][] x, int[] y, double[] weight, double l2) {
        int d = x.length == 0 ? 0 : x[0].length;
        int m = d + 1;
        double[] beta = new double[m];
        for (int iter = 0; iter < 100; iter++) {
            double[] g = new double[m];
            double[][] h = new double[m][m];
            for (int i = 0; i < x.length; i++) {
                double z = beta[d];
                for (int k = 0; k < d; k++) {
                    z += beta[k] * x[i][k];
                }
                double p = 1 / (1 + Math.exp(-z));
                double r = (p - y[i]) * weight[i];
                double s = Math.max(p * (1 - p), 1e-12) * weight[i];
                for (int a = 0; a < m; a++) {
                    double xa = a == d ? 1 : x[i][a];
                    g[a] += r * xa;
                    for (int b = 0; b < m; b++) {
                        h[a][b] += s * xa * (b == d ? 1 : x[i][b]);
                    }
                }
            }
            for (int a = 0; a < d; a++) {
                g[a] += l2 * beta[a];
                h[a][a] += l2;
            }
            h[d][d] += 1e-9;
            double[] step = solve(h, g);
            double change = 0;
            for (int a = 0; a < m; a++) {
                beta[a] -= step[a];
                change += Math.abs(step[a]);
            }
            if (change < 1e-9) {
                break;
            }
        }
        return beta;
    }

    /** Gaussian elimination with partial pivoting; the systems here are at most a handful of unknowns. */
    private static double[] solve(double[][] a0, double[] b0) {
        int n = b0.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = a0[i].clone();
        }
        double[] b = b0.clone();
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
                    piv = r;
                }
            }
            double[] t = a[c];
            a[c] = a[piv];
            a[piv] = t;
            double tb = b[c];
            b[c] = b[piv];
            b[piv] = tb;
            if (Math.abs(a[c][c]) < 1e-15) {
                continue;
            }
            for (int r = c + 1; r < n; r++) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k < n; k++) {
                    a[r][k] -= f * a[c][k];
                }
                b[r] -= f * b[c];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int k = r + 1; k < n; k++) {
                s -= a[r][k] * x[k];
            }
            x[r] = Math.abs(a[r][r]) < 1e-15 ? 0 : s / a[r][r];
        }
        return x;
    }

    /** Fisher-Yates, so that every epoch visits the rows in a new order drawn from the seeded generator. */
    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
