package dev.spectrum.catalog.metrics;

import dev.spectrum.events.Taxonomy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The catalog's own metrics: papers classified (a counter; its rate is papers per second), dead-lettered events, and
 * relevant papers per taxonomy leaf (a gauge recounted from the database). Consumer lag comes from the Kafka client's
 * own metrics, which Quarkus binds ({@code kafka_consumer_fetch_manager_records_lag_max}).
 */
@ApplicationScoped
public class CatalogMetrics {

    private final Counter classified;
    private final Counter deadLettered;
    private final io.micrometer.core.instrument.Timer classifying;
    private final io.micrometer.core.instrument.Timer storing;
    private final Map<String, Long> perLeaf = new ConcurrentHashMap<>();
    private final EntityManager em;

    public CatalogMetrics(MeterRegistry registry, EntityManager em) {
        this.em = em;
        this.classified = Counter.builder("spectrum.catalog.classified")
                .description("Papers classified (new papers, new versions, re-classification)").register(registry);
        this.deadLettered = Counter.builder("spectrum.catalog.dead.lettered")
                .description("paper-candidates events sent to the dead-letter topic").register(registry);
        this.classifying = io.micrometer.core.instrument.Timer.builder("spectrum.catalog.batch")
                .description("Time spent per consumed batch, by phase (classify: the model; store: the whole transaction)")
                .tag("phase", "classify").register(registry);
        this.storing = io.micrometer.core.instrument.Timer.builder("spectrum.catalog.batch")
                .description("Time spent per consumed batch, by phase (classify: the model; store: the whole transaction)")
                .tag("phase", "store").register(registry);
        for (String leaf : Taxonomy.standard().leaves()) {
            perLeaf.put(leaf, 0L);
            Gauge.builder("spectrum.catalog.papers", perLeaf, m -> m.getOrDefault(leaf, 0L))
                    .description("Relevant papers per taxonomy leaf").tag("leaf", leaf).register(registry);
        }
    }

    public void classified(int n) {
        classified.increment(n);
    }

    /** Records a consumed batch: the time the model took and the time of the whole transaction. */
    public void batch(long classifyNanos, long totalNanos) {
        classifying.record(classifyNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        storing.record(totalNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void deadLettered() {
        deadLettered.increment();
    }

    @Scheduled(every = "${spectrum.catalog.metrics.refresh}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void recount() {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                @SuppressWarnings("unchecked")
                List<Object[]> rows = em.createNativeQuery(
                        "SELECT leaf, count(*) FROM paper, unnest(leaf_ids) AS leaf WHERE relevant GROUP BY leaf")
                        .getResultList();
                perLeaf.replaceAll((leaf, old) -> 0L);
                for (Object[] row : rows) {
                    perLeaf.put((String) row[0], ((Number) row[1]).longValue());
                }
            });
        } catch (RuntimeException e) {
            // a database away for a moment leaves the last counts in place
        }
    }
}
