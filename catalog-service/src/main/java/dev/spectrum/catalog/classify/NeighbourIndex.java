package dev.spectrum.catalog.classify;

import java.util.Arrays;
import java.util.Random;

/**
 * The exact k nearest labelled papers of an embedding, without reading every stored vector in full.
 *
 * <p>A scan of all ~16,500 vectors reads 25 MB per paper: ~3 ms here once the embedding has pushed the vectors out of
 * the caches, a sixth of the second stage. Instead every vector is also kept projected onto the 128 directions that
 * hold most of their energy (an eighth of it stays outside). {@code q·v = Pq·Pv + q'·v'}, where {@code q'} and
 * {@code v'} are the parts outside those directions, and {@code |q'·v'| <= |q'||v'|}: so the projected dot product
 * plus {@code |q'||v'|} bounds each similarity from above, reading a third of the data. Only the vectors whose bound
 * reaches the k-th best similarity found so far (a few hundred) are read in full, and the similarities are computed
 * exactly as a full scan computes them, so the neighbours and similarities are the full scan's, ties going to the
 * earlier paper. Any orthonormal directions keep it exact; good ones only make it faster.
 */
final class NeighbourIndex {

    /** Directions kept: with 128 of 384, a few hundred of 16,500 vectors are read in full for a stream paper. */
    private static final int PROJECTED = 128;
    /** Slack for rounding in the projected products and the bound (errors are ~1e-6 for unit vectors). */
    private static final double MARGIN = 1e-3;
    /** Vectors sampled to find the directions; any orthonormal basis keeps the search exact. */
    private static final int SAMPLE = 2048;

    private final float[][] vectors;
    private final int dims;
    private final int directions;
    /** {@code byDimension[i][r]}: dimension i of direction r; the directions are orthonormal. */
    private final double[][] byDimension;
    /** {@code projected[r][j]}: vector j along direction r, by direction so that the scan is element-wise (SIMD). */
    private final float[][] projected;
    /** Length of each vector's part outside the directions. */
    private final double[] residual;

    /** One neighbour: its position among the indexed vectors and the similarity a full scan computes. */
    record Hit(int index, float similarity) {
    }

    NeighbourIndex(float[][] vectors, int dims) {
        this.vectors = vectors;
        this.dims = dims;
        int n = vectors.length;
        this.directions = Math.min(PROJECTED, dims);
        double[][] basis = leadingDirections(vectors, dims, directions);
        this.byDimension = new double[dims][directions];
        for (int r = 0; r < directions; r++) {
            for (int i = 0; i < dims; i++) {
                byDimension[i][r] = basis[r][i];
            }
        }
        this.projected = new float[directions][n];
        this.residual = new double[n];
        double[] p = new double[directions];
        for (int j = 0; j < n; j++) {
            project(vectors[j], p);
            for (int r = 0; r < directions; r++) {
                projected[r][j] = (float) p[r];
            }
            residual[j] = outside(vectors[j], p);
        }
    }

    /** The k vectors of highest dot product with {@code q}, best first; ties to the lower index. */
    Hit[] nearest(float[] q, int k) {
        int n = vectors.length;
        k = Math.min(k, n);
        if (k == 0) {
            return new Hit[0];
        }
        double[] pq = new double[directions];
        project(q, pq);
        float qOutside = (float) outside(q, pq);
        float[] bound = new float[n];
        for (int r = 0; r < directions; r++) {
            float qr = (float) pq[r];
            float[] column = projected[r];
            for (int j = 0; j < n; j++) {
                bound[j] += column[j] * qr;
            }
        }
        for (int j = 0; j < n; j++) {
            bound[j] += (float) (qOutside * residual[j] + MARGIN);
        }

        Top top = new Top(k);
        // The k highest bounds first: their exact similarities set a k-th best that rules out most of the rest. Their
        // bounds are then spent, so that the pass below does not read them again (the top is full after them).
        for (int j : highest(bound, k)) {
            top.offer(j, similarity(q, vectors[j]));
            bound[j] = Float.NEGATIVE_INFINITY;
        }
        for (int j = 0; j < n; j++) {
            if (bound[j] >= top.floor()) {
                top.offer(j, similarity(q, vectors[j]));
            }
        }
        return top.hits();
    }

    /** The dot product in the order and precision of a scan by dimension: float, dimension 0 first. */
    static float similarity(float[] q, float[] v) {
        float s = 0f;
        for (int i = 0; i < q.length; i++) {
            s += v[i] * q[i];
        }
        return s;
    }

    /** Element-wise over the directions (SIMD), not a reduction per direction, which the JIT leaves scalar. */
    private void project(float[] v, double[] into) {
        Arrays.fill(into, 0);
        for (int i = 0; i < dims; i++) {
            double vi = v[i];
            double[] b = byDimension[i];
            for (int r = 0; r < directions; r++) {
                into[r] += b[r] * vi;
            }
        }
    }

