package dev.spectrum.catalog.classify;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The second stage's relevance head over the sentence embedding: one hidden layer of rectified units, one logit. A
 * linear head can only weigh directions of the embedding space; efficient-LLM work is a conjunction (efficiency AND a
 * language model) that a hidden layer can express: cross-validated stream F1 0.802 -> 0.807 (see CLASSIFIER.md).
 */
public final class Mlp {

    private final int inputs;
    /** {@code hidden x inputs}, one unit's weights after another. */
    private final float[] w1;
    private final float[] b1;
    private final float[] w2;
    private final float b2;

    public Mlp(int inputs, float[] w1, float[] b1, float[] w2, float b2) {
        if (w1.length != b1.length * inputs || w2.length != b1.length) {
            throw new IllegalArgumentException("layer sizes disagree");
        }
        this.inputs = inputs;
        this.w1 = w1;
        this.b1 = b1;
        this.w2 = w2;
        this.b2 = b2;
    }

    /** The logit for an input of {@code inputs} values (~25,000 multiply-adds for 384 inputs and 64 units). */
    public double logit(float[] x) {
        return forward(w1, b1, w2, b2, x, null);
    }

    /**
     * The forward pass over weights given apart, shared with the trainer: the logit, and each hidden unit's output in
     * {@code act} when it is not null (the trainer's backward pass reads them).
     */
    public static double forward(float[] w1, float[] b1, float[] w2, double b2, float[] x, double[] act) {
        int inputs = x.length;
        double z = b2;
        for (int h = 0; h < b1.length; h++) {
            double a = b1[h];
            int o = h * inputs;
            for (int i = 0; i < inputs; i++) {
                a += w1[o + i] * x[i];
            }
            double out = a > 0 ? a : 0;
            if (act != null) {
                act[h] = out;
            }
            z += w2[h] * out;
        }
        return z;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(inputs);
        out.writeInt(b1.length);
        for (float[] layer : new float[][] {w1, b1, w2}) {
            for (float v : layer) {
                out.writeFloat(v);
            }
        }
        out.writeFloat(b2);
    }

    static Mlp read(DataInputStream in) throws IOException {
        int inputs = in.readInt();
        int hidden = in.readInt();
        float[][] layers = {new float[hidden * inputs], new float[hidden], new float[hidden]};
        for (float[] layer : layers) {
            for (int i = 0; i < layer.length; i++) {
                layer[i] = in.readFloat();
            }
        }
        return new Mlp(inputs, layers[0], layers[1], layers[2], in.readFloat());
    }
}
