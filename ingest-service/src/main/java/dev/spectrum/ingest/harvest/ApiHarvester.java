package dev.spectrum.ingest.harvest;

import dev.spectrum.events.PaperCandidate;
import dev.spectrum.ingest.arxiv.ArxivPage;
import dev.spectrum.ingest.arxiv.ArxivXml;
import dev.spectrum.ingest.arxiv.FeedException;
import dev.spectrum.ingest.config.IngestConfig;
import dev.spectrum.ingest.http.PoliteClient;
import dev.spectrum.ingest.publish.CandidatePublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Harvests the arXiv API: per watched category and per sort order (submittedDate, lastUpdatedDate), newest first, paging
 * back until it reaches the stored cursor. A page that is empty or shorter than totalResults promises is fetched again,
 * never taken as the end; the cursor moves only after the run's papers were acknowledged.
 */
@ApplicationScoped
public class ApiHarvester {

    private static final Logger LOG = Logger.getLogger(ApiHarvester.class);
    static final List<String> SORTS = List.of("submittedDate", "lastUpdatedDate");

    private final PoliteClient client;
    private final CandidatePublisher publisher;
    private final SourceStates states;
    private final IngestConfig config;

    public ApiHarvester(PoliteClient client, CandidatePublisher publisher, SourceStates states, IngestConfig config) {
        this.client = client;
        this.publisher = publisher;
        this.states = states;
        this.config = config;
    }

    /** One run over all watched categories; returns the number of candidates published. */
    public long harvest() {
        long published = 0;
        for (String category : config.categories()) {
            for (String sort : SORTS) {
                published += harvest(category, sort);
            }
        }
        return published;
    }

    long harvest(String category, String sort) {
        String source = "api:" + category + ":" + sort;
        String stored = states.cursor(source);
        Instant cursor = stored != null ? Instant.parse(stored)
                : Instant.now().atOffset(ZoneOffset.UTC).minus(config.api().firstRunLookback()).toInstant();
        Instant newest = cursor;
        long published = 0;
        int size = config.api().pageSize();
        boolean complete = false;
        for (int pageNo = 0, start = 0; pageNo < config.api().maxPages(); pageNo++, start += size) {
            String query = "search_query=" + enc("cat:" + category) + "&sortBy=" + sort + "&sortOrder=descending&start=" + start
                    + "&max_results=" + size;
            ArxivPage page = fetchPage(URI.create(config.api().url() + "?" + query), start, size);
            List<PaperCandidate> fresh = new ArrayList<>();
            boolean reachedCursor = false;
            for (PaperCandidate p : page.entries()) {
                Instant when = sort.equals("submittedDate") ? p.submitted() : p.updated();
                if (when == null || !when.isBefore(cursor)) {
                    fresh.add(p);
                    if (when != null && when.isAfter(newest)) {
                        newest = when;
                    }
                } else {
                    reachedCursor = true;
                }
            }
            published += publisher.publish(fresh).published();
            int total = page.totalResults() == null ? 0 : page.totalResults();
            if (reachedCursor || start + page.entries().size() >= total) {
                complete = true;
                break;
            }
        }
        if (!complete) {
            // Pages are newest first: what lies between the last page read and the cursor is unread. Moving the cursor
            // would skip it, so it stays; a backfill (OAI-PMH) is the tool for a backlog this large.
            LOG.warnf("API %s %s: more than %d pages since the cursor %s; cursor kept, consider an OAI-PMH backfill", category, sort,
                    config.api().maxPages(), cursor);
            states.advance(source, cursor.toString(), published);
            return published;
        }
        states.advance(source, newest.toString(), published);
        LOG.infof("API %s %s: %d new candidates, cursor %s", category, sort, published, newest);
        return published;
    }

    /** Fetches given papers by id (coverage gaps); returns how many candidates were new. */
    public long fetchIds(List<String> ids) {
        long published = 0;
        for (int i = 0; i < ids.size(); i += 100) {
            List<String> slice = ids.subList(i, Math.min(ids.size(), i + 100));
            URI uri = URI.create(config.api().url() + "?id_list=" + enc(String.join(",", slice)) + "&max_results=" + slice.size());
            ArxivPage page = client.get(uri, ApiHarvester::parse);
            published += publisher.publish(page.entries()).published();
        }
        return published;
    }

    private ArxivPage fetchPage(URI uri, int start, int size) {
        AtomicInteger shortPages = new AtomicInteger();
        return client.get(uri, response -> {
            ArxivPage page = parse(response);
            int total = page.totalResults() == null ? 0 : page.totalResults();
            int expected = Math.min(size, Math.max(0, total - start));
            boolean anomalous = page.entries().size() < expected || (total == 0 && start > 0);
            if (anomalous && shortPages.incrementAndGet() <= config.api().shortPageRetries()) {
                throw new FeedException("short page: " + page.entries().size() + " entries at start " + start + " where "
                        + expected + " were expected (totalResults " + total + ")", true);
            }
            if (anomalous) {
                throw new FeedException("page at start " + start + " stayed short after " + config.api().shortPageRetries()
                        + " attempts; the run stops without moving the cursor", false);
            }
            return page;
        });
    }

    static ArxivPage parse(PoliteClient.Response response) {
        if (response.status() != 200 && response.status() != 400) {
            throw new FeedException("arXiv API answered HTTP " + response.status(), response.status() >= 500);
        }
        ArxivPage page = ArxivXml.api(response.body());
        if (response.status() == 400) {
            throw new FeedException("arXiv API answered HTTP 400 without an error entry", false);
        }
        return page;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
