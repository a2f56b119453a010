package dev.spectrum.ingest.coverage;

import dev.spectrum.ingest.config.IngestConfig;
import dev.spectrum.ingest.harvest.ArxivCalendar;
import dev.spectrum.ingest.harvest.Harvests;
import dev.spectrum.ingest.harvest.SourceState;
import dev.spectrum.ingest.harvest.SourceStates;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The coverage audit: per listing day and watched category, how many papers the feeds (or a replay) listed against how
 * many of those are published, and why a day is quiet (weekend, holiday, arXiv late, our error).
 */
@ApplicationScoped
public class Coverage {

    /** One day and category. {@code reason} is set for quiet days and gaps. */
    public record Row(LocalDate day, String category, long listed, long published, long missing, String reason) {
    }

    private static final String COUNTS = """
            SELECT l.day, l.category, count(*), count(s.published_at)
            FROM listing l LEFT JOIN seen s ON s.arxiv_id = l.arxiv_id AND s.version = l.version
            WHERE l.day BETWEEN ? AND ? GROUP BY l.day, l.category""";
    private static final String MISSING = """
            SELECT DISTINCT l.arxiv_id FROM listing l LEFT JOIN seen s ON s.arxiv_id = l.arxiv_id AND s.version = l.version
            WHERE l.day = ? AND s.published_at IS NULL""";

    private final AgroalDataSource dataSource;
    private final IngestConfig config;
    private final SourceStates states;
    private final ArxivCalendar calendar;

    public Coverage(AgroalDataSource dataSource, IngestConfig config, SourceStates states) {
        this.dataSource = dataSource;
        this.config = config;
        this.states = states;
        this.calendar = new ArxivCalendar(config.schedule());
    }

    /** The {@code days} listing days up to {@code until}, newest first. */
    public List<Row> report(LocalDate until, int days) {
        LocalDate from = until.minusDays(days - 1L);
        Map<String, long[]> counts = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(COUNTS)) {
            ps.setObject(1, from);
            ps.setObject(2, until);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getObject(1, LocalDate.class) + "|" + rs.getString(2), new long[] {rs.getLong(3), rs.getLong(4)});
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("coverage query failed: " + e.getMessage(), e);
        }
        SourceState rss = states.get(Harvests.RSS);
        Instant now = Instant.now();
        List<Row> rows = new ArrayList<>();
        for (LocalDate day = until; !day.isBefore(from); day = day.minusDays(1)) {
            for (String category : config.categories()) {
                long[] n = counts.getOrDefault(day + "|" + category, new long[2]);
                String reason = null;
                if (n[0] > n[1]) {
                    reason = "gap: " + (n[0] - n[1]) + " listed but not published yet";
                } else if (n[0] == 0) {
                    reason = quiet(day, rss, now);
                }
                rows.add(new Row(day, category, n[0], n[1], n[0] - n[1], reason));
            }
        }
        return rows;
    }

    private String quiet(LocalDate day, SourceState rss, Instant now) {
        String byCalendar = calendar.quietReason(day);
        if (byCalendar != null) {
            return byCalendar;
        }
        Instant dayStart = day.atStartOfDay(calendar.zone()).toInstant();
        if (rss.lastErrorAt != null && !rss.lastErrorAt.isBefore(dayStart)
                && (rss.lastSuccess == null || rss.lastSuccess.isBefore(rss.lastErrorAt))) {
            return "our error: " + rss.lastError;
        }
        if (day.equals(calendar.today(now)) && now.isBefore(day.atTime(LocalTime.of(6, 0)).atZone(calendar.zone()).toInstant())) {
            return "not yet harvested";
        }
        if (rss.lastSuccess != null && !rss.lastSuccess.isBefore(dayStart)) {
            return "arXiv late: the feed harvested that day listed nothing for this category";
        }
        return "not harvested: no feed run covered this day";
    }

    /** Ids listed on {@code day} whose candidate is not published, for a targeted re-fetch. */
    public List<String> missingIds(LocalDate day) {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(MISSING)) {
            ps.setObject(1, day);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("coverage query failed: " + e.getMessage(), e);
        }
        return ids;
    }
}
