package dev.spectrum.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Event on {@link Topics#PAPER_CANDIDATES}: one version of one arXiv paper, as a harvester saw it.
 *
 * <p>{@code arxivId} is canonical (no version, no {@code arXiv:} prefix, old-style ids without the subject class);
 * {@code version} is the number after {@code v}. Categories list the primary category first.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaperCandidate(
        int schemaVersion,
        String arxivId,
        int version,
        String title,
        @JsonProperty("abstract") String abstractText,
        List<Author> authors,
        List<String> categories,
        Instant submitted,
        Instant updated,
        LocalDate announced,
        String comment,
        String journalRef,
        String doi,
        List<Link> links,
        AnnounceType announceType,
        Source source,
        Instant harvestedAt) {

    public static final int SCHEMA_VERSION = 1;

    public PaperCandidate {
        authors = authors == null ? List.of() : List.copyOf(authors);
        categories = categories == null ? List.of() : List.copyOf(categories);
        links = links == null ? List.of() : List.copyOf(links);
    }

    /** The primary arXiv category, or null when the source gave none. */
    public String primaryCategory() {
        return categories.isEmpty() ? null : categories.get(0);
    }

    /** The arXiv abstract page of this paper (unversioned, so it always shows the latest version). */
    public String absUrl() {
        return "https://arxiv.org/abs/" + arxivId;
    }
}
