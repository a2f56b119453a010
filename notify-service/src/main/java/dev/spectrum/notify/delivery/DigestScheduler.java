package dev.spectrum.notify.delivery;

import dev.spectrum.notify.config.NotifyConfig;
import dev.spectrum.notify.subscription.DigestClock;
import dev.spectrum.notify.subscription.Subscription;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Turns the waiting entries of due daily/weekly subscriptions into one DIGEST delivery each, in one transaction:
 * the entries become BUNDLED (so no paper is ever in two digests) and the relay sends the digest like any delivery.
 * Subscriptions are claimed with SKIP LOCKED, so several instances never build the same digest.
 */
@ApplicationScoped
public class DigestScheduler {

    private static final Logger LOG = Logger.getLogger(DigestScheduler.class);

    private final AgroalDataSource ds;
    private final NotifyConfig config;
    private final DeliveryRelay relay;

    public DigestScheduler(AgroalDataSource ds, NotifyConfig config, DeliveryRelay relay) {
        this.ds = ds;
        this.config = config;
        this.relay = relay;
    }

    @Scheduled(every = "${spectrum.notify.digest.poll-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "1s")
    void tick() {
        try {
            if (buildDue() > 0) {
                relay.wake();
            }
        } catch (SQLException e) {
            LOG.warnf("digest round failed, retrying at the next tick: %s", e.getMessage());
        }
    }

    /** Builds the digests that are due; returns how many were queued. */
    public int buildDue() throws SQLException {
        int queued = 0;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Object[]> due = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("""
                        SELECT id, cadence, digest_time, digest_day, time_zone, next_digest_at FROM subscription
                        WHERE status = 'ACTIVE' AND cadence <> 'INSTANT' AND next_digest_at <= now()
                        ORDER BY next_digest_at LIMIT 200 FOR UPDATE SKIP LOCKED""");
                        ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        due.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getTime(3).toLocalTime(), rs.getString(4),
                                rs.getString(5), rs.getTimestamp(6).toInstant()});
                    }
                }
                for (Object[] s : due) {
                    if (build(c, (long) s[0], (Instant) s[5])) {
                        queued++;
                    }
                    Instant next = DigestClock.next(Subscription.Cadence.valueOf((String) s[1]), (java.time.LocalTime) s[2],
                            s[3] == null ? null : DayOfWeek.valueOf((String) s[3]), (String) s[4], Instant.now());
                    try (PreparedStatement ps = c.prepareStatement("UPDATE subscription SET next_digest_at = ? WHERE id = ?")) {
                        ps.setTimestamp(1, Timestamp.from(next));
                        ps.setLong(2, (long) s[0]);
                        ps.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        return queued;
    }

    private boolean build(Connection c, long subscription, Instant dueAt) throws SQLException {
        List<Long> ids = new ArrayList<>();
        List<Long> papers = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, paper_id FROM delivery WHERE subscription_id = ? AND status = 'DIGEST'
                ORDER BY classified_at, id FOR UPDATE""")) {
            ps.setLong(1, subscription);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    papers.add(rs.getLong(2));
                }
            }
        }
        if (ids.isEmpty() && config.digest().skipEmpty()) {
            return false;
        }
        int cap = config.digest().maxItems();
        List<Long> listed = papers.subList(0, Math.min(cap, papers.size()));
        String items = "{\"papers\":" + listed + ",\"overflow\":" + (papers.size() - listed.size()) + "}";
        long digestId;
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO delivery (subscription_id, kind, dedup_key, status, next_attempt_at, items)
                VALUES (?, 'DIGEST', ?, 'PENDING', now(), ?::jsonb) ON CONFLICT DO NOTHING RETURNING id""")) {
            ps.setLong(1, subscription);
            ps.setString(2, "digest#" + dueAt);
            ps.setString(3, items);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                digestId = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE delivery SET status = 'BUNDLED', digest_id = ? WHERE id = ANY(?)")) {
            ps.setLong(1, digestId);
            ps.setArray(2, c.createArrayOf("bigint", ids.toArray()));
            ps.executeUpdate();
        }
        return true;
    }
}
