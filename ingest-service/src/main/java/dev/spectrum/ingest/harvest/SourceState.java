package dev.spectrum.ingest.harvest;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Cursor and health of one harvesting source ({@code api:cs.CL:submittedDate}, {@code rss}, {@code replay}...). */
@Entity
@Table(name = "source_state")
public class SourceState extends PanacheEntityBase {

    @Id
    public String source;

    @Column(name = "cursor_value")
    public String cursor;

    @Column(name = "last_run")
    public Instant lastRun;

    @Column(name = "last_success")
    public Instant lastSuccess;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "last_error_at")
    public Instant lastErrorAt;

    @Column(name = "next_run")
    public Instant nextRun;

    public long published;

    /** The row of {@code source}, created when first asked for. */
    public static SourceState of(String source) {
        SourceState s = findById(source);
        if (s == null) {
            s = new SourceState();
            s.source = source;
            s.persist();
        }
        return s;
    }
}
