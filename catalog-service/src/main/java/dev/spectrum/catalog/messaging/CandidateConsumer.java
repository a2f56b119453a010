package dev.spectrum.catalog.messaging;

import dev.spectrum.catalog.config.CatalogConfig;
import dev.spectrum.catalog.metrics.CatalogMetrics;
import dev.spectrum.catalog.paper.CandidateHandler;
import dev.spectrum.events.InvalidEventException;
import dev.spectrum.events.PaperCandidate;
import dev.spectrum.events.PaperEvents;
import dev.spectrum.events.Topics;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes paper-candidates a poll at a time. Events that cannot be read are nacked one by one, which sends them to
 * the dead-letter topic with the reason; the rest go to the transactional handler as one batch.
 */
@ApplicationScoped
public class CandidateConsumer {

    private static final Logger LOG = Logger.getLogger(CandidateConsumer.class);

    private final CandidateHandler handler;
    private final CatalogMetrics metrics;
    private final CatalogConfig.Consumer config;

    public CandidateConsumer(CandidateHandler handler, CatalogMetrics metrics, CatalogConfig config) {
        this.handler = handler;
        this.metrics = metrics;
        this.config = config.consumer();
    }

    @Incoming(Topics.PAPER_CANDIDATES)
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        List<CompletionStage<Void>> acks = new ArrayList<>();
        List<KafkaRecord<String, byte[]>> readable = new ArrayList<>();
        List<PaperCandidate> candidates = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            try {
                candidates.add(PaperEvents.readCandidate(record.getPayload()));
                readable.add(record);
            } catch (InvalidEventException e) {
                acks.add(deadLetter(record, e));
            }
        }
        if (!candidates.isEmpty()) {
            List<CompletionStage<Void>> stored = store(readable, candidates);
            if (stored == null) {
                // shutting down mid-retry: leave the records unacknowledged so that they are delivered again
                return new CompletableFuture<>();
            }
            acks.addAll(stored);
        }
        return CompletableFuture.allOf(acks.stream().map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new));
    }

    /**
     * Stores the batch, retrying: transient failures (database away, concurrent writers) are retried until they pass,
     * so nothing is lost; a batch that keeps failing otherwise is split so that only the records at fault are
     * dead-lettered. Null when interrupted by shutdown.
     */
    private List<CompletionStage<Void>> store(List<KafkaRecord<String, byte[]>> records, List<PaperCandidate> candidates) {
        RuntimeException last = null;
        for (int attempt = 1; ; attempt++) {
            try {
                handler.store(candidates);
                return records.stream().map(KafkaRecord::ack).toList();
            } catch (RuntimeException e) {
                last = e;
                boolean isTransient = isTransient(e);
                if (!isTransient && attempt >= config.batchAttempts()) {
                    break;
                }
                LOG.warnf("storing %d candidates failed (attempt %d, %s): %s", candidates.size(), attempt,
                        isTransient ? "transient" : "will retry", rootMessage(e));
                if (!pause(attempt)) {
                    return null;
                }
            }
        }
        if (candidates.size() == 1) {
            return List.of(deadLetter(records.get(0), last));
        }
        List<CompletionStage<Void>> acks = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            List<CompletionStage<Void>> one = store(List.of(records.get(i)), List.of(candidates.get(i)));
            if (one == null) {
                return null;
            }
            acks.addAll(one);
        }
        return acks;
    }

    private CompletionStage<Void> deadLetter(KafkaRecord<String, byte[]> record, Throwable reason) {
        metrics.deadLettered();
        LOG.warnf("dead-lettering a record of %s-%d (key %s): %s", record.getTopic(), record.getPartition(),
                record.getKey(), rootMessage(reason));
        return record.nack(reason);
    }

    /** Failures that pass by themselves: no connection, serialisation conflicts, concurrent inserts and updates. */
    static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof jakarta.persistence.OptimisticLockException
                    || t instanceof org.hibernate.StaleStateException
                    || t instanceof org.hibernate.exception.JDBCConnectionException
                    || t instanceof java.sql.SQLTransientException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("40") || state.startsWith("57P")
                        || state.equals("23505") || state.equals("53300")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** False when interrupted. */
    private boolean pause(int attempt) {
        long base = config.retryBackoff().toMillis();
        long millis = Math.min(base * 10, base << Math.min(attempt - 1, 10));
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
