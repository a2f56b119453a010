package dev.spectrum.catalog.paper;

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
import java.util.List;

/** One version of a paper as it was received, including versions that arrived late and did not change the paper. */
@Entity
@Table(name = "paper_version")
public class PaperVersion extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "paper_version_seq")
    @SequenceGenerator(name = "paper_version_seq", sequenceName = "paper_version_seq", allocationSize = 50)
    public Long id;

    @Column(name = "arxiv_id")
    public String arxivId;
    public int version;
    public String title;
    @Column(name = "abstract")
    public String abstractText;
    public Instant updated;
    public LocalDate announced;
    @Column(name = "announce_type")
    public String announceType;
    public String source;
    @Column(name = "harvested_at")
    public Instant harvestedAt;
    @Column(name = "received_at")
    public Instant receivedAt;
    public boolean applied;

    public static List<PaperVersion> of(String arxivId) {
        return list("arxivId = ?1 order by version", arxivId);
    }
}
