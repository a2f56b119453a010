package dev.spectrum.ingest.harvest;

import dev.spectrum.ingest.config.IngestConfig;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A PostgreSQL session advisory lock that makes one replica at a time the harvester, so that all replicas together still
 * send one request at a time to arXiv. The lock lives as long as the connection that took it: a crashed replica frees it.
 */
@ApplicationScoped
public class HarvestLock {

    private final AgroalDataSource dataSource;
    private final long key;

    public HarvestLock(AgroalDataSource dataSource, IngestConfig config) {
        this.dataSource = dataSource;
        this.key = config.http().lockKey();
    }

    /** Runs {@code work} holding the lock; returns false without running it when another replica holds it. */
    public boolean runExclusive(Runnable work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            if (!query(c, "SELECT pg_try_advisory_lock(?)")) {
                return false;
            }
            try {
                work.run();
                return true;
            } finally {
                query(c, "SELECT pg_advisory_unlock(?)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take the harvester lock: " + e.getMessage(), e);
        }
    }

    private boolean query(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
