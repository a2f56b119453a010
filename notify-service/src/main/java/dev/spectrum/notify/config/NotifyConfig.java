package dev.spectrum.notify.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Typed configuration of the notify service; every key lives under {@code spectrum.notify}. */
@ConfigMapping(prefix = "spectrum.notify")
public interface NotifyConfig {

    /** Public base URL of this service, used in confirmation, unsubscribe, management and overflow links. */
    @WithDefault("http://localhost:8083")
    String publicUrl();

    /** Bearer credential of the admin API; without it the admin API answers 401. Production: SPECTRUM_NOTIFY_ADMIN_TOKEN. */
    Optional<String> adminToken();

    /** Sender address of every e-mail. */
    @WithDefault("Spectrum alerts <alerts@spectrum.invalid>")
    String senderAddress();

    /** Mailbox named in the mailto form of List-Unsubscribe; offered only with {@link #unsubscribeImapUrl()} set. */
    @WithDefault("unsubscribe@spectrum.invalid")
    String unsubscribeMailbox();

    /**
     * IMAP URL (with credentials) of that mailbox, e.g. {@code imaps://user:password@imap.example.org/INBOX}; the service
     * reads the "unsubscribe &lt;token&gt;" mails arriving there. Unset: e-mails offer only the one-click HTTPS form,
     * because a mailto address nobody reads would swallow people's unsubscribe requests. Production: from a secret.
     */
    Optional<String> unsubscribeImapUrl();

    /** How often the unsubscribe mailbox is read. */
    @WithDefault("1m")
    Duration unsubscribePollInterval();

    /** Subscriptions one e-mail address or webhook URL may hold. */
    @WithDefault("10")
    int maxSubscriptionsPerAddress();

    /** Confirmation e-mails one address may receive per hour (stops mail-bombing through the opt-in). */
    @WithDefault("3")
    int confirmationsPerHour();

    /** Largest page any list endpoint serves; larger requests are refused. */
    @WithDefault("100")
    int maxPageSize();

    /** Webhook delivery. */
    Webhook webhook();

    /** The relay that sends committed deliveries. */
    Relay relay();

    /** Daily and weekly digests. */
    Digest digest();

    /** Webhook settings. */
    interface Webhook {
        /** Delays before attempts 1..n of a delivery (first is immediate); after the last failure the delivery fails. */
        @WithDefault("0s,5s,5m,30m,2h,5h,10h,10h")
        List<Duration> retrySchedule();

        /** Longest Retry-After honoured; a longer one is capped to this. */
        @WithDefault("24h")
        Duration maxRetryAfter();

        /** An endpoint that has failed every attempt for this long is disabled and its owner told. */
        @WithDefault("5d")
        Duration disableAfter();

        /** Connect timeout of a webhook request. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** Whole-request timeout of a webhook request (a 2xx within it is success). */
        @WithDefault("15s")
        Duration requestTimeout();

        /** Response bytes read before the connection is cut. */
        @WithDefault("65536")
        int maxResponseBytes();

        /** How long the previous secret still signs after a rotation. */
        @WithDefault("24h")
        Duration rotationGrace();

        /** Allow http and loopback targets: for local runs and tests only, never in production. */
        @WithDefault("false")
        boolean allowLoopback();

        /** Concurrent connections to one webhook host. */
        @WithDefault("32")
        int maxConnectionsPerHost();
    }

    /** Relay settings. */
    interface Relay {
        /** Whether the relay runs in this process. */
        @WithDefault("true")
        boolean enabled();

        /** How often the relay looks for due deliveries when nothing wakes it. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Deliveries claimed per round. */
        @WithDefault("500")
        int batchSize();

        /**
         * How long a claim on deliveries holds unless renewed. The relay renews it every third of this from claim to
         * record, however long the sends take; a process that dies mid-send gives its rows back after at most this.
         */
        @WithDefault("2m")
        Duration lease();

        /** Threads sending e-mail in parallel (SMTP is blocking); webhooks are sent asynchronously. */
        @WithDefault("16")
        int senders();

        /** Relay loops claiming in parallel; SKIP LOCKED keeps them (and other instances) from taking the same rows. */
        @WithDefault("3")
        int workers();
    }

    /** Digest settings. */
    interface Digest {
        /** How often due digests are looked for. */
        @WithDefault("30s")
        Duration pollInterval();

        /** Papers listed in one digest; the rest are behind the overflow link. */
        @WithDefault("50")
        int maxItems();

        /** Send nothing when a period has no papers. */
        @WithDefault("true")
        boolean skipEmpty();
    }
}
