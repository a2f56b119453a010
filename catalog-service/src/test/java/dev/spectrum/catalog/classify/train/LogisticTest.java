package dev.spectrum.catalog.classify.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spectrum.catalog.classify.Mlp;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The perceptron of the second stage learns what a linear head cannot, and the same seed gives the same weights. */
class LogisticTest {

    /**
     * Relevance is a conjunction of directions (efficiency AND a language model): here positives lie where exactly one
     * of two coordinates is high, a pattern no linear head separates (exclusive or), among 382 noise dimensions.
     */
    private static float[][] exclusiveOr(int n, int[] y, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[n][384];
        for (int i = 0; i < n; i++) {
            boolean a = r.nextBoolean();
            boolean b = r.nextBoolean();
            for (int d = 0; d < 384; d++) {
                x[i][d] = (float) (r.nextGaussian() * 0.1);
            }
            x[i][0] += a ? 1 : -1;
            x[i][1] += b ? 1 : -1;
            y[i] = a != b ? 1 : 0;
        }
        return x;
    }

    @Test
    void learnsAnExclusiveOrThatNoLinearHeadSeparates() {
        int[] y = new int[2000];
        float[][] x = exclusiveOr(y.length, y, 1);
        double[] weight = new double[y.length];
        java.util.Arrays.fill(weight, 1);

        Mlp mlp = Logistic.fitMlp(x, y, weight, 16, 20, 7);

        int[] yTest = new int[500];
        float[][] test = exclusiveOr(yTest.length, yTest, 2);
        int right = 0;
        for (int i = 0; i < test.length; i++) {
            right += (mlp.logit(test[i]) > 0 ? 1 : 0) == yTest[i] ? 1 : 0;
        }
        // a linear head is right on about half of these; the hidden layer on nearly all
        assertThat(right).isGreaterThan(475);

        Mlp again = Logistic.fitMlp(x, y, weight, 16, 20, 7);
        assertThat(again.logit(test[0])).isEqualTo(mlp.logit(test[0]));
    }
}
