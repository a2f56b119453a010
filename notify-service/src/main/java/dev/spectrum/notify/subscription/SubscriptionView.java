package dev.spectrum.notify.subscription;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A subscription as its holder sees it. {@code token} (management) and {@code secret} (webhook signing) appear only
 * in the response that creates them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionView(long id, Subscription.Channel channel, String address, Subscription.Format webhookFormat,
        String contactEmail, Filter filter, Subscription.Cadence cadence, String digestTime, java.time.DayOfWeek digestDay,
        String timeZone, boolean revisionsAlert, Subscription.Status status, String statusReason, Instant createdAt,
        Instant nextDigestAt, Instant failingSince, long deliveredCount, long failedCount, String token, String secret,
        String manageUrl) {

    public static SubscriptionView of(Subscription s) {
        return of(s, null, null, null);
    }

    public static SubscriptionView of(Subscription s, String token, String secret, String manageUrl) {
        return new SubscriptionView(s.id, s.channel, s.address, s.webhookFormat, s.contactEmail, s.filter(), s.cadence,
                s.digestTime == null ? null : s.digestTime.toString(), s.digestDay, s.timeZone, s.revisionsAlert,
                s.status, s.statusReason, s.createdAt, s.nextDigestAt, s.failingSince, s.deliveredCount, s.failedCount,
                token, secret, manageUrl);
    }
}
