package dev.spectrum.notify.subscription;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/** When the next digest of a subscription is due, at its time of day in its time zone (DST-aware). */
public final class DigestClock {

    private DigestClock() {
    }

    /** The first digest moment strictly after {@code after}; null for instant subscriptions. */
    public static Instant next(Subscription.Cadence cadence, LocalTime time, DayOfWeek day, String zone, Instant after) {
        if (cadence == Subscription.Cadence.INSTANT) {
            return null;
        }
        ZonedDateTime now = after.atZone(ZoneId.of(zone));
        ZonedDateTime at = now.toLocalDate().atTime(time).atZone(now.getZone());
        if (cadence == Subscription.Cadence.WEEKLY) {
            at = at.with(TemporalAdjusters.nextOrSame(day));
            if (!at.isAfter(now)) {
                at = at.plusWeeks(1);
            }
        } else if (!at.isAfter(now)) {
            at = at.plusDays(1);
        }
        return at.withZoneSameLocal(now.getZone()).toInstant();
    }
}
