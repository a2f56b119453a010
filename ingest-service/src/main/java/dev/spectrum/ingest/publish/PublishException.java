package dev.spectrum.ingest.publish;

/** Kafka or PostgreSQL failed during a publish; what was not acknowledged stays pending and is sent again. */
public class PublishException extends RuntimeException {

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
