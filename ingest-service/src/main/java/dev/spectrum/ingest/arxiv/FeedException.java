package dev.spectrum.ingest.arxiv;

/**
 * A response arXiv sent that we cannot use. {@code retryable} responses (truncated or non-well-formed XML, a transiently
 * empty page) are fetched again; the others (an API error feed, an RSS error channel, a refused DTD) are reported.
 */
public class FeedException extends RuntimeException {

    private final boolean retryable;

    public FeedException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public FeedException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
