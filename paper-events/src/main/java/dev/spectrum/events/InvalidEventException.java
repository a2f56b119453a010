package dev.spectrum.events;

/** An event that is not valid JSON or breaks its schema; the message says what is wrong, for a dead-letter reason. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
