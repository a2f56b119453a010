package dev.spectrum.notify.rest;

import java.util.List;

/** Page parameters checked against the configured cap. */
public final class Paging {

    private Paging() {
    }

    public static void check(int page, int size, int max) {
        if (page < 0 || size < 1 || size > max) {
            throw ProblemException.invalid(List.of("page must be >= 0 and size between 1 and " + max));
        }
    }

    /** The token of an {@code Authorization: Bearer} header, or null. */
    public static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }
}
