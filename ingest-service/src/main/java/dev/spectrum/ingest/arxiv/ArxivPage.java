package dev.spectrum.ingest.arxiv;

import dev.spectrum.events.PaperCandidate;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One parsed arXiv response: its papers plus what the harvester needs to page on. Fields that a format does not carry
 * are null: opensearch totals (API), the announcement day (RSS/Atom), the resumption token (OAI-PMH).
 *
 * @param entries papers, in response order; version 0 means the format does not say which version it is
 * @param totalResults opensearch totalResults (API)
 * @param startIndex opensearch startIndex (API)
 * @param itemsPerPage opensearch itemsPerPage (API)
 * @param announced announcement day of a feed (RSS channel pubDate / Atom entries' published)
 * @param resumptionToken next OAI-PMH page, null on the last page
 * @param tokenExpires expirationDate of the token, when given
 * @param cursor OAI-PMH cursor (old server only)
 * @param completeListSize OAI-PMH completeListSize (old server only)
 * @param noRecordsMatch OAI-PMH said the selection is empty
 */
public record ArxivPage(Kind kind, List<PaperCandidate> entries, Integer totalResults, Integer startIndex,
        Integer itemsPerPage, LocalDate announced, String resumptionToken, Instant tokenExpires, Integer cursor,
        Integer completeListSize, boolean noRecordsMatch) {

    /** Which interface produced the page. */
    public enum Kind { API, RSS, ATOM, OAI }

    public ArxivPage {
        entries = List.copyOf(entries);
    }
}
