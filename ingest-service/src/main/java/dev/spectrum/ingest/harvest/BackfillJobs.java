package dev.spectrum.ingest.harvest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;

/** Transactions around {@link BackfillJob} rows: create, load, and save the resumption state after each page. */
@ApplicationScoped
public class BackfillJobs {

    @Transactional
    public BackfillJob create(LocalDate from, LocalDate until, List<String> sets, String metadataPrefix) {
        BackfillJob job = new BackfillJob();
        job.from = from;
        job.until = until;
        job.sets = String.join(",", sets);
        job.metadataPrefix = metadataPrefix;
        job.state = BackfillJob.State.QUEUED;
        job.createdAt = Instant.now();
        job.persist();
        return job;
    }

    @Transactional
    public BackfillJob get(long id) {
        return BackfillJob.findById(id);
    }

    @Transactional
    public List<BackfillJob> all() {
        return BackfillJob.listAll(io.quarkus.panache.common.Sort.descending("id"));
    }

    /** Jobs a restart must pick up again. */
    @Transactional
    public List<BackfillJob> unfinished() {
        return BackfillJob.list("state in ?1 order by id", List.of(BackfillJob.State.QUEUED, BackfillJob.State.RUNNING));
    }

    /** Applies {@code change} to the stored job and returns the saved copy. */
    @Transactional
    public BackfillJob update(long id, Consumer<BackfillJob> change) {
        BackfillJob job = BackfillJob.findById(id);
        change.accept(job);
        job.updatedAt = Instant.now();
        return job;
    }
}
