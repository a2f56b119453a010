package dev.spectrum.catalog.paper;

import dev.spectrum.events.Evidence;
import dev.spectrum.events.LeafScore;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.descriptor.java.Immutability;
import org.hibernate.type.SqlTypes;

/** One machine decision on one version of a paper, kept with the model version that made it. */
@Entity
@Table(name = "classification")
public class Classification extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "classification_seq")
    @SequenceGenerator(name = "classification_seq", sequenceName = "classification_seq", allocationSize = 50)
    public Long id;

    @Column(name = "arxiv_id")
    public String arxivId;
    public int version;
    @Column(name = "model_version")
    public String modelVersion;
    public boolean relevant;
    public double score;
    @Mutability(Immutability.class)
    @JdbcTypeCode(SqlTypes.JSON)
    public List<LeafScore> leaves;
    @Mutability(Immutability.class)
    @JdbcTypeCode(SqlTypes.JSON)
    public Evidence evidence;
    @Column(name = "classified_at")
    public Instant classifiedAt;
}
