package dev.spectrum.notify.delivery;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An address that bounced hard or complained: nothing is sent to it any more. */
@Entity
@Table(name = "suppression")
public class Suppression extends PanacheEntityBase {

    public enum Reason { HARD_BOUNCE, COMPLAINT, MANUAL }

    @Id
    public String address;

    @Enumerated(EnumType.STRING)
    public Reason reason;

    public String detail;

    @jakarta.persistence.Column(name = "created_at")
    public Instant createdAt;

    public static boolean isSuppressed(String address) {
        return address != null && findById(address) != null;
    }
}
