package dev.spectrum.catalog.classify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * {@code Evaluate FILE}: measures the shipped model on a labelled TSV without Kafka, database or CDI, and prints three
 * lines last: relevance precision/recall/F1, leaf top-1 and macro F1, and cost per paper on one thread.
 *
 * <p>Leaves are measured on every row with gold labels, whatever the relevance decision: the leaf ranking is that of
 * the full cascade for the paper, so leaf quality is not mixed up with relevance recall (which the first line shows).
 * Cost is measured on {@link Classifier#classify} alone, the path the service runs, after a warm-up pass.
 */
public final class Evaluate {

    /** The three result lines, computed from decisions; kept apart from the model so the arithmetic can be tested. */
    public record Report(String relevance, String leaves, String cost) {
        @Override
        public String toString() {
            return relevance + "\n" + leaves + "\n" + cost;
        }
    }

    private Evaluate() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: Evaluate FILE.tsv  (columns arxiv_id, title, abstract, labels[, relevant])");
            System.exit(2);
        }
        List<LabeledTsv.Row> rows;
        try {
            rows = LabeledTsv.read(Path.of(args[0]));
        } catch (RuntimeException e) {
            System.err.println("cannot evaluate: " + e.getMessage());
            System.exit(2);
            return;
        }
        long t0 = System.nanoTime();
        SpectrumClassifier classifier = SpectrumClassifier.load();
        System.out.printf(Locale.ROOT, "model %s loaded in %d ms; %d rows%n", classifier.modelVersion(),
                (System.nanoTime() - t0) / 1_000_000, rows.size());
        Report report = run(classifier, rows);
        String out = System.getProperty("spectrum.evaluate.out");
        if (out != null && !out.isBlank()) {
            writeDecisions(classifier, rows, Path.of(out));
            System.out.println("decisions per paper written to " + out);
        }
        System.out.println(report);
    }

    /**
     * Writes one line per paper (gold and predicted relevance, score, leaves, title) so a person can read the errors;
     * {@code -Dspectrum.evaluate.out=FILE}.
     */
    static void writeDecisions(SpectrumClassifier classifier, List<LabeledTsv.Row> rows, Path out) {
        StringBuilder b = new StringBuilder("arxiv_id\tgold\tpredicted\tscore\tgold_labels\tpredicted_labels\ttitle\n");
        for (LabeledTsv.Row r : rows) {
            SpectrumClassifier.Analysis a = classifier.analyse(r.title(), r.abstractText(), true);
            b.append(r.arxivId()).append('\t').append(r.relevant() ? "yes" : "no").append('\t')
                    .append(a.relevant() ? "yes" : "no").append('\t')
                    .append(String.format(Locale.ROOT, "%.3f", a.score())).append('\t')
                    .append(String.join(";", r.labels())).append('\t')
                    .append(String.join(";", a.chosen().stream().map(l -> l.id()).toList())).append('\t')
                    .append(r.title()).append('\n');
        }
        try {
            Files.writeString(out, b);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
    }

    public static Report run(SpectrumClassifier classifier, List<LabeledTsv.Row> rows) {
        // Warm-up: JIT and the ONNX session settle on the first few hundred papers.
        for (int i = 0; i < Math.min(300, rows.size() * 2); i++) {
            LabeledTsv.Row r = rows.get(i % rows.size());
            classifier.classify(r.title(), r.abstractText());
        }
        boolean[] predicted = new boolean[rows.size()];
        double[] ms = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            LabeledTsv.Row r = rows.get(i);
            long s = System.nanoTime();
            Decision d = classifier.classify(r.title(), r.abstractText());
            ms[i] = (System.nanoTime() - s) / 1e6;
            predicted[i] = d.relevant();
        }
        int embedded = 0;
        for (LabeledTsv.Row r : rows) {
            embedded += classifier.analyse(r.title(), r.abstractText(), false).embedded() ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "second stage (embedding) ran for %d of %d papers%n", embedded, rows.size());
        byConfidence(rows, predicted).forEach(System.out::println);
        List<List<String>> predictedLeaves = new ArrayList<>();
        for (LabeledTsv.Row r : rows) {
            List<String> p = new ArrayList<>();
            if (!r.labels().isEmpty()) {
                classifier.analyse(r.title(), r.abstractText(), true).chosen().forEach(l -> p.add(l.id()));
            }
            predictedLeaves.add(p);
        }
        LeafMetrics.notes(rows.stream().map(LabeledTsv.Row::labels).toList()).forEach(System.out::println);
        return report(rows, predicted, predictedLeaves, ms);
    }

    /**
     * Relevance apart for rows whose labeller was sure and rows marked borderline ({@code confidence} column), when the
     * file has both: what a reader needs to tell model errors from label ambiguity. Empty otherwise.
     */
    public static List<String> byConfidence(List<LabeledTsv.Row> rows, boolean[] predicted) {
        List<String> lines = new ArrayList<>();
        for (boolean low : new boolean[] {false, true}) {
            List<LabeledTsv.Row> part = new ArrayList<>();
            boolean[] p = new boolean[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).lowConfidence() == low) {
                    p[part.size()] = predicted[i];
                    part.add(rows.get(i));
                }
            }
            if (part.isEmpty() || part.size() == rows.size()) {
                return List.of();
            }
            List<List<String>> noLeaves = Collections.nCopies(part.size(), List.of());
            lines.add("(labels of " + (low ? "low" : "high") + " confidence) "
                    + report(part, Arrays.copyOf(p, part.size()), noLeaves, new double[0]).relevance());
        }
        return lines;
    }

    /** The metric arithmetic, from gold rows and predictions. */
    public static Report report(List<LabeledTsv.Row> rows, boolean[] predicted, List<List<String>> predictedLeaves,
            double[] ms) {
        int tp = 0, fp = 0, fn = 0, positives = 0;
        for (int i = 0; i < rows.size(); i++) {
            boolean gold = rows.get(i).relevant();
            positives += gold ? 1 : 0;
            if (gold && predicted[i]) {
                tp++;
            } else if (predicted[i]) {
                fp++;
            } else if (gold) {
                fn++;
            }
        }
        boolean noNegatives = positives == rows.size();
        double recall = tp + fn == 0 ? Double.NaN : tp / (double) (tp + fn);
        double precision = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
        double f1 = precision + recall == 0 || Double.isNaN(recall) ? 0 : 2 * precision * recall / (precision + recall);
        String relevance = String.format(Locale.ROOT, "relevance precision=%s recall=%s f1=%s n=%d positives=%d",
                noNegatives ? "na" : num(precision), Double.isNaN(recall) ? "na" : num(recall),
                noNegatives ? "na" : num(f1), rows.size(), positives);

        List<List<String>> gold = new ArrayList<>();
        List<List<String>> pred = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (!rows.get(i).labels().isEmpty()) {
                gold.add(rows.get(i).labels());
                pred.add(predictedLeaves.get(i));
            }
        }
        double[] leaf = LeafMetrics.compute(gold, pred);
        String leaves = gold.isEmpty() ? "leaves top1=na macro_f1=na n=0"
                : String.format(Locale.ROOT, "leaves top1=%s macro_f1=%s n=%d", num(leaf[0]), num(leaf[1]),
                        gold.size());

        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(ms).average().orElse(0);
        String cost = String.format(Locale.ROOT, "cost ms_per_paper mean=%.3f median=%.3f p99=%.3f", mean,
                percentile(sorted, 0.5), percentile(sorted, 0.99));
        return new Report(relevance, leaves, cost);
    }

    private static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%.3f", d);
    }
}
