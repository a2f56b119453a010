package dev.spectrum.notify.matching;

import dev.spectrum.events.PaperClassified;
import dev.spectrum.events.PaperEvents;
import dev.spectrum.notify.delivery.Outbox;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records what a batch of classified papers means for subscribers, in one transaction: each paper once (by event id),
 * one delivery per (subscription, paper[, version]) — the database's unique constraint drops duplicates from
 * redelivered or repeated events. A paper re-classified as not relevant matches nothing and withdraws its alerts that
 * have not gone out yet (instant ones still pending, digest entries not yet bundled); alerts already sent stay sent.
 */
@ApplicationScoped
public class MatchHandler {

    private final AgroalDataSource ds;
    private final SubscriptionIndex index;
    private final Outbox outbox;

    public MatchHandler(AgroalDataSource ds, SubscriptionIndex index, Outbox outbox) {
        this.ds = ds;
        this.index = index;
        this.outbox = outbox;
    }

    /** New deliveries per channel, for the metrics once the transaction has committed. */
    @Transactional(rollbackOn = Exception.class)
    public Map<String, Integer> handle(List<PaperClassified> papers) throws SQLException {
        Map<String, Integer> matched = new HashMap<>();
        try (Connection c = ds.getConnection()) {
            MatchIndex current = index.current(c);
            for (PaperClassified p : papers) {
                Long paperId = store(c, p);
                if (paperId == null) {
                    continue;
                }
                if (!p.relevant()) {
                    withdraw(c, p.arxivId());
                    continue;
                }
                List<MatchIndex.Entry> entries = current.match(PaperView.of(p, index.taxonomy()));
                if (entries.isEmpty()) {
                    continue;
                }
                List<Outbox.Match> matches = new ArrayList<>(entries.size());
                Map<Long, String> channels = new HashMap<>();
                for (MatchIndex.Entry e : entries) {
                    matches.add(new Outbox.Match(e.id(), e.revisionsAlert() ? p.arxivId() + "v" + p.version() : p.arxivId(), e.instant()));
                    channels.put(e.id(), e.channel());
                }
                for (long sub : outbox.enqueueMatches(c, paperId, p.arxivId(), p.classifiedAt(), matches)) {
                    matched.merge(channels.get(sub), 1, Integer::sum);
                }
            }
        }
        return matched;
    }

    /** Stores the event; null when this event id was already handled. */
    private static Long store(Connection c, PaperClassified p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO paper (event_id, arxiv_id, version, classified_at, payload) VALUES (?, ?, ?, ?, ?::jsonb)
                ON CONFLICT (event_id) DO NOTHING RETURNING id""")) {
            ps.setString(1, p.eventId());
            ps.setString(2, p.arxivId());
            ps.setInt(3, p.version());
            ps.setTimestamp(4, Timestamp.from(p.classifiedAt()));
            ps.setString(5, PaperEvents.writeString(p));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static void withdraw(Connection c, String arxivId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE delivery SET status = 'CANCELLED', last_error = 'paper re-classified as not relevant', lease_until = NULL
                WHERE arxiv_id = ? AND kind = 'ALERT' AND status IN ('PENDING', 'DIGEST') AND attempts = 0""")) {
            ps.setString(1, arxivId);
            ps.executeUpdate();
        }
    }
}
