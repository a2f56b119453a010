package dev.spectrum.notify.subscription;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.spectrum.events.PaperEvents;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Optional;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A subscription: who receives alerts (an e-mail address or a webhook URL), for which papers and how often. */
@Entity
@Table(name = "subscription")
public class Subscription extends PanacheEntityBase {

    public enum Channel { EMAIL, WEBHOOK }

    public enum Cadence { INSTANT, DAILY, WEEKLY }

    public enum Format { STANDARD, SLACK, DISCORD }

    public enum Status { PENDING_CONFIRMATION, ACTIVE, PAUSED, UNSUBSCRIBED, DISABLED }

    @Id
    @SequenceGenerator(name = "subscription_seq", sequenceName = "subscription_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "subscription_seq")
    public Long id;

    @Enumerated(EnumType.STRING)
    public Channel channel;

    public String address;

    @Enumerated(EnumType.STRING)
    @Column(name = "webhook_format")
    public Format webhookFormat;

    @Column(name = "contact_email")
    public String contactEmail;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "filter")
    public String filterJson;

    @Enumerated(EnumType.STRING)
    public Cadence cadence;

    @Column(name = "digest_time")
    public LocalTime digestTime;

    @Enumerated(EnumType.STRING)
    @Column(name = "digest_day")
    public DayOfWeek digestDay;

    @Column(name = "time_zone")
    public String timeZone;

    @Column(name = "revisions_alert")
    public boolean revisionsAlert;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "status_reason")
    public String statusReason;

    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "confirm_token_hash")
    public String confirmTokenHash;

    @Column(name = "unsubscribe_token")
    public String unsubscribeToken;

    public String secret;

    @Column(name = "previous_secret")
    public String previousSecret;

    @Column(name = "previous_secret_until")
    public Instant previousSecretUntil;

    @Column(name = "next_digest_at")
    public Instant nextDigestAt;

    @Column(name = "failing_since")
    public Instant failingSince;

    @Column(name = "delivered_count")
    public long deliveredCount;

    @Column(name = "failed_count")
    public long failedCount;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public Filter filter() {
        try {
            return PaperEvents.mapper().readValue(filterJson, Filter.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored filter unreadable for subscription " + id, e);
        }
    }

    public void filter(Filter filter) {
        filterJson = PaperEvents.writeString(filter);
    }

    public static Optional<Subscription> byToken(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return find("tokenHash", Tokens.hash(token)).firstResultOptional();
    }

    public static Optional<Subscription> byUnsubscribeToken(String token) {
        return find("unsubscribeToken", token).firstResultOptional();
    }

    public static long countForAddress(String address) {
        return count("address = ?1 and status <> ?2", address, Status.UNSUBSCRIBED);
    }
}
