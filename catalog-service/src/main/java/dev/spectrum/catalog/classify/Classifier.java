package dev.spectrum.catalog.classify;

/**
 * Places a paper into the Efficiency Spectrum taxonomy. Implementations are thread-safe and work on a title alone when
 * there is no abstract.
 */
public interface Classifier {

    /**
     * @param title the paper's title (never null)
     * @param abstractText the abstract, or null/blank when only the title is known
     */
    Decision classify(String title, String abstractText);

    /** The version of the trained model; every stored decision records it. */
    String modelVersion();
}
