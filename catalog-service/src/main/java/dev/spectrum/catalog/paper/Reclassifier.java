package dev.spectrum.catalog.paper;

import dev.spectrum.catalog.classify.Decision;
import dev.spectrum.catalog.config.CatalogConfig;
import dev.spectrum.events.PaperClassified.Reason;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Re-classifies the catalog under the current model version as a background job, a chunk per transaction, and
 * publishes ({@code reclassified}) only where relevance or leaves changed. One job runs at a time.
 */
@ApplicationScoped
public class Reclassifier {

    private static final Logger LOG = Logger.getLogger(Reclassifier.class);

    /** A job's progress; {@code rate} is papers per second so far. */
    public static final class Job {
        public final String id = UUID.randomUUID().toString();
        public final String modelVersion;
        public final boolean all;
        public final long total;
        public final Instant startedAt = Instant.now();
        final AtomicLong done = new AtomicLong();
        final AtomicLong changed = new AtomicLong();
        volatile Instant finishedAt;
        volatile String error;

        Job(String modelVersion, boolean all, long total) {
            this.modelVersion = modelVersion;
            this.all = all;
            this.total = total;
        }

        public long done() {
            return done.get();
        }

        public long changed() {
            return changed.get();
        }

        public Instant finishedAt() {
            return finishedAt;
        }

        public String error() {
            return error;
        }

        public String state() {
            return error != null ? "failed" : finishedAt != null ? "done" : "running";
        }

        public double rate() {
            Instant end = finishedAt != null ? finishedAt : Instant.now();
            double seconds = Math.max(0.001, Duration.between(startedAt, end).toNanos() / 1e9);
            return done.get() / seconds;
        }
    }

    private final ClassifierPool classifier;
    private final Decisions decisions;
    private final EntityManager em;
    private final int chunk;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "reclassify");
        t.setDaemon(true);
        return t;
    });
    private volatile Job current;

    public Reclassifier(ClassifierPool classifier, Decisions decisions, EntityManager em, CatalogConfig config) {
        this.classifier = classifier;
        this.decisions = decisions;
        this.em = em;
        this.chunk = config.reclassify().chunkSize();
    }

    /**
     * Starts a job over papers classified by another model version (every paper when {@code all}); returns the
     * running job instead when one is running.
     */
    public synchronized Job start(boolean all) {
        if (current != null && current.finishedAt == null) {
            return current;
        }
        String model = classifier.modelVersion();
        long total = QuarkusTransaction.requiringNew().call(() -> all ? Paper.count()
                : Paper.count("modelVersion is null or modelVersion <> ?1", model));
        Job job = new Job(model, all, total);
        jobs.put(job.id, job);
        current = job;
        executor.submit(() -> run(job));
        return job;
    }

    public Optional<Job> job(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    private void run(Job job) {
        try {
            String last = "";
            while (true) {
                String after = last;
                List<String> ids = QuarkusTransaction.requiringNew().call(() -> ids(job, after));
                if (ids.isEmpty()) {
                    break;
                }
                chunk(job, ids);
                last = ids.get(ids.size() - 1);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "re-classification %s failed", job.id);
            job.error = e.getMessage();
        } finally {
            job.finishedAt = Instant.now();
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> ids(Job job, String after) {
        var query = em.createNativeQuery("SELECT arxiv_id FROM paper WHERE arxiv_id > :after"
                + (job.all ? "" : " AND (model_version IS NULL OR model_version <> :model)")
                + " ORDER BY arxiv_id LIMIT :limit")
                .setParameter("after", after)
                .setParameter("limit", chunk);
        if (!job.all) {
            query.setParameter("model", job.modelVersion);
        }
        return query.getResultList();
    }

    private void chunk(Job job, List<String> ids) {
        for (int attempt = 1; ; attempt++) {
            try {
                long changed = QuarkusTransaction.requiringNew().call(() -> {
                    List<Paper> papers = Paper.list("arxivId in ?1 order by arxivId", ids);
                    List<Decision> made = classifier.classify(papers);
                    Instant now = Instant.now();
                    long n = 0;
                    for (int i = 0; i < papers.size(); i++) {
                        Paper p = papers.get(i);
                        boolean wasRelevant = p.relevant;
                        List<String> wasLeaves = List.copyOf(p.leafIds);
                        decisions.applyMachine(p, made.get(i), false, Reason.RECLASSIFIED, now);
                        if (wasRelevant != p.relevant || !new java.util.HashSet<>(wasLeaves).equals(new java.util.HashSet<>(p.leafIds))) {
                            n++;
                        }
                    }
                    return n;
                });
                job.changed.addAndGet(changed);
                job.done.addAndGet(ids.size());
                return;
            } catch (RuntimeException e) {
                // a consumer updating the same paper meanwhile: run the chunk again on fresh rows
                if (attempt >= 5) {
                    throw e;
                }
                LOG.warnf("re-classification chunk failed (attempt %d): %s", attempt, e.getMessage());
            }
        }
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
    }
}
