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
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.descriptor.java.Immutability;
import org.hibernate.type.SqlTypes;

/** A curator's correction of relevance and/or leaves; the latest one overrides the machine decision. */
@Entity
@Table(name = "correction")
public class Correction extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "correction_seq")
    @SequenceGenerator(name = "correction_seq", sequenceName = "correction_seq", allocationSize = 50)
    public Long id;

    @Column(name = "arxiv_id")
    public String arxivId;
    public String curator;
    @Column(name = "created_at")
    public Instant createdAt;
    public Boolean relevant;
    @Mutability(Immutability.class)
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> leaves;
    public String note;

    public static List<Correction> of(String arxivId) {
        return list("arxivId = ?1 order by createdAt, id", arxivId);
    }
}
