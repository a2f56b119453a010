package dev.spectrum.notify.rest;

import java.util.List;

/** Thrown anywhere a request cannot be served; the mapper turns it into problem+json. */
public class ProblemException extends RuntimeException {

    public final int status;
    public final String title;
    public final List<String> errors;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    public ProblemException(int status, String title, String detail, List<String> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ProblemException invalid(List<String> errors) {
        return new ProblemException(400, "Invalid request", String.join("; ", errors), errors);
    }

    public static ProblemException notFound() {
        return new ProblemException(404, "Not found", "no such subscription, or the token does not open it");
    }
}
