package dev.spectrum.ingest.harvest;

import dev.spectrum.ingest.arxiv.ArxivPage;
import dev.spectrum.ingest.arxiv.ArxivXml;
import dev.spectrum.ingest.arxiv.FeedException;
import dev.spectrum.ingest.arxiv.OaiException;
import dev.spectrum.ingest.config.IngestConfig;
import dev.spectrum.ingest.http.PoliteClient;
import dev.spectrum.ingest.publish.CandidatePublisher;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Runs an OAI-PMH backfill page by page. After each page its papers are published and acknowledged, then the resumption
 * token is stored; a stop at any point resumes from the last stored token. An expired or refused token restarts the
 * current set from its beginning (publishing dedupes by id and version, so nothing is sent twice).
 */
@ApplicationScoped
public class OaiBackfill {

    private static final Logger LOG = Logger.getLogger(OaiBackfill.class);

    private final PoliteClient client;
    private final CandidatePublisher publisher;
    private final BackfillJobs jobs;
    private final IngestConfig config;
    private final MeterRegistry registry;

    public OaiBackfill(PoliteClient client, CandidatePublisher publisher, BackfillJobs jobs, IngestConfig config, MeterRegistry registry) {
        this.client = client;
        this.publisher = publisher;
        this.jobs = jobs;
        this.config = config;
        this.registry = registry;
    }

    /** Runs (or resumes) job {@code id} until it is done, paused, or fails. */
    public BackfillJob run(long id) {
        BackfillJob job = jobs.update(id, j -> {
            j.state = BackfillJob.State.RUNNING;
            j.startedAt = j.startedAt == null ? Instant.now() : j.startedAt;
            j.error = null;
        });
        Instant runStart = Instant.now();
        long doneAtStart = job.done;
        while (job.setIndex < Math.max(1, job.setList().size())) {
            if (jobs.get(id).state == BackfillJob.State.PAUSED) {
                LOG.infof("backfill %d paused at page %d", id, job.pages);
                return jobs.get(id);
            }
            String set = job.setList().isEmpty() ? null : job.setList().get(job.setIndex);
            boolean expired = job.resumptionToken != null && job.tokenExpires != null && job.tokenExpires.isBefore(Instant.now());
            if (expired) {
                LOG.warnf("backfill %d: resumption token expired at %s, restarting set %s", id, job.tokenExpires, set);
                job = jobs.update(id, j -> j.resumptionToken = null);
            }
            URI uri = uri(job, set);
            ArxivPage page;
            try {
                page = client.get(uri, response -> {
                    if (response.status() != 200) {
                        throw new FeedException("OAI-PMH answered HTTP " + response.status(), false);
                    }
                    ArxivPage p = ArxivXml.oai(response.body());
                    if (p.entries().isEmpty() && p.resumptionToken() != null) {
                        throw new FeedException("empty OAI-PMH page that still has a resumption token", true);
                    }
                    return p;
                });
            } catch (OaiException e) {
                if (e.badResumptionToken() && job.resumptionToken != null) {
                    LOG.warnf("backfill %d: %s; restarting set %s from the beginning", id, e.getMessage(), set);
                    job = jobs.update(id, j -> j.resumptionToken = null);
                    continue;
                }
                throw e;
            }
            long published = publisher.publish(page.entries()).published();
            registry.counter("spectrum.ingest.backfill.records").increment(page.entries().size());
            String next = page.resumptionToken();
            job = jobs.update(id, j -> {
                j.pages++;
                j.done += page.entries().size();
                j.published += published;
                if (page.completeListSize() != null && page.completeListSize() > 0) {
                    j.total = (long) page.completeListSize();
                }
                j.resumptionToken = next;
                j.tokenExpires = page.tokenExpires();
                if (next == null) {
                    j.setIndex++;
                }
            });
            Progress progress = Progress.of(job.done - doneAtStart, job.done, job.total, runStart);
            LOG.infof("backfill %d: set %s page %d, %d records (%d new); done %d, %.1f records/s, ETA %s", id, set, job.pages,
                    page.entries().size(), published, job.done, progress.ratePerSecond(), progress.eta());
        }
        return jobs.update(id, j -> {
            j.state = BackfillJob.State.DONE;
            j.finishedAt = Instant.now();
        });
    }

    private URI uri(BackfillJob job, String set) {
        String base = config.oai().url() + "?verb=ListRecords";
        if (job.resumptionToken != null) {
            // No other argument is allowed next to a token (badArgument otherwise).
            return URI.create(base + "&resumptionToken=" + enc(job.resumptionToken));
        }
        StringBuilder q = new StringBuilder(base).append("&metadataPrefix=").append(enc(job.metadataPrefix));
        if (set != null) {
            q.append("&set=").append(enc(set));
        }
        if (job.from != null) {
            q.append("&from=").append(job.from);
        }
        if (job.until != null) {
            q.append("&until=").append(job.until);
        }
        return URI.create(q.toString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Throughput and remaining time of a job. */
    public record Progress(long done, Long total, double ratePerSecond, Duration eta) {
        static Progress of(long doneThisRun, long done, Long total, Instant since) {
            double seconds = Math.max(0.001, Duration.between(since, Instant.now()).toMillis() / 1000.0);
            double rate = doneThisRun / seconds;
            Duration eta = total == null || rate <= 0 ? null : Duration.ofSeconds((long) (Math.max(0, total - done) / rate));
            return new Progress(done, total, rate, eta);
        }
    }
}
