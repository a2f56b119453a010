package dev.spectrum.catalog.classify;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The trained cascade as stored in {@code model/spectrum-clf.bin.gz}: the n-gram vocabulary with idf, linear heads
 * (head 0 = first-stage relevance over n-grams, then one head per leaf over n-grams and embedding), the second-stage
 * relevance head over the embedding, calibration and thresholds, and the labelled papers used as neighbours.
 */
public final class Model {

    public static final String RESOURCE = "/model/spectrum-clf.bin.gz";
    private static final int MAGIC = 0x5350_4336;

    public static final int STAGE1 = 0;
    public static final int FIRST_LEAF = 1;

    /**
     * Every tunable of the model; the trainer chooses them and the classifier obeys them. {@code stack} holds the
     * weights of the calibrated second-stage score over {@link SpectrumClassifier#stackFeatures} and its bias. A paper
     * known by its title alone has its own stage-1 cut and relevance threshold ({@code titleReject},
     * {@code titleAbove}): arXiv always carries an abstract, so a bare title comes from a curated list or a person, not
     * from the stream whose prior the full-text threshold reflects.
     */
    public record Params(float embScale, int embChars, double stage1Reject, double stage1PlattA,
            double stage1PlattB, double[] stack, double relevantAbove, double leafAlpha, double leafAbove, int knnK,
            double titleReject, double titleAbove) {
    }

    /** A labelled paper kept for nearest-neighbour evidence and votes; leaves empty for negatives. */
    public record Labelled(String arxivId, String title, boolean relevant, List<String> leaves, float[] vector) {
    }

    public final String version;
    public final String[] leaves;
    public final String[] terms;
    public final float[] idf;
    public final float[][] lex;
    public final float[][] emb;
    public final float[] bias;
    /** Second-stage relevance over the embedding alone; stacked with head 0 and the neighbours' vote. */
    public final Mlp relevance;
    public final Params params;
    public final List<Labelled> labelled;

    public Model(String version, String[] leaves, String[] terms, float[] idf, float[][] lex, float[][] emb,
            float[] bias, Mlp relevance, Params params, List<Labelled> labelled) {
        this.version = version;
        this.leaves = leaves;
        this.terms = terms;
        this.idf = idf;
        this.lex = lex;
        this.emb = emb;
        this.bias = bias;
        this.relevance = relevance;
        this.params = params;
        this.labelled = List.copyOf(labelled);
    }

    public int heads() {
        return bias.length;
    }

    public void write(OutputStream raw) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(raw, 1 << 16);
        DataOutputStream out = new DataOutputStream(gz);
        out.writeInt(MAGIC);
        out.writeUTF(version);
        out.writeInt(leaves.length);
        for (String l : leaves) {
            out.writeUTF(l);
        }
        out.writeInt(terms.length);
        for (int i = 0; i < terms.length; i++) {
            out.writeUTF(terms[i]);
            out.writeFloat(idf[i]);
        }
        out.writeInt(bias.length);
        for (int h = 0; h < bias.length; h++) {
            out.writeFloat(bias[h]);
            // 16-bit weights with a per-head scale: a quarter of the error of the tf-idf rounding, half the bytes
            float max = 0;
            for (float w : lex[h]) {
                max = Math.max(max, Math.abs(w));
            }
            float scale = max > 0 ? max / Short.MAX_VALUE : 1;
            out.writeFloat(scale);
            for (float w : lex[h]) {
                out.writeShort(Math.round(w / scale));
            }
            for (float w : emb[h]) {
                out.writeFloat(w);
            }
        }
        relevance.write(out);
        Params p = params;
        out.writeFloat(p.embScale());
        out.writeInt(p.embChars());
        for (double d : new double[] {p.stage1Reject(), p.stage1PlattA(), p.stage1PlattB(), p.relevantAbove(),
                p.leafAlpha(), p.leafAbove(), p.titleReject(), p.titleAbove()}) {
            out.writeDouble(d);
        }
        out.writeInt(p.stack().length);
        for (double d : p.stack()) {
            out.writeDouble(d);
        }
        out.writeInt(p.knnK());
        out.writeInt(labelled.size());
        for (Labelled l : labelled) {
            out.writeUTF(l.arxivId());
            out.writeUTF(l.title());
            out.writeBoolean(l.relevant());
            out.writeUTF(String.join(";", l.leaves()));
            for (float v : l.vector()) {
                out.writeShort(Math.round(v * Short.MAX_VALUE));
            }
        }
        out.flush();
        gz.finish();
    }

    public static Model read(InputStream raw) throws IOException {
        // Buffered after inflating: DataInputStream reads a short or a float a byte at a time, and each byte read from
        // the inflater directly is a call into zlib (27 million of them: 5 s of the service's start).
        DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16));
        if (in.readInt() != MAGIC) {
            throw new IOException("not a Spectrum classifier model");
        }
        String version = in.readUTF();
        String[] leaves = new String[in.readInt()];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = in.readUTF();
        }
        int v = in.readInt();
        String[] terms = new String[v];
        float[] idf = new float[v];
        for (int i = 0; i < v; i++) {
            terms[i] = in.readUTF();
            idf[i] = in.readFloat();
        }
        int heads = in.readInt();
        float[] bias = new float[heads];
        float[][] lex = new float[heads][v];
        float[][] emb = new float[heads][Embedder.DIMS];
        for (int h = 0; h < heads; h++) {
            bias[h] = in.readFloat();
            float scale = in.readFloat();
            for (int i = 0; i < v; i++) {
                lex[h][i] = in.readShort() * scale;
            }
            for (int i = 0; i < Embedder.DIMS; i++) {
                emb[h][i] = in.readFloat();
            }
        }
        Mlp relevance = Mlp.read(in);
        float embScale = in.readFloat();
        int embChars = in.readInt();
        double[] d = new double[8];
        for (int i = 0; i < d.length; i++) {
            d[i] = in.readDouble();
        }
        double[] stack = new double[in.readInt()];
        for (int i = 0; i < stack.length; i++) {
            stack[i] = in.readDouble();
        }
        int knnK = in.readInt();
        Params params = new Params(embScale, embChars, d[0], d[1], d[2], stack, d[3], d[4], d[5], knnK, d[6], d[7]);
        int n = in.readInt();
        List<Labelled> labelled = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = in.readUTF();
            String title = in.readUTF();
            boolean relevant = in.readBoolean();
            String ls = in.readUTF();
            float[] vec = new float[Embedder.DIMS];
            for (int j = 0; j < vec.length; j++) {
                vec[j] = in.readShort() / (float) Short.MAX_VALUE;
            }
            labelled.add(new Labelled(id, title, relevant, ls.isEmpty() ? List.of() : List.of(ls.split(";")), vec));
        }
        return new Model(version, leaves, terms, idf, lex, emb, bias, relevance, params, labelled);
    }
}
