package dev.spectrum.catalog.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pruned neighbour search returns exactly what a scan of every vector returns, on the shipped model's papers. */
class NeighbourIndexTest {

    private static float[][] vectors;
    private static NeighbourIndex index;

    @BeforeAll
    static void load() throws Exception {
        Model model;
        try (InputStream in = SpectrumClassifier.class.getResourceAsStream(Model.RESOURCE)) {
            model = Model.read(in);
        }
        vectors = model.labelled.stream().map(Model.Labelled::vector).toArray(float[][]::new);
        index = new NeighbourIndex(vectors, Embedder.DIMS);
    }

    /** The reference: every similarity summed dimension by dimension in float, best first, ties to the lower index. */
    private static NeighbourIndex.Hit[] scan(float[][] vs, float[] q, int k) {
        float[] sims = new float[vs.length];
        for (int j = 0; j < vs.length; j++) {
            for (int i = 0; i < q.length; i++) {
                sims[j] += vs[j][i] * q[i];
            }
        }
        return IntStream.range(0, vs.length).boxed()
                .sorted(Comparator.comparingDouble((Integer j) -> -sims[j]).thenComparingInt(j -> j))
                .limit(k).map(j -> new NeighbourIndex.Hit(j, sims[j])).toArray(NeighbourIndex.Hit[]::new);
    }

    private static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / Math.sqrt(n));
        }
        return out;
    }

    @Test
    void findsTheSameNeighboursAsAFullScanForPapersNearLabelledOnesAndForArbitraryDirections() {
        Random random = new Random(7);
        for (int t = 0; t < 300; t++) {
            float[] q;
            if (t % 3 == 2) {
                q = new float[Embedder.DIMS];
                for (int i = 0; i < q.length; i++) {
                    q[i] = (float) random.nextGaussian();
                }
            } else {
                // a labelled paper itself, or one a little away from it: the dense neighbourhoods real papers have
                float[] base = vectors[random.nextInt(vectors.length)];
                q = base.clone();
                for (int i = 0; t % 3 == 1 && i < q.length; i++) {
                    q[i] += (float) (random.nextGaussian() * 0.03);
                }
            }
            q = unit(q);
            NeighbourIndex.Hit[] expected = scan(vectors, q, 25);
            for (int k : new int[] {1, 3, 10, 25}) {
                assertThat(index.nearest(q, k)).as("query %d, k=%d", t, k)
                        .containsExactly(Arrays.copyOf(expected, k));
            }
        }
    }

    @Test
    void tiesGoToTheEarlierPaperAndAskingForMoreThanThereAreGivesAll() {
        float[] a = unit(new float[] {1, 0, 0, 0});
        float[] b = unit(new float[] {0, 1, 0, 0});
        float[][] vs = {b, a, b, a, unit(new float[] {1, 1, 0, 0})};
        NeighbourIndex small = new NeighbourIndex(vs, 4);

        NeighbourIndex.Hit[] hits = small.nearest(a, 10);

        assertThat(hits).extracting(NeighbourIndex.Hit::index).containsExactly(1, 3, 4, 0, 2);
        assertThat(hits).containsExactly(scan(vs, a, 10));
        assertThat(small.nearest(a, 2)).extracting(NeighbourIndex.Hit::index).containsExactly(1, 3);
        assertThat(new NeighbourIndex(new float[0][], 4).nearest(a, 3)).isEmpty();
        assertThat(Arrays.stream(hits).map(NeighbourIndex.Hit::similarity)).containsExactly(1f, 1f,
                NeighbourIndex.similarity(a, vs[4]), 0f, 0f);
    }
}
