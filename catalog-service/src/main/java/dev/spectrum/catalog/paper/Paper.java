package dev.spectrum.catalog.paper;

import dev.spectrum.events.Author;
import dev.spectrum.events.LeafScore;
import dev.spectrum.events.Link;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.descriptor.java.Immutability;
import org.hibernate.type.SqlTypes;

/**
 * A paper as the catalog shows it: the latest version's metadata, the current machine decision, curator overrides
 * and the decision that results. Its full-text vector is a generated column of the table, not mapped here.
 */
@Entity
@Table(name = "paper")
// JSON and array attributes are replaced, never changed in place, so Hibernate need not deep-copy them for dirty checks

public class Paper extends PanacheEntityBase {

    @Id
    @Column(name = "arxiv_id")
    public String arxivId;

    public int version;
    public String title;
    @Column(name = "abstract")
    public String abstractText;
    @Mutability(Immutability.class)
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Author> authors = new ArrayList<>();
    @Column(name = "author_names")
    public String authorNames = "";
    @Mutability(Immutability.class)
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> categories = new ArrayList<>();
    @Mutability(Immutability.class)
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Link> links = new ArrayList<>();
    public String comment;
    @Column(name = "journal_ref")
    public String journalRef;
    public String doi;
    public Instant submitted;
    public Instant updated;
    public LocalDate announced;

    @Column(name = "classification_id")
    public Long classificationId;
    @Column(name = "model_version")
    public String modelVersion;
    @Column(name = "machine_relevant")
    public Boolean machineRelevant;
    public Double score;

    @Column(name = "override_relevant")
    public Boolean overrideRelevant;
    @Mutability(Immutability.class)
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "override_leaves")
    public List<String> overrideLeaves;

    public boolean relevant;
    @Mutability(Immutability.class)
    @JdbcTypeCode(SqlTypes.JSON)
    public List<LeafScore> leaves = new ArrayList<>();
    @Mutability(Immutability.class)
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "leaf_ids")
    public List<String> leafIds = new ArrayList<>();
    @Column(name = "decided_at")
    public Instant decidedAt;

    @Version
    @Column(name = "row_version")
    public int rowVersion;

    public boolean corrected() {
        return overrideRelevant != null || overrideLeaves != null;
    }

    public String absUrl() {
        return "https://arxiv.org/abs/" + arxivId;
    }
}
