package dev.spectrum.catalog.classify;

import java.util.Arrays;
import java.util.Map;

/**
 * Maps a paper's n-gram counts onto the model vocabulary: sublinear tf times idf, the whole-text block, the title block
 * and the LLM-context block ({@link TextFeatures#LLM}) each scaled to unit length, so that a title-only paper and a
 * full paper look alike to the linear heads.
 *
 * <p>Every paper looks up a few hundred n-grams in a vocabulary of ~300,000, most of them absent; this runs for every
 * candidate, so the lookup is an open-addressing table of 64-bit fingerprints, each beside its id: one probe into one
 * array per n-gram instead of a hash map's chain of objects (the map took ~40% of the first stage).
 */
public final class Vectorizer {

    /**
     * Sparse features: vocabulary indices and values, parallel arrays; {@code namesLlm} when the text names a language
     * model (its LLM-context block is not empty).
     */
    public record Sparse(int[] index, float[] value, boolean namesLlm) {
    }

    /** Slot s: a term's fingerprint at {@code 2s} (0 = empty), its feature id at {@code 2s + 1}, in one cache line. */
    private final long[] table;
    private final int mask;
    private final float[] idf;

    /** @param terms the vocabulary, index = feature id; no two terms may share a fingerprint (checked) */
    public Vectorizer(String[] terms, float[] idf) {
        this.idf = idf;
        int capacity = Integer.highestOneBit(Math.max(2, terms.length) * 4 - 1);
        this.table = new long[2 * capacity];
        this.mask = capacity - 1;
        for (int i = 0; i < terms.length; i++) {
            long f = fingerprint(terms[i]);
            int slot = (int) f & mask;
            while (table[2 * slot] != 0) {
                if (table[2 * slot] == f) {
                    throw new IllegalArgumentException("two terms share a fingerprint: " + terms[i] + ", "
                            + terms[(int) table[2 * slot + 1]]);
                }
                slot = (slot + 1) & mask;
            }
            table[2 * slot] = f;
            table[2 * slot + 1] = i;
        }
    }

    /** The term's feature id, or -1. */
    int id(String term) {
        long f = fingerprint(term);
        int slot = (int) f & mask;
        long at;
        while ((at = table[2 * slot]) != 0) {
            if (at == f) {
                return (int) table[2 * slot + 1];
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    /**
     * FNV-1a over the UTF-16 units, then a murmur3 finaliser so the low bits index the table evenly; never 0 (the
     * empty slot). Two of 300,000 terms share one with probability ~1e-9, and the constructor would refuse them.
     */
    static long fingerprint(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0, n = s.length(); i < n; i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
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
            String key = e.getKey();
            int i = id(key);
            if (i < 0) {
                continue;
            }
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
        return new Sparse(Arrays.copyOf(index, n), Arrays.copyOf(value, n), normLlm > 0);
    }
}
