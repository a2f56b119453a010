package dev.spectrum.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Typed configuration of the ingest service; every key lives under {@code spectrum.ingest}. */
@ConfigMapping(prefix = "spectrum.ingest")
public interface IngestConfig {

    /** arXiv categories to watch, e.g. {@code cs.CL}. */
    @WithDefault("cs.CL,cs.LG,cs.AI,cs.CV,cs.DC,cs.AR,cs.PF,stat.ML")
    List<String> categories();

    /**
     * Bearer credential for the operator API's actions (harvest now, backfills, replays, re-fetches); without it they
     * are open, which suits only a local run. Production: SPECTRUM_INGEST_OPERATOR_TOKEN.
     */
    Optional<String> operatorToken();

    /** Politeness of every request to arXiv. */
    Http http();

    /** arXiv API harvesting. */
    Api api();

    /** rss.arxiv.org feed harvesting. */
    Rss rss();

    /** OAI-PMH backfills. */
    Oai oai();

    /** When harvests run. */
    Schedule schedule();

    /** Kafka publishing. */
    Publish publish();

    /** Replay of recorded papers (JSON Lines or folders of XML responses). */
    Replay replay();

    /** Politeness settings. */
    interface Http {
        /** Contact put into the User-Agent and From headers, so arXiv can reach whoever runs this harvester. */
        @WithDefault("mailto:spectrum-operators@example.org")
        String contact();

        /** Minimum gap between two requests; never below 3 s for arXiv hosts whatever is configured. */
        @WithDefault("3S")
        Duration minInterval();

        /** Deadline for a whole response (headers and body); a hung response fails after it and is retried. */
        @WithDefault("90S")
        Duration timeout();

        /** Attempts per request before the harvest run gives up and reports the error. */
        @WithDefault("6")
        int maxAttempts();

        /** First back-off after an error or timeout; doubles per attempt, with up to 50 % random jitter. */
        @WithDefault("10S")
        Duration backoffBase();

        /** Longest back-off between two attempts. */
        @WithDefault("5M")
        Duration backoffMax();

        /** Smallest wait after a 429/503, used when Retry-After is 0 or missing. */
        @WithDefault("10S")
        Duration retryAfterFloor();

        /** Longest Retry-After we wait inside one run; longer ones end the run and the next scheduled run retries. */
        @WithDefault("15M")
        Duration retryAfterMax();

        /** Largest response body accepted, in bytes. */
        @WithDefault("104857600")
        long maxResponseBytes();

        /** Key of the PostgreSQL advisory lock that makes one replica the harvester. */
        @WithDefault("4242001")
        long lockKey();
    }

    /** arXiv API. */
    interface Api {
        /** Query endpoint. */
        @WithDefault("https://export.arxiv.org/api/query")
        String url();

        /** Results per page (arXiv allows at most 2000). */
        @WithDefault("200")
        int pageSize();

        /** Pages per category and sort order in one run, a guard against paging forever. */
        @WithDefault("50")
        int maxPages();

        /** How far back the first run (no stored cursor) goes. */
        @WithDefault("P3D")
        java.time.Period firstRunLookback();

        /** Attempts at a page that comes back empty or short although totalResults says more exist. */
        @WithDefault("4")
        int shortPageRetries();
    }

    /** RSS / Atom feeds. */
    interface Rss {
        /** Base URL; the feed of category {@code c} is {@code <url>/rss/c} (or {@code /atom/c}). */
        @WithDefault("https://rss.arxiv.org")
        String url();

        /** {@code rss} (RSS 2.0) or {@code atom}. */
        @WithDefault("rss")
        String format();
    }

    /** OAI-PMH. */
    interface Oai {
        /** Base URL of the OAI-PMH endpoint. */
        @WithDefault("https://oaipmh.arxiv.org/oai")
        String url();

        /** Metadata format: {@code arXivRaw} (carries versions), {@code arXiv} or {@code oai_dc}. */
        @WithDefault("arXivRaw")
        String metadataPrefix();

        /** Default sets of a backfill when the request names none (new naming, e.g. {@code cs:cs:AI}). */
        @WithDefault("cs,stat")
        List<String> sets();
    }

    /** Scheduling. */
    interface Schedule {
        /** Whether the service harvests on its own (off in tests, which trigger runs through the API). */
        @WithDefault("true")
        boolean enabled();

        /** How often the scheduler checks whether a run is due. */
        @WithDefault("60S")
        Duration tick();

        /** Delay after the 20:00 US Eastern announcement before the API harvest (metadata settles, load drops). */
        @WithDefault("PT1H")
        Duration afterAnnouncement();

        /** Delay after midnight US Eastern, when the RSS feeds are rebuilt, before reading them. */
        @WithDefault("PT30M")
        Duration afterFeedRebuild();

        /** Extra safety poll interval: a source also runs when its last run is older than this. */
        @WithDefault("PT12H")
        Duration interval();

        /** Time zone of arXiv's schedule. */
        @WithDefault("America/New_York")
        String zone();

        /** arXiv holidays (no announcement that evening). */
        @WithDefault("2025-12-25,2026-01-01,2026-01-19,2026-06-19,2026-07-03,2026-09-07,2026-11-26,2026-12-25,2026-12-29,2026-12-31")
        List<LocalDate> holidays();
    }

    /** Publishing. */
    interface Publish {
        /** Candidates per database round trip and Kafka flush. */
        @WithDefault("2000")
        int batchSize();

        /** How long to wait for Kafka's acknowledgements of one batch. */
        @WithDefault("60S")
        Duration ackTimeout();
    }

    /** Replay; {@code ./spectrum up --replay PATH} sets {@code path}. */
    interface Replay {
        /** File (.jsonl, .jsonl.gz, .xml) or folder to replay at boot; empty = no replay at boot. */
        Optional<String> path();

        /** {@code fast} (as fast as possible), {@code rate} (N papers/s) or {@code daily} (one announcement day at a time). */
        @WithDefault("fast")
        String mode();

        /** Papers per second in {@code rate} mode. */
        @WithDefault("50")
        double rate();

        /** Wall-clock pause between announcement days in {@code daily} mode. */
        @WithDefault("10S")
        Duration dayPause();
    }
}
