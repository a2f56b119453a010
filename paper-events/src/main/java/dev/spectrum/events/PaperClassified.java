package dev.spectrum.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Event on {@link Topics#PAPER_CLASSIFIED}: the catalog's decision on one version of a paper, with what a subscriber
 * needs to read it. {@code eventId} is unique per decision and serves receivers as an idempotency key.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaperClassified(
        int schemaVersion,
        String eventId,
        String arxivId,
        int version,
        boolean relevant,
        double score,
        List<LeafScore> leaves,
        Evidence evidence,
        String modelVersion,
        Instant classifiedAt,
        Reason reason,
        String title,
        List<Author> authors,
        @JsonProperty("abstract") String abstractText,
        String link,
        List<String> categories,
        LocalDate announced) {

    public static final int SCHEMA_VERSION = 1;

    public PaperClassified {
        leaves = leaves == null ? List.of() : List.copyOf(leaves);
        evidence = evidence == null ? Evidence.NONE : evidence;
        authors = authors == null ? List.of() : List.copyOf(authors);
        categories = categories == null ? List.of() : List.copyOf(categories);
    }

    /** Why the decision was published. */
    public enum Reason {
        /** First decision on a paper. */
        @JsonProperty("new") NEW,
        /** A new version of the paper changed the decision. */
        @JsonProperty("revised") REVISED,
        /** A new model version changed the decision. */
        @JsonProperty("reclassified") RECLASSIFIED,
        /** A curator corrected the decision. */
        @JsonProperty("corrected") CORRECTED
    }
}
