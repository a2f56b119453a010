package dev.spectrum.catalog.classify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a title and an abstract into the n-grams the lexical models read: unigrams and bigrams of content words,
 * counted once over the whole text and once more over the title alone (titles carry most of the signal, and many
 * papers are known by their title only).
 */
public final class TextFeatures {

    /**
     * Revision of the features below and of how the trainer builds the cascade on them (the stacker's inputs, the
     * searches for cuts and blends); part of every model version, so that a change here makes a new version.
     */
    public static final int REVISION = 7;

    /** Prefix of n-grams counted over the title block. */
    public static final String TITLE = "t|";

    /**
     * Prefix of the words of a paper that names a language model. Relevance is a conjunction (efficiency AND a large
     * language model), which a linear model over shared n-grams cannot express: "quantization" alone would score a
     * CNN paper like an LLM one. Repeating the words in this block when the text names an LLM lets the model weigh
     * efficiency terms in LLM context apart from the same terms elsewhere.
     */
    public static final String LLM = "l|";

    /** Words that name a language model, lower case as {@link #words} gives them; then prefixes of model names. */
    private static final Set<String> LLM_WORDS = Set.of("llm", "llms", "mllm", "mllms", "vlm", "vlms", "lvlm", "lvlms",
            "vla", "vlas", "chatgpt", "chatbot", "chatbots", "mistral", "mixtral", "vicuna", "moe", "cot");
    private static final List<String> LLM_PREFIXES = List.of("gpt", "llama", "qwen", "deepseek", "gemma");
    /** Word pairs that name one (stop words such as "of" are already gone: chain-of-thought is chain, thought). */
    private static final Set<String> LLM_PAIRS = Set.of("language model", "language models", "foundation model",
            "foundation models", "reasoning model", "reasoning models", "multimodal model", "multimodal models",
            "vision language", "chain thought", "speculative decoding", "mixture experts");
    private static final Set<String> LLM_PAIR_FIRST = Set.of("language", "foundation", "reasoning", "multimodal",
            "vision", "chain", "speculative", "mixture");

    private static final Pattern LATEX_COMMAND = Pattern.compile("\\\\[a-zA-Z]+");
    private static final Pattern SPLIT = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Set<String> STOP = Set.of("a", "an", "the", "of", "and", "or", "in", "on", "for", "to", "with",
            "by", "from", "at", "as", "is", "are", "was", "were", "be", "been", "this", "that", "these", "those", "we",
            "our", "it", "its", "their", "which", "via", "into", "than", "can", "also", "such", "while", "not", "but",
            "both", "has", "have", "had", "using", "use", "used", "based", "show", "results", "paper", "propose",
            "proposed", "method", "approach", "new", "novel", "however", "et", "al", "i", "e", "g");

    private TextFeatures() {
    }

    /** Lower-cased content words in reading order; numbers become {@code #}. */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        String cleaned = LATEX_COMMAND.matcher(text).replaceAll(" ").toLowerCase(Locale.ROOT);
        for (String w : SPLIT.split(cleaned)) {
            if (w.isEmpty() || STOP.contains(w)) {
                continue;
            }
            out.add(isNumber(w) ? "#" : w);
        }
        return out;
    }

    private static boolean isNumber(String w) {
        for (int i = 0; i < w.length(); i++) {
            if (!Character.isDigit(w.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Unigram and bigram counts of a word sequence, under a key prefix. */
    static void ngrams(List<String> words, String prefix, Map<String, Integer> into) {
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (!"#".equals(w)) {
                into.merge(prefix + w, 1, Integer::sum);
            }
            if (i + 1 < words.size()) {
                into.merge(prefix + w + ' ' + words.get(i + 1), 1, Integer::sum);
            }
        }
    }

    /** All n-gram counts of a paper: the whole text, then the title block again under {@link #TITLE}. */
    public static Map<String, Integer> counts(String title, String abstractText) {
        List<String> titleWords = words(title);
        List<String> all = new ArrayList<>(titleWords);
        all.addAll(words(abstractText));
        // Sized for every n-gram a text of this length can give (two per word, the title's twice, the LLM block's), so
        // that the map is never rehashed: growing it by doubling took a tenth of the first stage.
        Map<String, Integer> counts = new LinkedHashMap<>((3 * all.size() + 2 * titleWords.size()) * 4 / 3 + 1);
        ngrams(all, "", counts);
        ngrams(titleWords, TITLE, counts);
        if (namesLlm(all)) {
            for (String w : all) {
                if (!"#".equals(w)) {
                    counts.merge(LLM + w, 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /** Whether the words name a (large) language model or a mechanism only LLMs have; a scan with set lookups. */
    static boolean namesLlm(List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (LLM_WORDS.contains(w) || i + 1 < words.size() && LLM_PAIR_FIRST.contains(w)
                    && LLM_PAIRS.contains(w + ' ' + words.get(i + 1))) {
                return true;
            }
            for (String prefix : LLM_PREFIXES) {
                if (w.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The readable phrase behind a feature key (the title prefix dropped). */
    public static String phrase(String key) {
        return key.startsWith(TITLE) || key.startsWith(LLM) ? key.substring(2) : key;
    }

    /**
     * Text given to the sentence embedding: the title and the start of the abstract, at most {@code maxChars} (cost
     * grows with length, and a hostile 100 KB title must not cost a hundred papers' time).
     */
    public static String embeddingText(String title, String abstractText, int maxChars) {
        String t = title == null ? "" : title.strip();
        if (abstractText == null || abstractText.isBlank()) {
            return t.length() <= maxChars ? t : cutAtSpace(t, maxChars, 0);
        }
        String text = t + ". " + abstractText.strip();
        if (text.length() <= maxChars) {
            return text;
        }
        return cutAtSpace(text, maxChars, t.length());
    }

    /** The first {@code maxChars} of the text, ending at a space when one lies after {@code keep}. */
    private static String cutAtSpace(String text, int maxChars, int keep) {
        int cut = text.lastIndexOf(' ', maxChars);
        return text.substring(0, cut > keep ? cut : maxChars);
    }
}
