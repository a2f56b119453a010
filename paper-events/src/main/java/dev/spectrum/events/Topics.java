package dev.spectrum.events;

/** Kafka topic names, shared by producers, consumers and tests so that they cannot drift apart. */
public final class Topics {

    /** A paper, or a new version of one, seen on arXiv. Keyed by canonical arXiv id. */
    public static final String PAPER_CANDIDATES = "paper-candidates";

    /** The catalog's decision on a paper. Keyed by canonical arXiv id. */
    public static final String PAPER_CLASSIFIED = "paper-classified";

    /** Events the catalog could not read, with the reason in the record headers. */
    public static final String PAPER_CANDIDATES_DLQ = "paper-candidates-dlq";

    /** Events the notifier could not read, with the reason in the record headers. */
    public static final String PAPER_CLASSIFIED_DLQ = "paper-classified-dlq";

    private Topics() {
    }
}
