package dev.spectrum.catalog.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.spectrum.events.Evidence;
import dev.spectrum.events.LeafScore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped model, loaded as the service loads it, on real papers of the repository's labelled files. */
class SpectrumClassifierTest {

    private static SpectrumClassifier classifier;
    private static Map<String, LabeledTsv.Row> labelled;

    @BeforeAll
    static void load() throws Exception {
        classifier = SpectrumClassifier.load();
        labelled = new HashMap<>();
        try (Stream<Path> files = Files.list(Path.of("..", "data", "labeled"))) {
            files.filter(p -> p.toString().endsWith(".tsv")).forEach(
                    f -> LabeledTsv.read(f).forEach(r -> labelled.put(r.arxivId(), r)));
        }
    }

    private static LabeledTsv.Row paper(String id) {
        assertThat(labelled).containsKey(id);
        return labelled.get(id);
    }

    @Test
    void kvCacheQuantizationPaperIsRelevantWithItsLeaf() {
        LabeledTsv.Row p = paper("2505.18610"); // PM-KVQ: Progressive Mixed-precision KV Cache Quantization
        Decision d = classifier.classify(p.title(), p.abstractText());

        assertThat(d.relevant()).isTrue();
        assertThat(d.score()).isBetween(0.5, 1.0);
        assertThat(d.leaves()).isNotEmpty();
        assertThat(d.leaves().get(0).id()).isIn("kv-cache", "quantization");
        assertThat(d.modelVersion()).isEqualTo(classifier.modelVersion()).matches("spectrum-clf-\\d{8}-[0-9a-f]{8}");
        List<Double> confidences = d.leaves().stream().map(LeafScore::confidence).toList();
        assertThat(confidences).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void medicalImageRegistrationIsNotRelevant() {
        LabeledTsv.Row p = paper("2503.12868"); // UniReg: Foundation Model for Controllable Medical Image Registration
        Decision d = classifier.classify(p.title(), p.abstractText());

        assertThat(d.relevant()).isFalse();
        assertThat(d.score()).isBetween(0.0, 0.5);
        assertThat(d.leaves()).isEmpty();
    }

    @Test
    void codedCachingThatNamesNoLanguageModelIsNotEfficientLlmWorkButAnLlmKvCacheIs() {
        // development papers (never trained on): wireless coded caching, whose words are those of KV-cache work
        for (String id : List.of("2601.10505", "2601.10484")) {
            LabeledTsv.Row p = paper(id);
            Decision d = classifier.classify(p.title(), p.abstractText());
            assertThat(d.relevant()).as(p.title()).isFalse();
            assertThat(d.leaves()).isEmpty();
        }

        Decision llm = classifier.classify("Low-Latency KV Cache Compression for Large Language Model Serving",
                "The key-value cache of large language models grows with the context and bounds the batch size of"
                + " serving systems. We compress the cache of each attention head to 2 bits with a per-channel"
                + " quantizer and evict tokens that later queries do not attend to, cutting the memory of long-context"
                + " inference by 6x and raising decoding throughput at the same accuracy.");
        assertThat(llm.relevant()).isTrue();
        assertThat(llm.leaves().get(0).id()).isIn("kv-cache", "quantization");
    }

    @Test
    void titleAloneIsEnough() {
        Decision kivi = classifier.classify("KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache", null);
        assertThat(kivi.relevant()).isTrue();
        assertThat(kivi.leaves().get(0).id()).isIn("kv-cache", "quantization");

        Decision lora = classifier.classify("LoRA: Low-Rank Adaptation of Large Language Models", "");
        assertThat(lora.relevant()).isTrue();
        assertThat(lora.leaves().get(0).id()).isEqualTo("peft");

        Decision registration = classifier.classify(paper("2503.12868").title(), " ");
        assertThat(registration.relevant()).isFalse();
        Decision weather = classifier.classify("Probabilistic Precipitation Nowcasting over the Alps", null);
        assertThat(weather.relevant()).isFalse();
    }

    @Test
    void aTitleWithNothingTheModelKnowsIsNotRelevant() {
        for (String title : List.of("", "A", "Untitled", "\u0000 \uFFFF --- ...")) {
            Decision d = classifier.classify(title, null);
            assertThat(d.relevant()).as("'%s'", title).isFalse();
            assertThat(d.leaves()).isEmpty();
        }
        // while a short real title still is
        assertThat(classifier.classify("Speculative Decoding", null).relevant()).isTrue();
    }

    @Test
    void evaluateWritesOneReadableLinePerPaper(@TempDir Path dir) throws Exception {
        List<LabeledTsv.Row> rows = List.of(paper("2505.18610"), paper("2503.12868"));
        Path out = dir.resolve("decisions.tsv");

        Evaluate.writeDecisions(classifier, rows, out);

        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("arxiv_id\tgold\tpredicted\tscore\tgold_labels\tpredicted_labels\ttitle");
        for (int i = 0; i < rows.size(); i++) {
            String[] f = lines.get(i + 1).split("\t");
            Decision d = classifier.classify(rows.get(i).title(), rows.get(i).abstractText());
            assertThat(f[0]).isEqualTo(rows.get(i).arxivId());
            assertThat(f[1]).isEqualTo(rows.get(i).relevant() ? "yes" : "no");
            assertThat(f[2]).isEqualTo(d.relevant() ? "yes" : "no");
            assertThat(Double.parseDouble(f[3])).isCloseTo(d.score(), offset(0.001));
            assertThat(f[6]).isEqualTo(rows.get(i).title());
        }
    }

    @Test
    void evidenceComesFromThePaperAndFromRealLabelledPapers() {
        LabeledTsv.Row p = paper("2503.23294"); // Cocktail: chunk-adaptive mixed-precision quantization
        Decision d = classifier.classify(p.title(), p.abstractText());
        Evidence e = d.evidence();

        String words = " " + String.join(" ", TextFeatures.words(p.title() + " " + p.abstractText())) + " ";
        assertThat(e.phrases()).isNotEmpty();
        for (String phrase : e.phrases()) {
            if (!phrase.startsWith("[")) { // bracketed cues name vocabularies the paper uses, not one phrase
                assertThat(words).contains(" " + phrase + " ");
            }
        }
        assertThat(e.nearest()).isNotEmpty();
        for (Evidence.Neighbour n : e.nearest()) {
            LabeledTsv.Row known = labelled.get(n.arxivId());
            assertThat(known).as("neighbour %s is a labelled paper", n.arxivId()).isNotNull();
            assertThat(n.title()).isEqualTo(known.title());
            assertThat(n.similarity()).isBetween(-1.0, 1.0);
            assertThat(known.labels()).containsAll(n.leaves());
        }
        assertThat(e.nearest().get(0).similarity()).isGreaterThanOrEqualTo(e.nearest().get(e.nearest().size() - 1)
                .similarity());
    }

    @Test
    void safeToShareBetweenThreads() throws Exception {
        LabeledTsv.Row p = paper("2505.18610");
        Decision alone = classifier.classify(p.title(), p.abstractText());
        List<Thread> threads = new java.util.ArrayList<>();
        List<Decision> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < 5; i++) {
                    seen.add(classifier.classify(p.title(), p.abstractText()));
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertThat(seen).hasSize(20).allSatisfy(d -> assertThat(d).isEqualTo(alone));
    }
}
