package dev.spectrum.notify.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spectrum.events.PaperClassified;
import dev.spectrum.events.PaperEvents;
import dev.spectrum.notify.config.NotifyConfig;
import dev.spectrum.notify.subscription.SubscriptionService;
import dev.spectrum.events.Taxonomy;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Sends committed deliveries. It claims due rows with {@code FOR UPDATE SKIP LOCKED} and a lease (so several
 * instances share the work and a process that dies mid-send gives its rows back when the lease ends), sends them in
 * parallel, then records every attempt, its outcome and the next retry. Nothing is sent inside the matching
 * transaction: a stop between commit and send leaves the rows pending, and the next relay run sends them.
 */
@ApplicationScoped
public class DeliveryRelay {

    private static final Logger LOG = Logger.getLogger(DeliveryRelay.class);

    enum Result { SENT, RETRY, FAILED, DISABLE, SUPPRESSED, CANCELLED }

    record Claimed(long id, long subscriptionId, String kind, Long paperId, int attempts, String messageId, String items,
            Instant classifiedAt) {
    }

    record Recipient(long id, String channel, String address, String format, String contactEmail, String status,
            String unsubscribeToken, String secret, String previousSecret, Instant previousSecretUntil, Instant failingSince) {
    }

    record Outcome(Claimed d, Recipient r, Result result, Integer httpStatus, String error, Instant nextAt, long millis) {
    }

    private final AgroalDataSource ds;
    private final NotifyConfig config;
    private final Mails mails;
    private final WebhookClient webhooks;
    private final Metrics metrics;
    private final SubscriptionService subscriptions;
    private final Content content = new Content(Taxonomy.standard());
    private final LinkedBlockingQueue<Boolean> signal = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private volatile boolean paused;
    private final List<Thread> threads = new ArrayList<>();
    /** Deliveries this process has claimed and not yet recorded; their claim is renewed until then. */
    private final Set<Long> held = ConcurrentHashMap.newKeySet();
    private ExecutorService senders;
    private ScheduledExecutorService keeper;

    public DeliveryRelay(AgroalDataSource ds, NotifyConfig config, Mails mails, WebhookClient webhooks, Metrics metrics,
            SubscriptionService subscriptions) {
        this.ds = ds;
        this.config = config;
        this.mails = mails;
        this.webhooks = webhooks;
        this.metrics = metrics;
        this.subscriptions = subscriptions;
    }