    /** Length of the part of v outside the directions, given its projection onto them. */
    private static double outside(float[] v, double[] projection) {
        double all = 0;
        for (float x : v) {
            all += (double) x * x;
        }
        double in = 0;
        for (double p : projection) {
            in += p * p;
        }
        return Math.sqrt(Math.max(0, all - in));
    }

    /** Indices of the k largest values (k small), any order. */
    private static int[] highest(float[] values, int k) {
        int[] best = new int[k];
        int size = 0;
        int worst = -1;
        for (int j = 0; j < values.length; j++) {
            if (size < k) {
                best[size++] = j;
                if (size == k) {
                    worst = argmin(values, best);
                }
            } else if (values[j] > values[best[worst]]) {
                best[worst] = j;
                worst = argmin(values, best);
            }
        }
        return best;
    }

    private static int argmin(float[] values, int[] at) {
        int w = 0;
        for (int i = 1; i < at.length; i++) {
            if (values[at[i]] < values[at[w]]) {
                w = i;
            }
        }
        return w;
    }

    /**
     * Orthonormal directions close to the leading eigenvectors of the vectors' second moment, by subspace iteration on
     * a sample (deterministic). Rows of the result.
     */
    static double[][] leadingDirections(float[][] vectors, int dims, int count) {
        double[][] m = new double[dims][dims];
        int stride = Math.max(1, vectors.length / SAMPLE);
        double[] v = new double[dims];
        for (int j = 0; j < vectors.length; j += stride) {
            for (int a = 0; a < dims; a++) {
                v[a] = vectors[j][a];
            }
            for (int a = 0; a < dims; a++) {
                double va = v[a];
                double[] row = m[a];
                for (int b = a; b < dims; b++) {
                    row[b] += va * v[b];
                }
            }
        }
        for (int a = 0; a < dims; a++) {
            for (int b = 0; b < a; b++) {
                m[a][b] = m[b][a];
            }
            m[a][a] += 1e-6; // full rank, so that iteration never produces a zero direction
        }
        Random random = new Random(1);
        double[][] q = new double[count][dims];
        for (double[] row : q) {
            for (int i = 0; i < dims; i++) {
                row[i] = random.nextGaussian();
            }
        }
        orthonormalise(q);
        for (int iteration = 0; iteration < 4; iteration++) {
            double[][] next = new double[count][dims];
            for (int r = 0; r < count; r++) {
                double[] from = q[r];
                double[] to = next[r];
                for (int a = 0; a < dims; a++) {
                    double[] row = m[a];
                    double s = 0;
                    for (int b = 0; b < dims; b++) {
                        s += row[b] * from[b];
                    }
                    to[a] = s;
                }
            }
            orthonormalise(next);
            q = next;
        }
        return q;
    }

    /** Modified Gram-Schmidt, twice, so that the rows are orthonormal to rounding. */
    private static void orthonormalise(double[][] rows) {
        for (int pass = 0; pass < 2; pass++) {
            for (int r = 0; r < rows.length; r++) {
                double[] v = rows[r];
                for (int s = 0; s < r; s++) {
                    double[] u = rows[s];
                    double d = 0;
                    for (int i = 0; i < v.length; i++) {
                        d += u[i] * v[i];
                    }
                    for (int i = 0; i < v.length; i++) {
                        v[i] -= d * u[i];
                    }
                }
                double norm = 0;
                for (double x : v) {
                    norm += x * x;
                }
                norm = Math.sqrt(norm);
                for (int i = 0; i < v.length; i++) {
                    v[i] /= norm;
                }
            }
        }
    }

    /** The k best (similarity desc, index asc) seen so far, kept sorted; k is small. */
    private static final class Top {
        private final int[] index;
        private final float[] similarity;
        private int size;

        Top(int k) {
            index = new int[k];
            similarity = new float[k];
        }

        boolean full() {
            return size == index.length;
        }

        float floor() {
            return similarity[size - 1];
        }

        void offer(int j, float s) {
            if (full() && !before(s, j, similarity[size - 1], index[size - 1])) {
                return;
            }
            int at = full() ? size - 1 : size++;
            while (at > 0 && before(s, j, similarity[at - 1], index[at - 1])) {
                similarity[at] = similarity[at - 1];
                index[at] = index[at - 1];
                at--;
            }
            similarity[at] = s;
            index[at] = j;
        }

        private static boolean before(float s, int j, float otherS, int otherJ) {
            return s > otherS || s == otherS && j < otherJ;
        }

        Hit[] hits() {
            Hit[] out = new Hit[size];
            for (int i = 0; i < size; i++) {
                out[i] = new Hit(index[i], similarity[i]);
            }
            return out;
        }
    }
}
