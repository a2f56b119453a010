package dev.spectrum.notify.matching;

import dev.spectrum.events.PaperEvents;
import dev.spectrum.notify.delivery.Outbox;
import dev.spectrum.notify.subscription.Filter;
import dev.spectrum.events.Taxonomy;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Holds the current {@link MatchIndex} of active subscriptions. Every subscription change bumps a version row in the
 * same transaction; a matcher that sees a newer version than its index reloads before matching, so a paper is never
 * matched against subscriptions older than the ones committed before it was read, on any instance.
 */
@ApplicationScoped
public class SubscriptionIndex {

    private static final Logger LOG = Logger.getLogger(SubscriptionIndex.class);

    private final Taxonomy taxonomy = Taxonomy.standard();
    private final io.agroal.api.AgroalDataSource ds;
    private volatile MatchIndex current = MatchIndex.empty(taxonomy);

    public SubscriptionIndex(io.agroal.api.AgroalDataSource ds) {
        this.ds = ds;
    }

    void warm(@Observes StartupEvent ev) {
        try (Connection c = ds.getConnection()) {
            current(c);
        } catch (SQLException e) {
            LOG.warn("index not warmed at start; the first paper will load it", e);
        }
    }

    public Taxonomy taxonomy() {
        return taxonomy;
    }

    /** The index at the version committed in the database, reloading it if needed (on the caller's connection). */
    public MatchIndex current(Connection c) throws SQLException {
        long version = Outbox.currentVersion(c);
        MatchIndex index = current;
        if (index.version() == version) {
            return index;
        }
        synchronized (this) {
            if (current.version() != version) {
                current = load(c, version);
            }
            return current;
        }
    }

    private MatchIndex load(Connection c, long version) throws SQLException {
        long started = System.nanoTime();
        List<MatchIndex.Entry> entries = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, filter::text, cadence, revisions_alert, channel FROM subscription WHERE status = 'ACTIVE'")) {
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    try {
                        Filter f = PaperEvents.mapper().readValue(rs.getString(2), Filter.class);
                        entries.add(new MatchIndex.Entry(id, "INSTANT".equals(rs.getString(3)), rs.getBoolean(4),
                                rs.getString(5), new CompiledFilter(f, taxonomy)));
                    } catch (Exception e) {
                        LOG.errorf(e, "subscription %d has an unreadable filter; it is left out of matching", id);
                    }
                }
            }
        }
        LOG.debugf("subscription index v%d: %d active in %d ms", version, entries.size(), (System.nanoTime() - started) / 1_000_000);
        return new MatchIndex(version, entries, taxonomy);
    }
}
