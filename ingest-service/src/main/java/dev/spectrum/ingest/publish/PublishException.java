package dev.spectrum.ingest.publish;

/** Kafka or PostgreSQL failed during a publish; what was not acknowledged stays pending and is sent again. */
public class PublishException extends RuntimeException {

    /** Candidates of the failed attempt that were acknowledged and marked all the same. */
    final int published;

    public PublishException(String message, Throwable cause) {
        this(message, cause, 0);
    }

    public PublishException(String message, Throwable cause, int published) {
        super(message, cause);
        this.published = published;
    }
}
