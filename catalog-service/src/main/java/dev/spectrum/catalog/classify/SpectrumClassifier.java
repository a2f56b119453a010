package dev.spectrum.catalog.classify;

import dev.spectrum.events.Evidence;
import dev.spectrum.events.LeafScore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trained cascade. Stage 1: a logistic model over title and abstract n-grams, run on every paper, rejects the clear
 * negatives. Stage 2, for the rest: the sentence embedding; a calibrated relevance score stacked from the stage-1
 * logit, an embedding head (one hidden layer) and the nearest labelled papers' verdicts; a softmax over leaf heads
 * (n-grams + embedding) blended with the neighbours' leaves; evidence. Immutable, so thread-safe.
 */
public final class SpectrumClassifier implements Classifier {

    private static final int PHRASES = 6;
    private static final int NEIGHBOURS = 3;

    /** Everything the cascade knows about one paper: {@code ranked} holds every leaf, {@code chosen} the assigned. */
    public record Analysis(boolean relevant, double score, boolean embedded, List<LeafScore> ranked,
            List<LeafScore> chosen, Evidence evidence) {
    }

    private final Model model;
    private final Vectorizer vectorizer;
    private final Embedder embedder;
    /** The labelled papers' embeddings, searched exactly for the nearest ones. */
    private final NeighbourIndex neighbours;
    /**
     * The leaf heads' n-gram weights by term: {@code leafWeights[t * leaves + i]} is leaf i's weight of term t.
     * Ranking the leaves reads every leaf head at each of the paper's few hundred n-grams; head by head that is a
     * cache miss per head and n-gram in 22 arrays of ~330,000 weights, term by term one or two cache lines per n-gram.
     * Stage 1 keeps its own head, which is small enough to stay in cache.
     */
    private final float[] leafWeights;

    public SpectrumClassifier(Model model, Embedder embedder) {
        this.model = model;
        this.vectorizer = new Vectorizer(model.terms, model.idf);
        this.embedder = embedder;
        float[][] vectors = new float[model.labelled.size()][];
        for (int j = 0; j < vectors.length; j++) {
            vectors[j] = model.labelled.get(j).vector();
        }
        this.neighbours = new NeighbourIndex(vectors, Embedder.DIMS);
        int leaves = model.leaves.length;
        int terms = model.terms.length;
        this.leafWeights = new float[terms * leaves];
        for (int i = 0; i < leaves; i++) {
            float[] w = model.lex[Model.FIRST_LEAF + i];
            for (int t = 0; t < terms; t++) {
                leafWeights[t * leaves + i] = w[t];
            }
        }
    }

