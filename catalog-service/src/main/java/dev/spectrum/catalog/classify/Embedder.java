package dev.spectrum.catalog.classify;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/** The in-process sentence embedding (quantised all-MiniLM-L6-v2, 384 dims), unit length. Thread-safe. */
public final class Embedder {

    public static final int DIMS = 384;

    private static volatile Embedder shared;

    private final EmbeddingModel model;

    private Embedder() {
        this.model = new AllMiniLmL6V2QuantizedEmbeddingModel();
    }

    /** One model per JVM: the ONNX session is costly to open and safe to share. */
    public static Embedder shared() {
        Embedder e = shared;
        if (e == null) {
            synchronized (Embedder.class) {
                e = shared;
                if (e == null) {
                    e = new Embedder();
                    shared = e;
                }
            }
        }
        return e;
    }

    public float[] embed(String text) {
        float[] v = model.embed(text.isBlank() ? "untitled" : text).content().vector();
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * inv;
        }
        return out;
    }
}
