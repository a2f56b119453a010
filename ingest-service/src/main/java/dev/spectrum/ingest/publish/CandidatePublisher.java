package dev.spectrum.ingest.publish;

import dev.spectrum.events.PaperCandidate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes candidates to Kafka exactly when PostgreSQL says they are new, and counts them as harvested only after Kafka
 * acknowledged them. Per batch: (1) in one transaction, insert an intent row per new (id, version) (an intent still
 * unpublished from an earlier crash is returned as new again); (2) send them keyed by arXiv id and collect the acks;
 * (3) mark the acknowledged ones published. Sources move their cursors only after (3), so a crash at any point makes
 * the source present the papers again and they are re-sent: at worst a duplicate, never a loss. Every source and the
 * benchmark go through this one class; {@link #publishAsync} lets a caller overlap batches.
 */
public final class CandidatePublisher {

    /** What happened to a batch. */
    public record Result(int received, int published, int duplicates) {
        public static final Result EMPTY = new Result(0, 0, 0);

        public Result plus(Result other) {
            return new Result(received + other.received, published + other.published, duplicates + other.duplicates);
        }
    }

    private static final String INSERT_INTENTS = """
            INSERT INTO seen (arxiv_id, version, source)
            SELECT * FROM unnest(?::text[], ?::int[], ?::text[])
            ON CONFLICT (arxiv_id, version) DO UPDATE SET source = EXCLUDED.source WHERE seen.published_at IS NULL
            RETURNING arxiv_id, version""";
    private static final String INSERT_LISTINGS = """
            INSERT INTO listing (day, category, arxiv_id, version, announce_type, source)
            SELECT * FROM unnest(?::date[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[])
            ON CONFLICT DO NOTHING""";
    private static final String MARK_PUBLISHED = """
            UPDATE seen SET published_at = now()
            FROM unnest(?::text[], ?::int[]) AS u(id, v) WHERE seen.arxiv_id = u.id AND seen.version = u.v""";
    private static final String LATEST_VERSIONS = "SELECT arxiv_id, max(version) FROM seen WHERE arxiv_id = ANY(?) GROUP BY arxiv_id";

    private final DataSource dataSource;
    private final Producer<String, PaperCandidate> producer;
    private final String topic;
    private final Set<String> listedCategories;
    private final Duration ackTimeout;
    private final Counter published;
    private final Counter duplicates;
    private final Counter failures;
    private final Timer intentTimer;
    private final Timer ackTimer;
    private final Timer markTimer;
    private final ExecutorService completer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "publish-completer");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param listedCategories categories whose listings are recorded for the coverage audit (empty = all)
     * @param ackTimeout how long {@link #publish} waits for a batch's acknowledgements
     */
    public CandidatePublisher(DataSource dataSource, Producer<String, PaperCandidate> producer, String topic,
            Set<String> listedCategories, Duration ackTimeout, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.producer = producer;
        this.topic = topic;
        this.listedCategories = Set.copyOf(listedCategories);
        this.ackTimeout = ackTimeout;
        this.published = registry.counter("spectrum.ingest.candidates.published");
        this.duplicates = registry.counter("spectrum.ingest.candidates.duplicates");
        this.failures = registry.counter("spectrum.ingest.publish.failures");
        this.intentTimer = registry.timer("spectrum.ingest.publish.phase", "phase", "intent");
        this.ackTimer = registry.timer("spectrum.ingest.publish.phase", "phase", "ack");
        this.markTimer = registry.timer("spectrum.ingest.publish.phase", "phase", "mark");
    }

    /**
     * Publishes what is new in the batch and waits for it. A failed attempt is repeated (twice, after 1 s and 2 s): the
     * intents still pending come back as new and only they are sent again. Throws {@link PublishException} when Kafka or
     * the database keeps failing; nothing is marked that was not acknowledged.
     */
    public Result publish(List<PaperCandidate> batch) {
        PublishException last = null;
        int earlier = 0;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                int sent = publishOnce(batch).published() + earlier;
                return new Result(batch.size(), sent, batch.size() - sent);
            } catch (PublishException e) {
                last = e;
                earlier += e.published;
                if (attempt < 3) {
                    try {
                        Thread.sleep(1000L << (attempt - 1));
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }
        throw last;
    }

    private Result publishOnce(List<PaperCandidate> batch) {
        try {
            return publishAsync(batch).get(ackTimeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof PublishException p ? p : new PublishException("publishing failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            failures.increment();
            throw new PublishException("Kafka did not acknowledge a batch within " + ackTimeout + "; it stays pending", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while publishing", e);
        }
    }

    /**
     * Records the intents now (throwing {@link PublishException} if the database fails) and sends; the future completes
     * once every new candidate of the batch is acknowledged and marked, or fails saying how many were not.
     */
    public CompletableFuture<Result> publishAsync(List<PaperCandidate> batch) {
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(Result.EMPTY);
        }
        List<PaperCandidate> toSend;
        long start = System.nanoTime();
        try {
            toSend = recordIntents(batch);
        } catch (SQLException e) {
            failures.increment();
            throw new PublishException("database failed while recording intents: " + e.getMessage(), e);
        } finally {
            intentTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
        int dups = batch.size() - toSend.size();
        duplicates.increment(dups);
        Result result = new Result(batch.size(), toSend.size(), dups);
        CompletableFuture<Result> done = new CompletableFuture<>();
        if (toSend.isEmpty()) {
            done.complete(result);
            return done;
        }
        int n = toSend.size();
        boolean[] acked = new boolean[n];
        AtomicInteger remaining = new AtomicInteger(n);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long sendStart = System.nanoTime();
        for (int i = 0; i < n; i++) {
            int index = i;
            PaperCandidate p = toSend.get(i);
            try {
                producer.send(new ProducerRecord<>(topic, p.arxivId(), p), (metadata, error) -> {
                    if (error == null) {
                        acked[index] = true;
                    } else {
                        failure.compareAndSet(null, error);
                    }
                    // The last ack hands the batch to the completer: the Kafka I/O thread must not wait on the database.
                    if (remaining.decrementAndGet() == 0) {
                        completer.execute(() -> finish(toSend, acked, failure.get(), result, done, sendStart));
                    }
                });
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
                if (remaining.decrementAndGet() == 0) {
                    completer.execute(() -> finish(toSend, acked, failure.get(), result, done, sendStart));
                }
            }
        }
        return done;
    }

    private void finish(List<PaperCandidate> toSend, boolean[] acked, Exception failure, Result result,
            CompletableFuture<Result> done, long sendStart) {
        ackTimer.record(System.nanoTime() - sendStart, TimeUnit.NANOSECONDS);
        List<PaperCandidate> ok = new ArrayList<>(toSend.size());
        for (int i = 0; i < acked.length; i++) {
            if (acked[i]) {
                ok.add(toSend.get(i));
            }
        }
        long markStart = System.nanoTime();
        try {
            markPublished(ok);
        } catch (SQLException e) {
            failures.increment();
            done.completeExceptionally(new PublishException("acknowledged by Kafka but not marked (they will be re-sent): "
                    + e.getMessage(), e));
            return;
        } finally {
            markTimer.record(System.nanoTime() - markStart, TimeUnit.NANOSECONDS);
        }
        published.increment(ok.size());
        if (failure != null) {
            failures.increment();
            done.completeExceptionally(new PublishException((toSend.size() - ok.size()) + " of " + toSend.size()
                    + " candidates not acknowledged by Kafka; they stay pending and are sent again: " + failure.getMessage(), failure,
                    ok.size()));
        } else {
            done.complete(result);
        }
    }

    private List<PaperCandidate> recordIntents(List<PaperCandidate> batch) throws SQLException {
        // One candidate per (id, version) within the batch; the first sighting wins.
        Map<String, PaperCandidate> unique = new LinkedHashMap<>(batch.size() * 2);
        List<PaperCandidate> unversioned = new ArrayList<>();
        for (PaperCandidate c : batch) {
            if (c.version() <= 0) {
                unversioned.add(c);
            } else {
                unique.putIfAbsent(c.arxivId() + 'v' + c.version(), c);
            }
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!unversioned.isEmpty()) {
                    resolveUnversioned(c, unversioned, unique);
                }
                List<PaperCandidate> candidates = new ArrayList<>(unique.values());
                int n = candidates.size();
                String[] ids = new String[n];
                Integer[] versions = new Integer[n];
                String[] sources = new String[n];
                for (int i = 0; i < n; i++) {
                    PaperCandidate p = candidates.get(i);
                    ids[i] = p.arxivId();
                    versions[i] = p.version();
                    sources[i] = p.source().wire();
                }
                Set<String> fresh = new HashSet<>(n * 2);
                try (PreparedStatement ps = c.prepareStatement(INSERT_INTENTS)) {
                    ps.setArray(1, c.createArrayOf("text", ids));
                    ps.setArray(2, c.createArrayOf("int4", versions));
                    ps.setArray(3, c.createArrayOf("text", sources));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            fresh.add(rs.getString(1) + 'v' + rs.getInt(2));
                        }
                    }
                }
                recordListings(c, batch);
                c.commit();
                List<PaperCandidate> toSend = new ArrayList<>(fresh.size());
                for (PaperCandidate p : candidates) {
                    if (fresh.contains(p.arxivId() + 'v' + p.version())) {
                        toSend.add(p);
                    }
                }
                return toSend;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Formats without version numbers (OAI {@code arXiv} for replaced papers) add nothing for a paper we know already;
     * an unknown paper is published as its first sighting, version 1.
     */
    private void resolveUnversioned(Connection c, List<PaperCandidate> unversioned, Map<String, PaperCandidate> unique)
            throws SQLException {
        Map<String, Integer> known = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(LATEST_VERSIONS)) {
            ps.setArray(1, c.createArrayOf("text", unversioned.stream().map(PaperCandidate::arxivId).toArray(String[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    known.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        Set<String> versioned = new HashSet<>();
        unique.values().forEach(p -> versioned.add(p.arxivId()));
        for (PaperCandidate p : unversioned) {
            if (!known.containsKey(p.arxivId()) && !versioned.contains(p.arxivId())) {
                unique.putIfAbsent(p.arxivId() + "v1", withVersion(p, 1));
            }
        }
    }

    private void recordListings(Connection c, List<PaperCandidate> batch) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (PaperCandidate p : batch) {
            if (p.announced() == null || p.version() <= 0) {
                continue;
            }
            for (String category : p.categories()) {
                if (listedCategories.isEmpty() || listedCategories.contains(category)) {
                    rows.add(new Object[] {java.sql.Date.valueOf(p.announced()), category, p.arxivId(), p.version(),
                        p.announceType().wire(), p.source().wire()});
                }
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_LISTINGS)) {
            for (int col = 0; col < 6; col++) {
                Object[] values = new Object[rows.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = rows.get(i)[col];
                }
                String type = col == 0 ? "date" : col == 3 ? "int4" : "text";
                Array array = c.createArrayOf(type, values);
                ps.setArray(col + 1, array);
            }
            ps.executeUpdate();
        }
    }

    private void markPublished(List<PaperCandidate> acked) throws SQLException {
        if (acked.isEmpty()) {
            return;
        }
        String[] ids = new String[acked.size()];
        Integer[] versions = new Integer[acked.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = acked.get(i).arxivId();
            versions[i] = acked.get(i).version();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(MARK_PUBLISHED)) {
            c.setAutoCommit(true);
            ps.setArray(1, c.createArrayOf("text", ids));
            ps.setArray(2, c.createArrayOf("int4", versions));
            ps.executeUpdate();
        }
    }

    static PaperCandidate withVersion(PaperCandidate p, int version) {
        return new PaperCandidate(p.schemaVersion(), p.arxivId(), version, p.title(), p.abstractText(), p.authors(), p.categories(),
                p.submitted(), p.updated(), p.announced(), p.comment(), p.journalRef(), p.doi(), p.links(), p.announceType(),
                p.source(), p.harvestedAt());
    }
}
