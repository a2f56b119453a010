package dev.spectrum.catalog.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The vocabulary lookup and the feature blocks, on the shipped model's vocabulary. */
class VectorizerTest {

    private static Model model;
    private static Vectorizer vectorizer;

    @BeforeAll
    static void load() {
        model = SpectrumClassifier.load().model();
        vectorizer = new Vectorizer(model.terms, model.idf);
    }

    @Test
    void everyTermFindsItsOwnIdAndNoOtherStringFindsOne() {
        for (int i = 0; i < model.terms.length; i++) {
            assertThat(vectorizer.id(model.terms[i])).as(model.terms[i]).isEqualTo(i);
        }
        int found = 0;
        for (int i = 0; i < 200_000; i++) {
            found += vectorizer.id("zz-not-a-term " + i) >= 0 ? 1 : 0;
        }
        assertThat(found).isZero();
    }

    @Test
    void eachBlockHasUnitLengthAndTheLlmBlockOnlyWhenTheTextNamesOne() {
        String title = "KV cache quantization for long-context inference";
        Vectorizer.Sparse withLlm = vectorizer.vector(TextFeatures.counts(title,
                "We quantize the key-value cache of large language models to 2 bits."));
        Vectorizer.Sparse without = vectorizer.vector(TextFeatures.counts(title,
                "We quantize the key-value cache of a recurrent video tracker to 2 bits."));
        assertThat(withLlm.namesLlm()).isTrue();
        assertThat(without.namesLlm()).isFalse();
        for (Vectorizer.Sparse x : new Vectorizer.Sparse[] {withLlm, without}) {
            Map<String, Double> norms = new java.util.HashMap<>();
            for (int k = 0; k < x.index().length; k++) {
                String term = model.terms[x.index()[k]];
                String block = term.startsWith(TextFeatures.TITLE) ? "title"
                        : term.startsWith(TextFeatures.LLM) ? "llm" : "all";
                norms.merge(block, (double) x.value()[k] * x.value()[k], Double::sum);
            }
            norms.values().forEach(n -> assertThat(n).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5)));
            assertThat(norms.containsKey("llm")).isEqualTo(x.namesLlm());
        }
    }

    @Test
    void twoTermsWithOneFingerprintAreRefused() {
        assertThatThrownBy(() -> new Vectorizer(new String[] {"quantization", "quantization"}, new float[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fingerprint");
    }
}
