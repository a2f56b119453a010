package dev.spectrum.catalog.classify;

import java.util.Arrays;
import java.util.Map;

/**
 * Maps a paper's n-gram counts onto the model vocabulary: sublinear tf times idf, the whole-text block, the title block
 * and the LLM-context block ({@link TextFeatures#LLM}) each scaled to unit length, so that a title-only paper and a
 * full paper look alike to the linear heads.
 */
public final class Vectorizer {

    /** Sparse features: vocabulary indices and values, parallel arrays. */
    public record Sparse(int[] index, float[] value) {
    }

    private final Map<String, Integer> vocab;
    private final float[] idf;
    public Vectorizer(Map<String, Integer> vocab, float[] idf) {
        this.vocab = vocab;
        this.idf = idf;
    }

    public Sparse vector(Map<String, Integer> counts) {
        int size = counts.size();
        int[] index = new int[size];
        float[] value = new float[size];
        byte[] block = new byte[size];
        int n = 0;
        double normAll = 0;
        double normTitle = 0;
        double normLlm = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            Integer i = vocab.get(e.getKey());
            if (i == null) {
                continue;
            }
            String key = e.getKey();
            index[n] = i;
            float v = (float) ((1 + Math.log(e.getValue())) * idf[i]);
            value[n] = v;
            if (key.startsWith(TextFeatures.TITLE)) {
                block[n] = 1;
                normTitle += v * v;
            } else if (key.startsWith(TextFeatures.LLM)) {
                block[n] = 2;
                normLlm += v * v;
            } else {
                normAll += v * v;
            }
            n++;
        }
        float invAll = normAll > 0 ? (float) (1 / Math.sqrt(normAll)) : 0f;
        float invTitle = normTitle > 0 ? (float) (1 / Math.sqrt(normTitle)) : 0f;
        float invLlm = normLlm > 0 ? (float) (1 / Math.sqrt(normLlm)) : 0f;
        for (int k = 0; k < n; k++) {
            value[k] *= block[k] == 1 ? invTitle : block[k] == 2 ? invLlm : invAll;
        }
        return new Sparse(Arrays.copyOf(index, n), Arrays.copyOf(value, n));
    }
}
