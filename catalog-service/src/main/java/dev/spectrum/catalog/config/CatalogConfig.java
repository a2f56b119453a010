package dev.spectrum.catalog.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Typed configuration of the catalog service; every key lives under {@code spectrum.catalog}. */
@ConfigMapping(prefix = "spectrum.catalog")
public interface CatalogConfig {

    /** Largest page the search API returns, whatever the client asks for. */
    @WithDefault("100")
    int maxPageSize();

    /** Page size of the search API when the client does not ask for one. */
    @WithDefault("20")
    int defaultPageSize();

    /** Entries per Atom feed. */
    @WithDefault("50")
    int feedSize();

    /** Threads that classify a batch in parallel; 0 means one per available processor. */
    @WithDefault("0")
    int classifierThreads();

    /** Consumer of paper-candidates. */
    Consumer consumer();

    /** Transactional outbox relay to paper-classified. */
    Outbox outbox();

    /** Background re-classification. */
    Reclassify reclassify();

    /** Metrics computed from the database. */
    Metrics metrics();

    interface Consumer {
        /** Attempts at storing a whole batch before falling back to one record at a time (which dead-letters what still fails). */
        @WithDefault("4")
        int batchAttempts();

        /** First pause between attempts; doubles each time, capped at ten times this value. */
        @WithDefault("200ms")
        Duration retryBackoff();
    }

    interface Outbox {
        /** How often the relay looks for unsent events (also read by the scheduler as spectrum.catalog.outbox.interval). */
        @WithDefault("1s")
        Duration interval();

        /** Events sent per relay round, each round one database transaction. */
        @WithDefault("500")
        int batchSize();

        /** How long a round waits for the broker's acknowledgements; unacknowledged events are sent again later. */
        @WithDefault("30s")
        Duration sendTimeout();
    }

    interface Reclassify {
        /** Papers re-classified per transaction. */
        @WithDefault("500")
        int chunkSize();
    }

    interface Metrics {
        /** How often the papers-per-leaf gauge is recounted (also read by the scheduler as spectrum.catalog.metrics.refresh). */
        @WithDefault("30s")
        Duration refresh();
    }
}
