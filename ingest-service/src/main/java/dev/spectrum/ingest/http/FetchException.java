package dev.spectrum.ingest.http;

/** A request to arXiv that could not be completed; a retryable one is attempted again by the next run. */
public class FetchException extends RuntimeException {

    private final boolean retryable;

    public FetchException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