    /**
     * The model shipped on the classpath under {@code model/}, or the model file named by the system property
     * {@code spectrum.model} (to evaluate a candidate model before it replaces the shipped one).
     */
    public static SpectrumClassifier load() {
        String file = System.getProperty("spectrum.model");
        try (InputStream in = file != null ? java.nio.file.Files.newInputStream(java.nio.file.Path.of(file))
                : SpectrumClassifier.class.getResourceAsStream(Model.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no trained model at " + Model.RESOURCE + "; run Train");
            }
            return new SpectrumClassifier(Model.read(in), Embedder.shared());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + Model.RESOURCE, e);
        }
    }

    public Model model() {
        return model;
    }

    @Override
    public String modelVersion() {
        return model.version;
    }

    @Override
    public Decision classify(String title, String abstractText) {
        Analysis a = analyse(title, abstractText, false);
        return new Decision(a.relevant(), a.score(), a.relevant() ? a.chosen() : List.of(), a.evidence(),
                model.version);
    }

    /**
     * @param full run the second stage even when the first rejects, so that leaves are ranked for every paper
     *     (evaluation of leaves); the relevance decision is the same either way
     */
    public Analysis analyse(String title, String abstractText, boolean full) {
        String t = title == null ? "" : title;
        Map<String, Integer> counts = TextFeatures.counts(t, abstractText);
        Vectorizer.Sparse x = vectorizer.vector(counts);
        Model.Params p = model.params;
        double z1 = stage1(x);
        double p1 = sigmoid(z1);
        boolean titleOnly = abstractText == null || abstractText.isBlank();
        double above = titleOnly ? p.titleAbove() : p.relevantAbove();
        // Nothing the model knows ("", "A", "Untitled"): no evidence of anything, so no relevance either; otherwise the
        // embedding of an empty text lands wherever it lands, sometimes above the bare-title threshold.
        boolean rejected = x.index().length == 0 || p1 < (titleOnly ? p.titleReject() : p.stage1Reject());
        if (rejected && !full) {
            double score = sigmoid(p.stage1PlattA() * z1 + p.stage1PlattB());
            Evidence ev = new Evidence(phrases(Model.STAGE1, x, false), List.of());
            return new Analysis(false, Math.min(score, above * 0.999), false, List.of(), List.of(), ev);
        }
        float[] e = embedder.embed(TextFeatures.embeddingText(t, abstractText, p.embChars()));
        float[] es = new float[e.length];
        for (int i = 0; i < e.length; i++) {
            es[i] = e[i] * p.embScale();
        }
        List<Neighbour> near = nearest(e);
        double zEmb = model.relevance.logit(es);
        double score = rejected ? sigmoid(p.stage1PlattA() * z1 + p.stage1PlattB())
                : sigmoid(linear(p.stack(), stackFeatures(z1, zEmb, relevantShare(near), titleOnly, x)));
        boolean relevant = !rejected && score >= above;
        if (rejected) {
            score = Math.min(score, above * 0.999);
        }

        List<LeafScore> ranked = rankLeaves(x, es, near);
        List<LeafScore> chosen = new ArrayList<>();
        for (LeafScore l : ranked) {
            if (chosen.isEmpty() || l.confidence() >= p.leafAbove()) {
                chosen.add(l);
            }
        }
        List<String> phrases = new ArrayList<>(phrases(Model.STAGE1, x, relevant));
        if (relevant && !chosen.isEmpty()) {
            int head = Model.FIRST_LEAF + leafIndex(chosen.get(0).id());
            Set<String> merged = new LinkedHashSet<>(phrases.subList(0, Math.min(4, phrases.size())));
            merged.addAll(phrases(head, x, true));
            phrases = new ArrayList<>(merged).subList(0, Math.min(PHRASES, merged.size()));
        }
        List<Evidence.Neighbour> shown = new ArrayList<>();
        for (Neighbour n : near.subList(0, Math.min(NEIGHBOURS, near.size()))) {
            shown.add(new Evidence.Neighbour(n.paper.arxivId(), n.paper.title(), round(n.similarity),
                    n.paper.leaves()));
        }
        return new Analysis(relevant, score, true, ranked, chosen, new Evidence(phrases, shown));
    }

    private record Neighbour(Model.Labelled paper, double similarity) {
    }

    private List<Neighbour> nearest(float[] e) {
        NeighbourIndex.Hit[] hits = neighbours.nearest(e, Math.max(model.params.knnK(), NEIGHBOURS));
        List<Neighbour> best = new ArrayList<>(hits.length);
        for (NeighbourIndex.Hit h : hits) {
            best.add(new Neighbour(model.labelled.get(h.index()), h.similarity()));
        }
        return best;
    }

    /** Similarity-weighted share of relevant papers among the k nearest labelled ones. */
    private double relevantShare(List<Neighbour> near) {
        double yes = 0;
        double total = 0;
        for (Neighbour n : near.subList(0, Math.min(model.params.knnK(), near.size()))) {
            double w = Math.max(0, n.similarity);
            w *= w;
            total += w;
            yes += n.paper.relevant() ? w : 0;
        }
        return total > 0 ? yes / total : 0;
    }

    private List<LeafScore> rankLeaves(Vectorizer.Sparse x, float[] es, List<Neighbour> near) {
        String[] leaves = model.leaves;
        double[] knn = new double[leaves.length];
        double total = 0;
        for (Neighbour n : near.subList(0, Math.min(model.params.knnK(), near.size()))) {
            if (!n.paper.relevant() || n.paper.leaves().isEmpty()) {
                continue;
            }
            double w = Math.max(0, n.similarity);
            w *= w;
            total += w;
            for (String leaf : n.paper.leaves()) {
                int i = leafIndex(leaf);
                if (i >= 0) {
                    knn[i] += w;
                }
            }
        }
        double alpha = model.params.leafAlpha();
        double[] z = leafLogits(x, es);
        double max = Double.NEGATIVE_INFINITY;
        for (double zi : z) {
            max = Math.max(max, zi);
        }
        double sum = 0;
        for (int i = 0; i < leaves.length; i++) {
            z[i] = Math.exp(z[i] - max);
            sum += z[i];
        }
        List<LeafScore> ranked = new ArrayList<>(leaves.length);
        for (int i = 0; i < leaves.length; i++) {
            double vote = total > 0 ? knn[i] / total : 0;
            ranked.add(new LeafScore(leaves[i], round(alpha * z[i] / sum + (1 - alpha) * vote)));
        }
        ranked.sort(Comparator.comparingDouble(LeafScore::confidence).reversed());
        return ranked;
    }

    private int leafIndex(String id) {
        String[] leaves = model.leaves;
        for (int i = 0; i < leaves.length; i++) {
            if (leaves[i].equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Every leaf head's logit, term by term over {@link #leafWeights}; each head's sum runs in the order the trainer's
     * runs it (n-grams, then embedding), so the logits are the ones training saw.
     */
    private double[] leafLogits(Vectorizer.Sparse x, float[] es) {
        int leaves = model.leaves.length;
        double[] z = new double[leaves];
        for (int i = 0; i < leaves; i++) {
            z[i] = model.bias[Model.FIRST_LEAF + i];
        }
        int[] idx = x.index();
        float[] val = x.value();
        for (int k = 0; k < idx.length; k++) {
            int at = idx[k] * leaves;
            float v = val[k];
            for (int i = 0; i < leaves; i++) {
                z[i] += leafWeights[at + i] * v;
            }
        }
        for (int i = 0; i < leaves; i++) {
            float[] we = model.emb[Model.FIRST_LEAF + i];
            double zi = z[i];
            for (int d = 0; d < es.length; d++) {
                zi += we[d] * es[d];
            }
            z[i] = zi;
        }
        return z;
    }

    /**
     * The paper's n-grams that pushed the head most towards (or, when {@code towards} is false, away from) yes: the
     * largest positive contributions in order, ties to the earlier n-gram, picked one at a time (a few picks over a
     * few hundred n-grams costs less than sorting them all, and this runs for every paper).
     */
    private List<String> phrases(int head, Vectorizer.Sparse x, boolean towards) {
        float[] w = model.lex[head];
        int[] idx = x.index();
        int n = idx.length;
        double[] contribution = new double[n];
        for (int k = 0; k < n; k++) {
            contribution[k] = w[idx[k]] * x.value()[k] * (towards ? 1 : -1);
        }
        Set<String> out = new LinkedHashSet<>();
        while (out.size() < PHRASES) {
            int best = -1;
            for (int k = 0; k < n; k++) {
                if (contribution[k] > 0 && (best < 0 || contribution[k] > contribution[best])) {
                    best = k;
                }
            }
            if (best < 0) {
                break;
            }
            contribution[best] = 0;
            out.add(TextFeatures.phrase(model.terms[idx[best]]));
        }
        return List.copyOf(out);
    }

    /** The stage-1 logit: head 0 over the n-grams. */
    private double stage1(Vectorizer.Sparse x) {
        float[] w = model.lex[Model.STAGE1];
        double z = model.bias[Model.STAGE1];
        int[] idx = x.index();
        float[] val = x.value();
        for (int k = 0; k < idx.length; k++) {
            z += w[idx[k]] * val[k];
        }
        return z;
    }

    /**
     * Inputs of the second-stage relevance score: the stage-1 logit, the embedding head's logit, the neighbours'
     * relevant share, and whether a paper with an abstract never names a language model. Relevance is efficiency AND
     * an LLM; a linear stage 1 cannot make the absence of an LLM veto efficiency words ("coded caching", "PAC
     * decoding", a vision transformer's linear attention), the stacker can, with a weight learned out of fold.
     */
    public static double[] stackFeatures(double z1, double zEmb, double share, boolean titleOnly, Vectorizer.Sparse x) {
        return new double[] {z1, zEmb, share, !titleOnly && !x.namesLlm() ? 1 : 0};
    }

    /** {@code w·x + bias}, the bias being the weight after the last input. */
    public static double linear(double[] w, double[] x) {
        double z = w[x.length];
        for (int i = 0; i < x.length; i++) {
            z += w[i] * x[i];
        }
        return z;
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double round(double d) {
        return Math.round(d * 10000) / 10000.0;
    }
}
