package dev.spectrum.ingest.harvest;

import dev.spectrum.ingest.config.IngestConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Runs harvests one after the other on a single thread (one request at a time), each under the replica-wide
 * {@link HarvestLock}: the API and feed runs on arXiv's schedule or on demand, and OAI-PMH backfills. Records each
 * source's last success, last error and next run.
 */
@ApplicationScoped
public class Harvests {

    private static final Logger LOG = Logger.getLogger(Harvests.class);
    public static final String API = "api";
    public static final String RSS = FeedHarvester.SOURCE;
    public static final String OAI = "oai";

    private final ApiHarvester api;
    private final FeedHarvester feed;
    private final OaiBackfill backfill;
    private final BackfillJobs jobs;
    private final SourceStates states;
    private final HarvestLock lock;
    private final IngestConfig config;
    private final ArxivCalendar calendar;
    private final dev.spectrum.ingest.coverage.Coverage coverage;
    private final MeterRegistry registry;
    private final AtomicInteger queued = new AtomicInteger();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "arxiv-harvester");
        t.setDaemon(true);
        return t;
    });

    public Harvests(ApiHarvester api, FeedHarvester feed, OaiBackfill backfill, BackfillJobs jobs, SourceStates states,
            HarvestLock lock, IngestConfig config, MeterRegistry registry, dev.spectrum.ingest.coverage.Coverage coverage) {
        this.coverage = coverage;
        this.registry = registry;
        this.api = api;
        this.feed = feed;
        this.backfill = backfill;
        this.jobs = jobs;
        this.states = states;
        this.lock = lock;
        this.config = config;
        this.calendar = new ArxivCalendar(config.schedule());
        registry.gauge("spectrum.ingest.harvest.queued", queued);
    }

    void onStart(@Observes StartupEvent event) {
        for (BackfillJob job : jobs.unfinished()) {
            LOG.infof("resuming backfill %d (%s) from page %d", job.id, job.state, job.pages);
            runBackfill(job.id);
        }
        if (config.schedule().enabled()) {
            Instant now = Instant.now();
            states.scheduled(API, calendar.nextApiRun(now));
            states.scheduled(RSS, calendar.nextFeedRun(now));
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Harvests {@code source} ({@code api} or {@code rss}) as soon as the worker is free. */
    public Future<?> trigger(String source) {
        return switch (source) {
            case API -> submit(API, () -> states.succeeded(API, api.harvest()));
            case RSS -> submit(RSS, () -> {
                long published = feed.harvest();
                published += refetchGaps();
                states.succeeded(RSS, published);
            });
            default -> throw new IllegalArgumentException("unknown source '" + source + "'; use api or rss");
        };
    }

    /** Creates a backfill job and queues it. */
    public BackfillJob startBackfill(LocalDate from, LocalDate until, List<String> sets, String metadataPrefix) {
        BackfillJob job = jobs.create(from, until, sets.isEmpty() ? config.oai().sets() : sets,
                metadataPrefix == null || metadataPrefix.isBlank() ? config.oai().metadataPrefix() : metadataPrefix);
        runBackfill(job.id);
        return job;
    }

    public Future<?> runBackfill(long id) {
        return submit(OAI, () -> {
            BackfillJob done = backfill.run(id);
            if (done.state == BackfillJob.State.DONE) {
                states.succeeded(OAI, done.published);
            }
        }, id);
    }

    public BackfillJob pause(long id) {
        return jobs.update(id, j -> {
            if (j.state == BackfillJob.State.RUNNING || j.state == BackfillJob.State.QUEUED) {
                j.state = BackfillJob.State.PAUSED;
            }
        });
    }

    public BackfillJob resume(long id) {
        BackfillJob job = jobs.update(id, j -> {
            if (j.state == BackfillJob.State.PAUSED || j.state == BackfillJob.State.FAILED) {
                j.state = BackfillJob.State.QUEUED;
            }
        });
        runBackfill(id);
        return job;
    }

    /** The coverage audit after each feed run: papers listed in the last days but still unpublished are fetched by id. */
    private long refetchGaps() {
        LocalDate today = calendar.today(Instant.now());
        List<String> missing = new java.util.ArrayList<>();
        for (int back = 0; back < 3; back++) {
            missing.addAll(coverage.missingIds(today.minusDays(back)));
        }
        if (missing.isEmpty()) {
            return 0;
        }
        LOG.infof("coverage gap: %d listed papers not published, re-fetching them by id", missing.size());
        registry.counter("spectrum.ingest.coverage.refetched").increment(missing.size());
        return api.fetchIds(missing.stream().distinct().toList());
    }

    /** Re-fetches papers by id through the API (coverage gaps). */
    public Future<?> refetch(List<String> ids) {
        return submit(API, () -> states.succeeded(API, api.fetchIds(ids)));
    }

    public ArxivCalendar calendar() {
        return calendar;
    }

    public int queued() {
        return queued.get();
    }

    @Scheduled(every = "${spectrum.ingest.schedule.tick}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!config.schedule().enabled() || queued.get() > 0) {
            return;
        }
        Instant now = Instant.now();
        for (String source : List.of(API, RSS)) {
            SourceState s = states.get(source);
            boolean due = s.nextRun == null || !now.isBefore(s.nextRun)
                    || s.lastRun != null && s.lastRun.plus(config.schedule().interval()).isBefore(now);
            if (due) {
                states.scheduled(source, source.equals(API) ? calendar.nextApiRun(now) : calendar.nextFeedRun(now));
                trigger(source);
            }
        }
    }

    private Future<?> submit(String source, Runnable work) {
        return submit(source, work, null);
    }

    private Future<?> submit(String source, Runnable work, Long jobId) {
        queued.incrementAndGet();
        return worker.submit(() -> {
            io.micrometer.core.instrument.Timer.Sample sample = io.micrometer.core.instrument.Timer.start(registry);
            String outcome = "ok";
            try {
                states.started(source);
                boolean ran = lock.runExclusive(work);
                outcome = ran ? "ok" : "skipped";
                if (!ran) {
                    LOG.infof("%s skipped: another replica holds the harvester lock", source);
                    if (jobId != null) {
                        jobs.update(jobId, j -> j.state = BackfillJob.State.QUEUED);
                    }
                }
            } catch (RuntimeException e) {
                outcome = "error";
                states.failed(source, e.getMessage());
                if (jobId != null) {
                    jobs.update(jobId, j -> {
                        j.state = BackfillJob.State.FAILED;
                        j.error = e.getMessage();
                    });
                }
            } finally {
                sample.stop(registry.timer("spectrum.ingest.harvest.runs", "source", source, "outcome", outcome));
                queued.decrementAndGet();
            }
        });
    }
}
