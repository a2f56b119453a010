package dev.spectrum.ingest.publish;

import dev.spectrum.events.PaperCandidate;
import dev.spectrum.events.PaperEvents;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes candidates to Kafka exactly when PostgreSQL says they are new, and counts them as harvested only after Kafka
 * acknowledged them. Per batch: (1) in one transaction, insert an intent row per new (id, version) with its payload;
 * (2) send them all and wait for the acks; (3) mark them published. A crash after (1) leaves intents that
 * {@link #recoverPending} sends again; a crash after (2) republishes at worst. Every source and the benchmark go through
 * this one class.
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
            INSERT INTO seen (arxiv_id, version, source, payload)
            SELECT * FROM unnest(?::text[], ?::int[], ?::text[], ?::bytea[])
            ON CONFLICT (arxiv_id, version) DO UPDATE SET payload = EXCLUDED.payload WHERE seen.published_at IS NULL
            RETURNING arxiv_id, version""";
    private static final String INSERT_LISTINGS = """
            INSERT INTO listing (day, category, arxiv_id, version, announce_type, source)
            SELECT * FROM unnest(?::date[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[])
            ON CONFLICT DO NOTHING""";
    private static final String MARK_PUBLISHED = """
            UPDATE seen SET published_at = now(), payload = NULL
            FROM unnest(?::text[], ?::int[]) AS u(id, v) WHERE seen.arxiv_id = u.id AND seen.version = u.v""";
    private static final String LATEST_VERSIONS = "SELECT arxiv_id, max(version) FROM seen WHERE arxiv_id = ANY(?) GROUP BY arxiv_id";
    private static final String PENDING = """
            SELECT payload FROM seen WHERE published_at IS NULL AND payload IS NOT NULL AND first_seen < now() - ?::interval
            ORDER BY first_seen LIMIT ?""";

    private final DataSource dataSource;
    private final Producer<String, PaperCandidate> producer;
    private final String topic;
    private final Set<String> listedCategories;
    private final Duration ackTimeout;
    private final Counter published;
    private final Counter duplicates;
    private final Counter failures;
    private final Timer batchTimer;

    /**
     * @param listedCategories categories whose listings are recorded for the coverage audit (empty = all)
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
        this.batchTimer = registry.timer("spectrum.ingest.publish.batch");
    }

    /** Publishes what is new in the batch; throws {@link PublishException} when Kafka or the database fails (nothing is lost). */
    public Result publish(List<PaperCandidate> batch) {
        if (batch.isEmpty()) {
            return Result.EMPTY;
        }
        long start = System.nanoTime();
        try {
            List<PaperCandidate> toSend = recordIntents(batch);
            send(toSend);
            published.increment(toSend.size());
            duplicates.increment(batch.size() - toSend.size());
            return new Result(batch.size(), toSend.size(), batch.size() - toSend.size());
        } catch (SQLException e) {
            failures.increment();
            throw new PublishException("database failed while publishing: " + e.getMessage(), e);
        } finally {
            batchTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** Sends intents left by a crash or a failed send; returns how many were published. */
    public int recoverPending(Duration olderThan) {
        int total = 0;
        try {
            while (true) {
                List<PaperCandidate> pending = new ArrayList<>();
                try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(PENDING)) {
                    ps.setString(1, olderThan.toMillis() + " milliseconds");
                    ps.setInt(2, 2000);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            pending.add(PaperEvents.readCandidate(rs.getBytes(1)));
                        }
                    }
                }
                if (pending.isEmpty()) {
                    return total;
                }
                send(pending);
                total += pending.size();
                published.increment(pending.size());
            }
        } catch (SQLException e) {
            failures.increment();
            throw new PublishException("database failed while recovering pending candidates: " + e.getMessage(), e);
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
                byte[][] payloads = new byte[n][];
                for (int i = 0; i < n; i++) {
                    PaperCandidate p = candidates.get(i);
                    ids[i] = p.arxivId();
                    versions[i] = p.version();
                    sources[i] = p.source().wire();
                    payloads[i] = PaperEvents.write(p);
                }
                Set<String> fresh = new HashSet<>(n * 2);
                try (PreparedStatement ps = c.prepareStatement(INSERT_INTENTS)) {
                    ps.setArray(1, c.createArrayOf("text", ids));
                    ps.setArray(2, c.createArrayOf("int4", versions));
                    ps.setArray(3, c.createArrayOf("text", sources));
                    ps.setArray(4, c.createArrayOf("bytea", payloads));
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

    private void send(List<PaperCandidate> toSend) throws SQLException {
        if (toSend.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(toSend.size());
        for (PaperCandidate p : toSend) {
            acks.add(producer.send(new ProducerRecord<>(topic, p.arxivId(), p)));
        }
        producer.flush();
        List<PaperCandidate> acked = new ArrayList<>(toSend.size());
        Exception failure = null;
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acked.add(toSend.get(i));
            } catch (ExecutionException | TimeoutException e) {
                failure = failure == null ? e : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = e;
                break;
            }
        }
        markPublished(acked);
        if (failure != null) {
            failures.increment();
            throw new PublishException((toSend.size() - acked.size()) + " of " + toSend.size()
                    + " candidates not acknowledged by Kafka; they stay pending and are sent again: " + failure.getMessage(), failure);
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
