package dev.spectrum.catalog.messaging;

import dev.spectrum.catalog.config.CatalogConfig;
import dev.spectrum.events.Topics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Relays committed outbox rows to paper-classified, oldest first, keyed by arXiv id. A row is marked sent only after
 * the broker acknowledged it (acks=all), in the transaction that locked it, so a crash or a broker outage anywhere
 * between commit and acknowledgement leaves the row to be sent again: at least once, with the eventId for receivers.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final Emitter<String> emitter;
    private final EntityManager em;
    private final CatalogConfig.Outbox config;
    private final AtomicBoolean running = new AtomicBoolean(true);

    public OutboxRelay(@Channel(Topics.PAPER_CLASSIFIED) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            Emitter<String> emitter, EntityManager em, CatalogConfig config) {
        this.emitter = emitter;
        this.em = em;
        this.config = config.outbox();
    }

    /** Stops relaying (operators, tests); rows keep accumulating in the outbox. */
    public void stop() {
        running.set(false);
    }

    public void start() {
        running.set(true);
    }

    public boolean isRunning() {
        return running.get();
    }

    @Scheduled(every = "${spectrum.catalog.outbox.interval}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            while (running.get() && relayOnce() == config.batchSize()) {
                // a full round: more may be waiting
            }
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay round failed, will retry: %s", e.getMessage());
        }
    }

    /** Sends one round of unsent rows and marks those the broker acknowledged; returns how many were marked. */
    public int relayOnce() {
        return QuarkusTransaction.requiringNew().timeout((int) config.sendTimeout().toSeconds() + 30).call(() -> {
            List<OutboxEvent> rows = em.createQuery(
                    "FROM OutboxEvent WHERE sentAt IS NULL ORDER BY id", OutboxEvent.class)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .setHint("jakarta.persistence.lock.timeout", -2) // SKIP LOCKED: another instance has them
                    .setMaxResults(config.batchSize())
                    .getResultList();
            if (rows.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
            for (OutboxEvent row : rows) {
                CompletableFuture<Void> acked = new CompletableFuture<>();
                acks.add(acked);
                emitter.send(Message.of(row.payload,
                        Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withKey(row.arxivId).build()),
                        () -> {
                            acked.complete(null);
                            return CompletableFuture.completedFuture(null);
                        },
                        failure -> {
                            acked.completeExceptionally(failure);
                            return CompletableFuture.completedFuture(null);
                        }));
            }
            try {
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                        .get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                LOG.warnf("broker did not acknowledge every outbox event: %s", e.getMessage());
            }
            Instant now = Instant.now();
            int sent = 0;
            for (int i = 0; i < rows.size(); i++) {
                CompletableFuture<Void> acked = acks.get(i);
                if (acked.isDone() && !acked.isCompletedExceptionally()) {
                    rows.get(i).sentAt = now;
                    sent++;
                }
            }
            return sent;
        });
    }
}
