package dev.spectrum.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What a person can check to see why a paper was classified as it was: the phrases of the paper that weighed most,
 * and the nearest labelled papers.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Evidence(List<String> phrases, List<Neighbour> nearest) {

    public Evidence {
        phrases = phrases == null ? List.of() : List.copyOf(phrases);
        nearest = nearest == null ? List.of() : List.copyOf(nearest);
    }

    public static final Evidence NONE = new Evidence(List.of(), List.of());

    /** A labelled paper close to the classified one, with cosine similarity and its leaves. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Neighbour(String arxivId, String title, double similarity, List<String> leaves) {
        public Neighbour {
            leaves = leaves == null ? List.of() : List.copyOf(leaves);
        }
    }
}
