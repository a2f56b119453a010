package dev.spectrum.notify.subscription;

import dev.spectrum.notify.config.NotifyConfig;
import dev.spectrum.notify.delivery.Outbox;
import dev.spectrum.notify.delivery.SsrfGuard;
import dev.spectrum.notify.delivery.Suppression;
import dev.spectrum.notify.matching.KeywordClause;
import dev.spectrum.notify.rest.ProblemException;
import dev.spectrum.events.Taxonomy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Creates, confirms, changes, pauses and ends subscriptions; every change bumps the version the matchers follow. */
@ApplicationScoped
public class SubscriptionService {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s<>\"(),;:]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,}$");
    private static final Pattern CATEGORY = Pattern.compile("^[a-z-]+(\\.[A-Za-z-]+)?$");
    private static final int MAX_LIST = 50;
    private static final int MAX_TEXT = 200;

    /** A created subscription with the secrets shown once. */
    public record Created(Subscription subscription, String token, String secret) {
    }

    private final NotifyConfig config;
    private final Outbox outbox;
    private final EntityManager em;
    private final Taxonomy taxonomy = Taxonomy.standard();
    private final SsrfGuard guard;

    public SubscriptionService(NotifyConfig config, Outbox outbox, EntityManager em) {
        this.config = config;
        this.outbox = outbox;
        this.em = em;
        this.guard = new SsrfGuard(config.webhook().allowLoopback());
    }

    @Transactional
    public Created create(SubscriptionRequest r) {
        List<String> errors = new ArrayList<>();
        boolean email = r.email != null;
        if (email == (r.webhookUrl != null)) {
            errors.add("give exactly one of email and webhookUrl");
        }
        String address = null;
        if (email) {
            address = normaliseEmail(r.email, "email", errors);
        } else if (r.webhookUrl != null) {
            address = r.webhookUrl.trim();
            try {
                guard.vet(address);
            } catch (SsrfGuard.Refused e) {
                errors.add("webhookUrl refused: " + e.getMessage());
            }
            if (address.length() > 2000) {
                errors.add("webhookUrl longer than 2000 characters");
            }
        }
        if (email && r.webhookFormat != null) {
            errors.add("webhookFormat applies to webhooks only");
        }
        String contact = r.contactEmail == null ? null : normaliseEmail(r.contactEmail, "contactEmail", errors);
        Subscription s = new Subscription();
        apply(s, r, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        if (Subscription.countForAddress(address) >= config.maxSubscriptionsPerAddress()) {
            throw new ProblemException(409, "Too many subscriptions",
                    "this address already holds " + config.maxSubscriptionsPerAddress() + " subscriptions, the limit");
        }
        if (email && Suppression.isSuppressed(address)) {
            throw new ProblemException(409, "Address suppressed",
                    "this address bounced or complained; it receives no mail from Spectrum");
        }
        Instant now = Instant.now();
        String token = Tokens.newToken();
        s.channel = email ? Subscription.Channel.EMAIL : Subscription.Channel.WEBHOOK;
        s.address = address;
        s.webhookFormat = email ? null : r.webhookFormat == null ? Subscription.Format.STANDARD : r.webhookFormat;
        s.contactEmail = contact;
        s.tokenHash = Tokens.hash(token);
        s.unsubscribeToken = Tokens.newToken();
        s.secret = email ? null : Tokens.newWebhookSecret();
        s.createdAt = now;
        s.updatedAt = now;
        s.nextDigestAt = DigestClock.next(s.cadence, s.digestTime, s.digestDay, s.timeZone, now);
        if (email) {
            s.status = Subscription.Status.PENDING_CONFIRMATION;
            s.persist();
            requestConfirmation(s);
        } else {
            s.status = Subscription.Status.ACTIVE;
            s.persist();
        }
        outbox.subscriptionsChanged();
        return new Created(s, token, s.secret);
    }

    /** Queues a confirmation e-mail, within the hourly limit per address. */
    private void requestConfirmation(Subscription s) {
        Number sent = (Number) em.createNativeQuery(
                "SELECT count(*) FROM confirmation_sent WHERE address = ?1 AND sent_at > now() - interval '1 hour'")
                .setParameter(1, s.address).getSingleResult();
        if (sent.intValue() >= config.confirmationsPerHour()) {
            throw new ProblemException(429, "Too many confirmations",
                    "this address got " + sent + " confirmation e-mails in the last hour; try again later");
        }
        em.createNativeQuery("INSERT INTO confirmation_sent (address, sent_at) VALUES (?1, now())")
                .setParameter(1, s.address).executeUpdate();
        outbox.enqueue(s.id, Outbox.Kind.CONFIRMATION, "confirm#" + Instant.now().toEpochMilli());
    }

    @Transactional
    public void resendConfirmation(Subscription s) {
        if (s.status != Subscription.Status.PENDING_CONFIRMATION) {
            throw new ProblemException(409, "Already confirmed", "this subscription needs no confirmation");
        }
        requestConfirmation(s);
    }

    /** The confirmation link's token for a subscription, created at sending time (the relay calls this). */
    @Transactional
    public String newConfirmToken(long subscriptionId) {
        Subscription s = Subscription.findById(subscriptionId);
        String token = Tokens.newToken();
        s.confirmTokenHash = Tokens.hash(token);
        return token;
    }

    @Transactional
    public Subscription confirm(String confirmToken) {
        Subscription s = Subscription.<Subscription>find("confirmTokenHash", Tokens.hash(confirmToken)).firstResultOptional()
                .orElseThrow(() -> new ProblemException(404, "Unknown confirmation", "this confirmation link is not valid"));
        if (s.status == Subscription.Status.PENDING_CONFIRMATION) {
            s.status = Subscription.Status.ACTIVE;
            s.updatedAt = Instant.now();
            outbox.subscriptionsChanged();
        }
        return s;
    }

    @Transactional
    public Subscription update(long id, String token, SubscriptionRequest r) {
        Subscription s = owned(id, token);
        List<String> errors = new ArrayList<>();
        if (r.email != null && !r.email.trim().equalsIgnoreCase(s.address) || r.webhookUrl != null && !r.webhookUrl.trim().equals(s.address)) {
            errors.add("the address of a subscription cannot change; create a new one");
        }
        if (r.webhookFormat != null && s.channel == Subscription.Channel.EMAIL) {
            errors.add("webhookFormat applies to webhooks only");
        }
        String contact = r.contactEmail == null ? null : normaliseEmail(r.contactEmail, "contactEmail", errors);
        apply(s, r, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        if (r.webhookFormat != null) {
            s.webhookFormat = r.webhookFormat;
        }
        s.contactEmail = contact;
        s.updatedAt = Instant.now();
        s.nextDigestAt = DigestClock.next(s.cadence, s.digestTime, s.digestDay, s.timeZone, s.updatedAt);
        outbox.subscriptionsChanged();
        return s;
    }

    @Transactional
    public Subscription pause(long id, String token, boolean pause) {
        return setPaused(owned(id, token), pause);
    }

    @Transactional
    public Subscription setPaused(Subscription s, boolean pause) {
        s = Subscription.getEntityManager().merge(s);
        if (pause && s.status == Subscription.Status.ACTIVE) {
            s.status = Subscription.Status.PAUSED;
            outbox.cancelPending(s.id, "paused");
        } else if (!pause && (s.status == Subscription.Status.PAUSED || s.status == Subscription.Status.DISABLED)) {
            s.status = Subscription.Status.ACTIVE;
            s.statusReason = null;
            s.failingSince = null;
            s.nextDigestAt = DigestClock.next(s.cadence, s.digestTime, s.digestDay, s.timeZone, Instant.now());
        } else {
            throw new ProblemException(409, "Cannot " + (pause ? "pause" : "resume"), "the subscription is " + s.status);
        }
        s.updatedAt = Instant.now();
        outbox.subscriptionsChanged();
        return s;
    }

    @Transactional
    public void delete(long id, String token) {
        deleteNow(owned(id, token));
    }

    @Transactional
    public void deleteNow(Subscription s) {
        Subscription.deleteById(s.id);
        outbox.subscriptionsChanged();
    }

    /** Ends a subscription by its unsubscribe token ({@code how}, link or e-mail, becomes the reason); repeating is harmless. */
    @Transactional
    public Subscription unsubscribe(String unsubscribeToken, String how) {
        Subscription s = Subscription.byUnsubscribeToken(unsubscribeToken)
                .orElseThrow(() -> new ProblemException(404, "Unknown link", "this unsubscribe link is not valid"));
        if (s.status != Subscription.Status.UNSUBSCRIBED) {
            s.status = Subscription.Status.UNSUBSCRIBED;
            s.statusReason = "unsubscribed by " + how;
            s.updatedAt = Instant.now();
            outbox.cancelPending(s.id, "unsubscribed");
            outbox.subscriptionsChanged();
        }
        return s;
    }

    /** Replaces the webhook secret; the old one keeps signing for the grace period. Returns the new secret. */
    @Transactional
    public String rotateSecret(long id, String token) {
        Subscription s = owned(id, token);
        if (s.channel != Subscription.Channel.WEBHOOK) {
            throw new ProblemException(409, "No secret", "only webhook subscriptions have a signing secret");
        }
        s.previousSecret = s.secret;
        s.previousSecretUntil = Instant.now().plus(config.webhook().rotationGrace());
        s.secret = Tokens.newWebhookSecret();
        s.updatedAt = Instant.now();
        return s.secret;
    }

    /** The subscription with this id, if the token opens it; otherwise 404 whether or not the id exists. */
    public Subscription owned(long id, String token) {
        Subscription s = Subscription.byToken(token).orElseThrow(ProblemException::notFound);
        if (s.id != id) {
            throw ProblemException.notFound();
        }
        return s;
    }

    private void apply(Subscription s, SubscriptionRequest r, List<String> errors) {
        for (String field : r.unknownFields) {
            errors.add("field '" + field + "' is unknown or owned by the server");
        }
        Filter f = r.filter();
        checkList("nodes", f.nodes(), errors);
        checkList("keywords", f.keywords(), errors);
        checkList("authors", f.authors(), errors);
        checkList("categories", f.categories(), errors);
        for (String node : f.nodes()) {
            if (!taxonomy.contains(node)) {
                errors.add("nodes: unknown taxonomy node '" + node + "'");
            }
        }
        for (String k : f.keywords()) {
            try {
                KeywordClause.parse(k);
            } catch (IllegalArgumentException e) {
                errors.add("keywords: " + e.getMessage());
            }
        }
        for (String c : f.categories()) {
            if (!CATEGORY.matcher(c).matches()) {
                errors.add("categories: '" + c + "' is not an arXiv category such as cs.CL");
            }
        }
        if (f.minConfidence() != null && (f.minConfidence() < 0 || f.minConfidence() > 1)) {
            errors.add("minConfidence must lie in [0, 1]");
        }
        s.filter(f);
        s.cadence = r.cadence == null ? Subscription.Cadence.INSTANT : r.cadence;
        s.revisionsAlert = Boolean.TRUE.equals(r.revisionsAlert);
        if (s.cadence == Subscription.Cadence.INSTANT) {
            if (r.digestTime != null || r.digestDay != null || r.timeZone != null) {
                errors.add("digestTime, digestDay and timeZone apply to DAILY and WEEKLY subscriptions only");
            }
            s.digestTime = null;
            s.digestDay = null;
            s.timeZone = null;
            return;
        }
        try {
            s.digestTime = r.digestTime == null ? LocalTime.of(8, 0) : LocalTime.parse(r.digestTime);
        } catch (DateTimeParseException e) {
            errors.add("digestTime must be HH:mm");
        }
        s.digestDay = s.cadence == Subscription.Cadence.WEEKLY ? (r.digestDay == null ? DayOfWeek.MONDAY : r.digestDay) : null;
        if (s.cadence == Subscription.Cadence.DAILY && r.digestDay != null) {
            errors.add("digestDay applies to WEEKLY subscriptions only");
        }
        try {
            s.timeZone = r.timeZone == null ? "UTC" : ZoneId.of(r.timeZone).getId();
        } catch (DateTimeException e) {
            errors.add("timeZone '" + r.timeZone + "' is not an IANA time zone");
        }
    }

    private static void checkList(String name, List<String> values, List<String> errors) {
        if (values.size() > MAX_LIST) {
            errors.add(name + ": at most " + MAX_LIST + " entries");
        }
        for (String v : values) {
            if (v == null || v.isBlank() || v.length() > MAX_TEXT) {
                errors.add(name + ": entries must be non-blank and at most " + MAX_TEXT + " characters");
                return;
            }
        }
    }

    /** Trimmed and lower-cased, so that limits and the suppression list see one spelling per mailbox. */
    public static String normaliseEmail(String raw, String field, List<String> errors) {
        String e = raw.trim().toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(e).matches() || e.length() > 254) {
            errors.add(field + ": '" + raw + "' is not an e-mail address");
        }
        return e;
    }

}
