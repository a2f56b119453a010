package dev.spectrum.ingest.harvest;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/** An OAI-PMH backfill and its resumption state, which survives restarts so the job continues where it stopped. */
@Entity
@Table(name = "backfill_job")
public class BackfillJob extends PanacheEntityBase {

    /** Lifecycle of a job. */
    public enum State { QUEUED, RUNNING, PAUSED, DONE, FAILED }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "backfill_job_seq")
    @SequenceGenerator(name = "backfill_job_seq", sequenceName = "backfill_job_seq", allocationSize = 50)
    public Long id;

    @Column(name = "from_date")
    public LocalDate from;

    @Column(name = "until_date")
    public LocalDate until;

    /** Comma-separated OAI sets, harvested one after the other. */
    public String sets;

    @Column(name = "metadata_prefix")
    public String metadataPrefix;

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public State state;

    @Column(name = "resumption_token")
    public String resumptionToken;

    @Column(name = "token_expires")
    public Instant tokenExpires;

    public int pages;

    /** Records received so far (all sets). */
    public long done;

    /** Candidates that were new and got published. */
    public long published;

    /** completeListSize when the server tells it (old server), summed over finished sets plus the current one. */
    public Long total;

    @Column(name = "set_index")
    public int setIndex;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    public String error;

    public List<String> setList() {
        return sets == null || sets.isBlank() ? List.of() : Arrays.asList(sets.split(","));
    }
}
