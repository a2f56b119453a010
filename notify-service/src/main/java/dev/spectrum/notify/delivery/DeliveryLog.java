package dev.spectrum.notify.delivery;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The delivery log of one subscription: each delivery, newest first, with every attempt, its outcome and next retry. */
@ApplicationScoped
public class DeliveryLog {

    public record Attempt(Instant at, String outcome, Integer httpStatus, String error, Long durationMs, Instant nextRetryAt) {
    }

    public record Entry(long id, String kind, String arxivId, String status, String webhookId, int attempts,
            Instant createdAt, Instant sentAt, Instant nextAttemptAt, String lastError, List<Attempt> log) {
    }

    private final AgroalDataSource ds;

    public DeliveryLog(AgroalDataSource ds) {
        this.ds = ds;
    }

    public List<Entry> page(long subscriptionId, int page, int size) {
        Map<Long, Entry> out = new LinkedHashMap<>();
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, kind, arxiv_id, status, message_id::text, attempts, created_at, sent_at, next_attempt_at, last_error
                    FROM delivery WHERE subscription_id = ? ORDER BY id DESC LIMIT ? OFFSET ?""")) {
                ps.setLong(1, subscriptionId);
                ps.setInt(2, size);
                ps.setLong(3, (long) page * size);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getLong(1), new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                "msg_" + rs.getString(5), rs.getInt(6), at(rs.getTimestamp(7)), at(rs.getTimestamp(8)),
                                "PENDING".equals(rs.getString(4)) ? at(rs.getTimestamp(9)) : null, rs.getString(10), new ArrayList<>()));
                    }
                }
            }
            if (!out.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("""
                        SELECT delivery_id, attempted_at, outcome, http_status, error, duration_ms, next_retry_at
                        FROM delivery_attempt WHERE delivery_id = ANY(?) ORDER BY id""")) {
                    ps.setArray(1, c.createArrayOf("bigint", out.keySet().toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            int status = rs.getInt(4);
                            Integer http = rs.wasNull() ? null : status;
                            out.get(rs.getLong(1)).log().add(new Attempt(at(rs.getTimestamp(2)), rs.getString(3), http,
                                    rs.getString(5), rs.getLong(6), at(rs.getTimestamp(7))));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new ArrayList<>(out.values());
    }

    private static Instant at(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
