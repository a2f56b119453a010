package dev.spectrum.catalog.classify;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The in-process sentence embedding (quantised all-MiniLM-L6-v2 from the langchain4j jar, 384 dims), unit length.
 * One ONNX session per JVM, run on the calling thread only: papers are classified in parallel by the callers, and a
 * session spreading one small text over every core only adds contention. Thread-safe.
 */
public final class Embedder {

    public static final int DIMS = 384;

    private static volatile Embedder shared;

    private final OneThreadModel model;

    private static final class OneThreadModel extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        OneThreadModel(OnnxBertBiEncoder encoder) {
            super(Runnable::run);
            this.encoder = encoder;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return DIMS;
        }
    }

    private Embedder() {
        Class<?> jar = AllMiniLmL6V2QuantizedEmbeddingModel.class;
        try (InputStream onnx = jar.getResourceAsStream("/all-minilm-l6-v2-q.onnx");
                InputStream tokenizer = jar.getResourceAsStream("/all-minilm-l6-v2-q-tokenizer.json")) {
            if (onnx == null || tokenizer == null) {
                throw new IllegalStateException("all-MiniLM-L6-v2-q model files missing from the classpath");
            }
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            OrtSession session = env.createSession(onnx.readAllBytes(), options);
            this.model = new OneThreadModel(new OnnxBertBiEncoder(env, session, tokenizer, PoolingMode.MEAN));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot open the embedding model", e);
        }
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
