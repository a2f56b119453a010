package dev.spectrum.ingest.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArxivCalendarTest {

    private static final ZoneId ET = ZoneId.of("America/New_York");
    private final ArxivCalendar calendar = new ArxivCalendar(ET, Set.of(LocalDate.of(2026, 1, 19)), Duration.ofHours(1),
            Duration.ofMinutes(30));

    @Test
    void announcesSundayToThursdayExceptHolidays() {
        assertThat(calendar.announces(LocalDate.of(2026, 3, 8))).as("Sunday").isTrue();
        assertThat(calendar.announces(LocalDate.of(2026, 3, 12))).as("Thursday").isTrue();
        assertThat(calendar.announces(LocalDate.of(2026, 3, 13))).as("Friday").isFalse();
        assertThat(calendar.announces(LocalDate.of(2026, 3, 14))).as("Saturday").isFalse();
        assertThat(calendar.announces(LocalDate.of(2026, 1, 19))).as("MLK day").isFalse();
    }

    @Test
    void quietListingDaysHaveAReason() {
        assertThat(calendar.quietReason(LocalDate.of(2026, 3, 14))).isEqualTo("weekend");
        assertThat(calendar.quietReason(LocalDate.of(2026, 3, 15))).isEqualTo("weekend");
        assertThat(calendar.quietReason(LocalDate.of(2026, 3, 16))).as("Monday lists Sunday's mailing").isNull();
        assertThat(calendar.quietReason(LocalDate.of(2026, 3, 13))).as("Friday lists Thursday's mailing").isNull();
        assertThat(calendar.quietReason(LocalDate.of(2026, 1, 20))).isEqualTo("holiday");
    }

    @Test
    void apiRunsAnHourAfterTheEveningAnnouncementSkippingFridayAndSaturday() {
        Instant fridayNoon = ZonedDateTime.of(2026, 3, 13, 12, 0, 0, 0, ET).toInstant();
        assertThat(calendar.nextApiRun(fridayNoon)).isEqualTo(ZonedDateTime.of(2026, 3, 15, 21, 0, 0, 0, ET).toInstant());
        Instant mondayLate = ZonedDateTime.of(2026, 3, 16, 21, 30, 0, 0, ET).toInstant();
        assertThat(calendar.nextApiRun(mondayLate)).isEqualTo(ZonedDateTime.of(2026, 3, 17, 21, 0, 0, 0, ET).toInstant());
        Instant mlkMorning = ZonedDateTime.of(2026, 1, 19, 9, 0, 0, 0, ET).toInstant();
        assertThat(calendar.nextApiRun(mlkMorning)).isEqualTo(ZonedDateTime.of(2026, 1, 20, 21, 0, 0, 0, ET).toInstant());
    }

    @Test
    void feedRunsAfterMidnightOnListingDays() {
        Instant saturday = ZonedDateTime.of(2026, 3, 14, 10, 0, 0, 0, ET).toInstant();
        assertThat(calendar.nextFeedRun(saturday)).isEqualTo(ZonedDateTime.of(2026, 3, 16, 0, 30, 0, 0, ET).toInstant());
        Instant thursdayEvening = ZonedDateTime.of(2026, 3, 12, 22, 0, 0, 0, ET).toInstant();
        assertThat(calendar.nextFeedRun(thursdayEvening)).isEqualTo(ZonedDateTime.of(2026, 3, 13, 0, 30, 0, 0, ET).toInstant());
    }
}
