package dev.spectrum.ingest.harvest;

import dev.spectrum.ingest.config.IngestConfig;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * arXiv's announcement calendar: mailings Sunday to Thursday at 20:00 US Eastern (none on Friday, Saturday or holidays);
 * the feeds are rebuilt at the following midnight, so listing days are Monday to Friday.
 */
public final class ArxivCalendar {

    private static final LocalTime ANNOUNCEMENT = LocalTime.of(20, 0);

    private final ZoneId zone;
    private final Set<LocalDate> holidays;
    private final Duration afterAnnouncement;
    private final Duration afterFeedRebuild;

    public ArxivCalendar(IngestConfig.Schedule config) {
        this(ZoneId.of(config.zone()), Set.copyOf(config.holidays()), config.afterAnnouncement(), config.afterFeedRebuild());
    }

    public ArxivCalendar(ZoneId zone, Set<LocalDate> holidays, Duration afterAnnouncement, Duration afterFeedRebuild) {
        this.zone = zone;
        this.holidays = holidays;
        this.afterAnnouncement = afterAnnouncement;
        this.afterFeedRebuild = afterFeedRebuild;
    }

    public ZoneId zone() {
        return zone;
    }

    /** True when arXiv announces new submissions on the evening of {@code day} (US Eastern). */
    public boolean announces(LocalDate day) {
        DayOfWeek d = day.getDayOfWeek();
        return d != DayOfWeek.FRIDAY && d != DayOfWeek.SATURDAY && !holidays.contains(day);
    }

    /** True when {@code day} has a listing: the feed of that day carries the previous evening's announcement. */
    public boolean lists(LocalDate day) {
        return announces(day.minusDays(1));
    }

    /** Why a listing day is quiet by arXiv's calendar, or null when arXiv should have listed papers. */
    public String quietReason(LocalDate day) {
        LocalDate evening = day.minusDays(1);
        if (announces(evening)) {
            return null;
        }
        DayOfWeek d = evening.getDayOfWeek();
        return d == DayOfWeek.FRIDAY || d == DayOfWeek.SATURDAY ? "weekend" : "holiday";
    }

    /** The first API harvest time after {@code now}: an announcement evening plus the configured delay. */
    public Instant nextApiRun(Instant now) {
        ZonedDateTime t = now.atZone(zone);
        for (LocalDate day = t.toLocalDate().minusDays(1); ; day = day.plusDays(1)) {
            ZonedDateTime run = day.atTime(ANNOUNCEMENT).atZone(zone).plus(afterAnnouncement);
            if (announces(day) && run.toInstant().isAfter(now)) {
                return run.toInstant();
            }
        }
    }

    /** The first feed harvest after {@code now}: midnight after an announcement plus the configured delay. */
    public Instant nextFeedRun(Instant now) {
        ZonedDateTime t = now.atZone(zone);
        for (LocalDate day = t.toLocalDate().minusDays(1); ; day = day.plusDays(1)) {
            ZonedDateTime run = day.atStartOfDay(zone).plus(afterFeedRebuild);
            if (lists(day) && run.toInstant().isAfter(now)) {
                return run.toInstant();
            }
        }
    }

    /** Today's listing day in arXiv's zone. */
    public LocalDate today(Instant now) {
        return now.atZone(zone).toLocalDate();
    }
}