    void start(@Observes StartupEvent ev) {
        if (!config.relay().enabled()) {
            LOG.info("delivery relay disabled in this process");
            return;
        }
        senders = Executors.newFixedThreadPool(config.relay().senders(), r -> {
            Thread t = new Thread(r, "notify-sender");
            t.setDaemon(true);
            return t;
        });
        keeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "notify-lease-keeper");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(50, leaseMillis() / 3);
        keeper.scheduleWithFixedDelay(this::renewHeld, every, every, TimeUnit.MILLISECONDS);
        running = true;
        for (int i = 0; i < config.relay().workers(); i++) {
            Thread t = new Thread(this::loop, "notify-relay-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        running = false;
        wake();
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (senders != null) {
            senders.shutdown();
        }
        if (keeper != null) {
            keeper.shutdownNow();
        }
    }

    /** Looks for due deliveries now instead of at the next poll (called after a matching commit). */
    public void wake() {
        // one token per worker at most: enough to wake them all, never a backlog of empty rounds
        while (signal.size() < Math.max(1, threads.size())) {
            signal.offer(Boolean.TRUE);
        }
    }

    /** Stops sending (operations, e.g. while the mail provider is down); deliveries keep accumulating, nothing is lost. */
    public void pause(boolean pause) {
        paused = pause;
        wake();
    }

    public boolean paused() {
        return paused;
    }

    private void loop() {
        while (running) {
            int n = 0;
            if (!paused) {
                try {
                    n = round();
                } catch (Exception e) {
                    LOG.warnf("relay round failed, retrying at the next poll: %s", e.getMessage());
                }
            }
            if (n < config.relay().batchSize()) {
                try {
                    signal.poll(config.relay().pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** One claim-send-record round; returns how many deliveries it handled. */
    int round() throws SQLException {
        List<Claimed> claimed = claim();
        if (claimed.isEmpty()) {
            return 0;
        }
        List<Long> ids = claimed.stream().map(Claimed::id).toList();
        held.addAll(ids);
        try {
            sendAndRecord(claimed);
        } finally {
            // recorded, or failed and left for the claim to run out and another round to retry
            ids.forEach(held::remove);
        }
        return claimed.size();
    }

    private void sendAndRecord(List<Claimed> claimed) throws SQLException {
        Map<Long, Recipient> recipients = recipients(claimed);
        Map<Long, JsonNode> items = new HashMap<>();
        Set<Long> paperIds = new HashSet<>();
        for (Claimed d : claimed) {
            if (d.paperId() != null) {
                paperIds.add(d.paperId());
            }
            if (d.items() != null) {
                JsonNode node = readTree(d.items());
                items.put(d.id(), node);
                node.path("papers").forEach(p -> paperIds.add(p.asLong()));
            }
        }
        Map<Long, PaperClassified> papers = papers(paperIds);
        Set<String> suppressed = suppressed(recipients.values());
        List<CompletableFuture<Outcome>> sends = new ArrayList<>();
        for (Claimed d : claimed) {
            sends.add(send(d, recipients.get(d.subscriptionId()), papers, items.get(d.id()), suppressed));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (CompletableFuture<Outcome> f : sends) {
            outcomes.add(f.join());
        }
        record(outcomes);
    }

    private List<Claimed> claim() throws SQLException {
        List<Claimed> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        UPDATE delivery d SET lease_until = now() + ? * interval '1 millisecond'
                        FROM (SELECT id FROM delivery
                              WHERE status = 'PENDING' AND next_attempt_at <= now()
                                AND (lease_until IS NULL OR lease_until < now())
                              ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) due
                        WHERE d.id = due.id
                        RETURNING d.id, d.subscription_id, d.kind, d.paper_id, d.attempts, d.message_id::text, d.items::text,
                                  d.classified_at""")) {
            ps.setLong(1, leaseMillis());
            ps.setInt(2, config.relay().batchSize());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long paper = rs.getLong(4);
                    out.add(new Claimed(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.wasNull() ? null : paper, rs.getInt(5),
                            rs.getString(6), rs.getString(7), instant(rs.getTimestamp(8))));
                }
            }
        }
        return out;
    }

    private long leaseMillis() {
        return config.relay().lease().toMillis();
    }

    /**
     * Renews the claim on every delivery a round of this process holds, from its claim to its record (sent ones too:
     * their outcome is not recorded yet). A send may then take as long as it takes (a slow SMTP server, webhooks queued
     * behind others on one host) without another worker claiming the rows and sending them again, while a process that
     * dies stops renewing and gives its rows back within one lease.
     */
    private void renewHeld() {
        if (held.isEmpty()) {
            return;
        }
        Long[] ids = held.toArray(Long[]::new);
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        UPDATE delivery SET lease_until = now() + ? * interval '1 millisecond'
                        WHERE id = ANY(?) AND status = 'PENDING' AND lease_until IS NOT NULL""")) {
            ps.setLong(1, leaseMillis());
            ps.setArray(2, c.createArrayOf("bigint", ids));
            ps.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            // the next renewal tries again; only a database away for a whole lease lets another worker take the rows
            LOG.warnf("renewing the claim on %d deliveries failed: %s", ids.length, e.getMessage());
        }
    }

    private Map<Long, Recipient> recipients(List<Claimed> claimed) throws SQLException {
        Map<Long, Recipient> out = new HashMap<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        SELECT id, channel, address, webhook_format, contact_email, status, unsubscribe_token, secret,
                               previous_secret, previous_secret_until, failing_since
                        FROM subscription WHERE id = ANY(?)""")) {
            ps.setArray(1, c.createArrayOf("bigint", claimed.stream().map(Claimed::subscriptionId).distinct().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), new Recipient(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            instant(rs.getTimestamp(10)), instant(rs.getTimestamp(11))));
                }
            }
        }
        return out;
    }

    private Map<Long, PaperClassified> papers(Set<Long> ids) throws SQLException {
        Map<Long, PaperClassified> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, payload::text FROM paper WHERE id = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), PaperEvents.mapper().readValue(rs.getString(2), PaperClassified.class));
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored paper unreadable", e);
        }
        return out;
    }

    private Set<String> suppressed(java.util.Collection<Recipient> recipients) throws SQLException {
        Set<String> out = new HashSet<>();
        List<String> addresses = new ArrayList<>();
        for (Recipient r : recipients) {
            addresses.add(r.address());
            if (r.contactEmail() != null) {
                addresses.add(r.contactEmail());
            }
        }
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT address FROM suppression WHERE address = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("text", addresses.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private CompletableFuture<Outcome> send(Claimed d, Recipient r, Map<Long, PaperClassified> papers, JsonNode items,
            Set<String> suppressed) {
        long started = System.nanoTime();
        if (r == null) {
            return done(d, null, Result.CANCELLED, null, "subscription gone", started);
        }
        boolean notice = d.kind().equals("DISABLED_NOTICE");
        boolean confirmation = d.kind().equals("CONFIRMATION");
        String expected = confirmation ? "PENDING_CONFIRMATION" : "ACTIVE";
        if (!notice && !r.status().equals(expected)) {
            return done(d, r, Result.CANCELLED, null, "subscription is " + r.status(), started);
        }
        String mailTo = notice ? (r.channel().equals("EMAIL") ? r.address() : r.contactEmail()) : r.address();
        boolean byMail = notice || r.channel().equals("EMAIL");
        if (byMail && (mailTo == null || suppressed.contains(mailTo))) {
            return done(d, r, mailTo == null ? Result.CANCELLED : Result.SUPPRESSED, null,
                    mailTo == null ? "no address to tell" : "address suppressed", started);
        }
        Message m = compose(d, r, papers, items);
        if (byMail) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    String text = m.text() + (m.listMail() ? Content.footerText(mails.unsubscribeUrl(r.unsubscribeToken())) : "");
                    String html = m.html() + (m.listMail() ? Content.footerHtml(mails.unsubscribeUrl(r.unsubscribeToken())) : "");
                    mails.send(mailTo, m.subject(), text, html, m.listMail() ? r.unsubscribeToken() : null);
                    return outcome(d, r, Result.SENT, null, null, null, started);
                } catch (Exception e) {
                    return failure(d, r, null, "SMTP: " + e.getMessage(), null, started);
                }
            }, senders);
        }
        String body = m.json();
        long ts = Instant.now().getEpochSecond();
        String id = "msg_" + d.messageId();
        String signature = WebhookSigner.sign(r.secret(), id, ts, body);
        if (r.previousSecret() != null && r.previousSecretUntil() != null && r.previousSecretUntil().isAfter(Instant.now())) {
            signature += " " + WebhookSigner.sign(r.previousSecret(), id, ts, body);
        }
        return webhooks.post(r.address(), body, Map.of("webhook-id", id, "webhook-timestamp", Long.toString(ts),
                "webhook-signature", signature)).thenApply(resp -> {
                    if (resp.status() >= 200 && resp.status() < 300) {
                        return outcome(d, r, Result.SENT, resp.status(), null, null, started);
                    }
                    if (resp.status() == 410) {
                        return outcome(d, r, Result.DISABLE, 410, "endpoint answered 410 Gone", null, started);
                    }
                    String error = resp.status() > 0 ? "HTTP " + resp.status() : resp.error();
                    return failure(d, r, resp.status() > 0 ? resp.status() : null, error, resp.retryAfter(), started);
                });
    }

    /** What one delivery says, in the form its channel needs. */
    record Message(String subject, String text, String html, String json, boolean listMail) {
    }

    private Message compose(Claimed d, Recipient r, Map<Long, PaperClassified> papers, JsonNode items) {
        String format = r.format() == null ? "STANDARD" : r.format();
        switch (d.kind()) {
            case "CONFIRMATION" -> {
                String token = subscriptions.newConfirmToken(r.id());
                String url = config.publicUrl() + "/confirm/" + token;
                String text = "Someone (hopefully you) asked to send Spectrum alerts on new research to this address.\n"
                        + "Confirm here: " + url + "\nIf it was not you, ignore this e-mail: nothing will be sent.\n";
                String html = "<p>Someone (hopefully you) asked to send Spectrum alerts on new research to this address.</p>"
                        + "<p><a href=\"" + Content.esc(url) + "\">Confirm the subscription</a></p>"
                        + "<p>If it was not you, ignore this e-mail: nothing will be sent.</p>";
                return new Message("[Spectrum] Confirm your subscription", text, html, null, false);
            }
            case "DISABLED_NOTICE" -> {
                String text = "Spectrum stopped alerting " + r.address() + " (subscription " + r.id() + "): "
                        + "it kept failing or refused deliveries. Resume it with its management token once it works again.\n";
                return new Message("[Spectrum] Alerts to " + r.address() + " disabled", text, "<p>" + Content.esc(text) + "</p>", null, false);
            }
            case "DIGEST" -> {
                List<PaperClassified> list = new ArrayList<>();
                items.path("papers").forEach(p -> {
                    PaperClassified pc = papers.get(p.asLong());
                    if (pc != null) {
                        list.add(pc);
                    }
                });
                int overflow = items.path("overflow").asInt();
                String overflowUrl = config.publicUrl() + "/digests/" + d.messageId();
                Map<String, List<PaperClassified>> groups = content.groups(list);
                int total = list.size() + overflow;
                String json = switch (format) {
                    case "SLACK" -> Content.slack(content.chatDigest(groups, overflow, overflowUrl)).toString();
                    case "DISCORD" -> Content.discord(content.chatDigest(groups, overflow, overflowUrl)).toString();
                    default -> content.digestJson(r.id(), "msg_" + d.messageId(), groups, overflow, overflowUrl).toString();
                };
                return new Message(Content.digestSubject(total), content.digestText(groups, overflow, overflowUrl),
                        content.digestHtml(groups, overflow, overflowUrl), json, true);
            }
            default -> {
                PaperClassified p = papers.get(d.paperId());
                String json = switch (format) {
                    case "SLACK" -> Content.slack(content.chat(p)).toString();
                    case "DISCORD" -> Content.discord(content.chat(p)).toString();
                    default -> content.alertJson(r.id(), "msg_" + d.messageId(), p).toString();
                };
                return new Message(Content.subject(p), content.text(p), content.html(p), json, true);
            }
        }
    }

    private Outcome failure(Claimed d, Recipient r, Integer status, String error, String retryAfter, long started) {
        Instant now = Instant.now();
        Instant failingSince = r.failingSince() == null ? now : r.failingSince();
        if (Duration.between(failingSince, now).compareTo(config.webhook().disableAfter()) >= 0 && !d.kind().equals("CONFIRMATION")) {
            return outcome(d, r, Result.DISABLE, status, error + "; failing since " + failingSince, null, started);
        }
        List<Duration> schedule = config.webhook().retrySchedule();
        int attempt = d.attempts() + 1;
        if (attempt >= schedule.size()) {
            return outcome(d, r, Result.FAILED, status, error + "; gave up after " + attempt + " attempts", null, started);
        }
        Duration wait = schedule.get(attempt);
        Duration asked = retryAfter(retryAfter, now);
        if (asked != null && asked.compareTo(wait) > 0) {
            wait = asked.compareTo(config.webhook().maxRetryAfter()) > 0 ? config.webhook().maxRetryAfter() : asked;
        }
        return outcome(d, r, Result.RETRY, status, error, now.plus(wait), started);
    }

    /** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(now, ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException ignored) {
                return null;
            }
        }
    }

    private static CompletableFuture<Outcome> done(Claimed d, Recipient r, Result result, Integer status, String error, long started) {
        return CompletableFuture.completedFuture(outcome(d, r, result, status, error, null, started));
    }

    private static Outcome outcome(Claimed d, Recipient r, Result result, Integer status, String error, Instant next, long started) {
        return new Outcome(d, r, result, status, error, next, (System.nanoTime() - started) / 1_000_000);
    }

    /** Records outcomes; retried, because the sends have happened and a lost record would mean sending again. */
    private void record(List<Outcome> outcomes) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                recordOnce(outcomes);
                break;
            } catch (SQLException e) {
                if (attempt == 5) {
                    throw e;
                }
                LOG.warnf("recording %d outcomes failed (attempt %d), retrying: %s", outcomes.size(), attempt, e.getMessage());
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        metrics(outcomes, Instant.now());
    }

    private void recordOnce(List<Outcome> outcomes) throws SQLException {
        Instant now = Instant.now();
        // subscription rows first and in id order, like every other writer, so that writers never deadlock
        java.util.TreeMap<Long, int[]> perSubscription = new java.util.TreeMap<>();
        List<Outcome> disable = new ArrayList<>();
        for (Outcome o : outcomes) {
            boolean counts = o.r() != null && !o.d().kind().equals("DISABLED_NOTICE") && !o.d().kind().equals("CONFIRMATION");
            if (counts && (o.result() == Result.SENT || o.result() == Result.RETRY || o.result() == Result.FAILED)) {
                int[] c = perSubscription.computeIfAbsent(o.r().id(), k -> new int[3]);
                c[o.result() == Result.SENT ? 0 : o.result() == Result.RETRY ? 1 : 2]++;
            } else if (o.result() == Result.DISABLE) {
                disable.add(o);
            }
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement upd = c.prepareStatement("""
                    UPDATE delivery SET status = ?, attempts = attempts + 1, next_attempt_at = ?, lease_until = NULL,
                           last_error = ?, sent_at = CASE WHEN ? = 'SENT' THEN now() ELSE sent_at END
                    WHERE id = ?""");
                    PreparedStatement att = c.prepareStatement("""
                            INSERT INTO delivery_attempt (delivery_id, attempted_at, outcome, http_status, error, duration_ms, next_retry_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?)""");
                    PreparedStatement subs = c.prepareStatement("""
                            UPDATE subscription SET delivered_count = delivered_count + ?, failed_count = failed_count + ?,
                                   failing_since = CASE WHEN ? > 0 AND ? = 0 THEN COALESCE(failing_since, now())
                                                        WHEN ? > 0 THEN NULL ELSE failing_since END
                            WHERE id = ?""")) {
                for (var e : perSubscription.entrySet()) {
                    int[] n = e.getValue();
                    int failures = n[1] + n[2];
                    subs.setInt(1, n[0]);
                    subs.setInt(2, n[2]);
                    subs.setInt(3, failures);
                    subs.setInt(4, n[0]);
                    subs.setInt(5, n[0]);
                    subs.setLong(6, e.getKey());
                    subs.addBatch();
                }
                subs.executeBatch();
                disable.sort(java.util.Comparator.comparingLong(o -> o.r().id()));
                for (Outcome o : disable) {
                    disable(c, o);
                }
                for (Outcome o : outcomes) {
                    String status = switch (o.result()) {
                        case SENT -> "SENT";
                        case RETRY -> "PENDING";
                        case FAILED, DISABLE -> "FAILED";
                        case SUPPRESSED -> "SUPPRESSED";
                        case CANCELLED -> "CANCELLED";
                    };
                    upd.setString(1, status);
                    upd.setTimestamp(2, o.nextAt() == null ? null : Timestamp.from(o.nextAt()));
                    upd.setString(3, o.error());
                    upd.setString(4, status);
                    upd.setLong(5, o.d().id());
                    upd.addBatch();
                    att.setLong(1, o.d().id());
                    att.setTimestamp(2, Timestamp.from(now));
                    att.setString(3, o.result().name());
                    att.setObject(4, o.httpStatus());
                    att.setString(5, o.error());
                    att.setLong(6, o.millis());
                    att.setTimestamp(7, o.nextAt() == null ? null : Timestamp.from(o.nextAt()));
                    att.addBatch();
                }
                upd.executeBatch();
                att.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private void metrics(List<Outcome> outcomes, Instant now) {
        for (Outcome o : outcomes) {
            String channel = o.r() == null ? "unknown" : o.d().kind().equals("DISABLED_NOTICE") || o.d().kind().equals("CONFIRMATION") ? "email" : o.r().channel();
            switch (o.result()) {
                case SENT -> {
                    metrics.sent(channel);
                    if (o.d().classifiedAt() != null) {
                        metrics.latency(channel, Duration.between(o.d().classifiedAt(), now));
                    }
                }
                case RETRY, FAILED, DISABLE -> metrics.failed(channel);
                default -> {
                }
            }
        }
    }

    private void disable(Connection c, Outcome o) throws SQLException {
        long sub = o.r().id();
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE subscription SET status = 'DISABLED', status_reason = ?, failed_count = failed_count + 1,
                       failing_since = COALESCE(failing_since, now()), updated_at = now() WHERE id = ? AND status = 'ACTIVE'""")) {
            ps.setString(1, o.error());
            ps.setLong(2, sub);
            if (ps.executeUpdate() == 0) {
                return;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE delivery SET status = 'CANCELLED', last_error = 'subscription disabled', lease_until = NULL
                WHERE subscription_id = ? AND status IN ('PENDING', 'DIGEST') AND id <> ?""")) {
            ps.setLong(1, sub);
            ps.setLong(2, o.d().id());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE subscription_version SET version = version + 1 WHERE id = 1")) {
            ps.executeUpdate();
        }
        if (o.r().channel().equals("EMAIL") || o.r().contactEmail() != null) {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO delivery (subscription_id, kind, dedup_key, status, next_attempt_at)
                    VALUES (?, 'DISABLED_NOTICE', ?, 'PENDING', now()) ON CONFLICT DO NOTHING""")) {
                ps.setLong(1, sub);
                ps.setString(2, "disabled#" + System.currentTimeMillis());
                ps.executeUpdate();
            }
        }
        LOG.infof("subscription %d disabled: %s", sub, o.error());
    }

    private static JsonNode readTree(String json) {
        try {
            return PaperEvents.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

}
