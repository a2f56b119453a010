package dev.spectrum.notify.delivery;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * Writes deliveries in the caller's transaction; the relay sends them after commit. The unique constraint on
 * (subscription, dedup key) makes every write idempotent: a duplicate writes nothing.
 */
@ApplicationScoped
public class Outbox {

    public enum Kind { ALERT, DIGEST, CONFIRMATION, DISABLED_NOTICE }

    /** One matched (subscription, paper) pair to record. */
    public record Match(long subscriptionId, String dedupKey, boolean instant) {
    }

    private final AgroalDataSource ds;
    private final EntityManager em;

    public Outbox(AgroalDataSource ds, EntityManager em) {
        this.ds = ds;
        this.em = em;
    }

    /** Records one delivery that is due now; returns false when it already existed. */
    public boolean enqueue(long subscriptionId, Kind kind, String dedupKey) {
        em.flush();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO delivery (subscription_id, kind, dedup_key, status, next_attempt_at)
                        VALUES (?, ?, ?, 'PENDING', now()) ON CONFLICT DO NOTHING""")) {
            ps.setLong(1, subscriptionId);
            ps.setString(2, kind.name());
            ps.setString(3, dedupKey);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records the matches of one paper in one statement; returns the subscriptions whose delivery is new. */
    public List<Long> enqueueMatches(Connection c, long paperId, String arxivId, Instant classifiedAt, List<Match> matches)
            throws SQLException {
        if (matches.isEmpty()) {
            return List.of();
        }
        Long[] subs = new Long[matches.size()];
        String[] keys = new String[matches.size()];
        String[] statuses = new String[matches.size()];
        for (int i = 0; i < subs.length; i++) {
            Match m = matches.get(i);
            subs[i] = m.subscriptionId();
            keys[i] = m.dedupKey();
            statuses[i] = m.instant() ? "PENDING" : "DIGEST";
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO delivery (subscription_id, kind, dedup_key, paper_id, arxiv_id, status, next_attempt_at, classified_at)
                SELECT s, 'ALERT', k, ?, ?, st, CASE WHEN st = 'PENDING' THEN now() END, ?
                FROM unnest(?::bigint[], ?::text[], ?::text[]) AS t(s, k, st)
                ON CONFLICT DO NOTHING RETURNING subscription_id""")) {
            ps.setLong(1, paperId);
            ps.setString(2, arxivId);
            ps.setTimestamp(3, Timestamp.from(classifiedAt));
            ps.setArray(4, c.createArrayOf("bigint", subs));
            ps.setArray(5, c.createArrayOf("text", keys));
            ps.setArray(6, c.createArrayOf("text", statuses));
            List<Long> inserted = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getLong(1));
                }
            }
            return inserted;
        }
    }

    /** Bumps the subscription version so every matcher reloads its index; call in the changing transaction. */
    public void subscriptionsChanged() {
        em.flush();
        em.createNativeQuery("UPDATE subscription_version SET version = version + 1 WHERE id = 1").executeUpdate();
    }

    /** Cancels what a subscription has not yet received (pause, unsubscribe, disable). */
    public void cancelPending(long subscriptionId, String why) {
        em.flush();
        em.createNativeQuery("""
                UPDATE delivery SET status = 'CANCELLED', last_error = ?1, lease_until = NULL
                WHERE subscription_id = ?2 AND status IN ('PENDING', 'DIGEST') AND kind <> 'DISABLED_NOTICE'""")
                .setParameter(1, why).setParameter(2, subscriptionId).executeUpdate();
    }

    public static long currentVersion(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM subscription_version WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
