package dev.spectrum.catalog.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the lexical models and the sentence embedding are given from a paper's text. */
class TextFeaturesTest {

    @Test
    void embeddedTextIsBoundedWhateverTheTitle() {
        String hostile = "efficient quantization of large language models ".repeat(2_000);
        assertThat(TextFeatures.embeddingText(hostile, null, 400)).hasSizeLessThanOrEqualTo(400)
                .startsWith("efficient quantization").doesNotEndWith(" ");
        assertThat(TextFeatures.embeddingText(hostile, "An abstract.", 400)).hasSizeLessThanOrEqualTo(400);
        assertThat(TextFeatures.embeddingText("x".repeat(1_000), "", 400)).hasSize(400);

        // ordinary papers: the whole title, then the abstract cut at a word
        assertThat(TextFeatures.embeddingText(" KIVI: 2bit KV Cache ", " ", 400)).isEqualTo("KIVI: 2bit KV Cache");
        String abs = "We compress the key-value cache. ".repeat(30);
        String text = TextFeatures.embeddingText("KIVI", abs, 400);
        assertThat(text).startsWith("KIVI. We compress").hasSizeLessThanOrEqualTo(400);
        assertThat(abs).contains(text.substring("KIVI. ".length()) + " ");
    }

    @Test
    void wordsDropStopWordsAndLatexAndFoldNumbers() {
        assertThat(TextFeatures.words("The $\\mathcal{O}(n)$ attention of 128 heads in LLMs"))
                .containsExactly("o", "n", "attention", "#", "heads", "llms");
    }
}
