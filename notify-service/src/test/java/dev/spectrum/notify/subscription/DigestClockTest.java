package dev.spectrum.notify.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class DigestClockTest {

    @Test
    void dailyDigestsFallAtTheLocalTimeOfTheSubscriber() {
        Instant after = Instant.parse("2026-03-07T10:00:00Z");
        assertThat(DigestClock.next(Subscription.Cadence.DAILY, LocalTime.of(8, 0), null, "Europe/Berlin", after))
                .isEqualTo(Instant.parse("2026-03-08T07:00:00Z"));
        assertThat(DigestClock.next(Subscription.Cadence.DAILY, LocalTime.of(12, 0), null, "UTC", after))
                .isEqualTo(Instant.parse("2026-03-07T12:00:00Z"));
    }

    @Test
    void summerTimeShiftsTheUtcInstantNotTheLocalTime() {
        // New York springs forward on 2026-03-08
        Instant after = Instant.parse("2026-03-07T15:00:00Z");
        assertThat(DigestClock.next(Subscription.Cadence.DAILY, LocalTime.of(9, 0), null, "America/New_York", after))
                .isEqualTo(Instant.parse("2026-03-08T13:00:00Z"));
    }

    @Test
    void weeklyDigestsFallOnTheChosenDay() {
        Instant saturday = Instant.parse("2026-03-07T10:00:00Z");
        assertThat(DigestClock.next(Subscription.Cadence.WEEKLY, LocalTime.of(8, 0), DayOfWeek.MONDAY, "UTC", saturday))
                .isEqualTo(Instant.parse("2026-03-09T08:00:00Z"));
        Instant mondayLate = Instant.parse("2026-03-09T09:00:00Z");
        assertThat(DigestClock.next(Subscription.Cadence.WEEKLY, LocalTime.of(8, 0), DayOfWeek.MONDAY, "UTC", mondayLate))
                .isEqualTo(Instant.parse("2026-03-16T08:00:00Z"));
    }
}
