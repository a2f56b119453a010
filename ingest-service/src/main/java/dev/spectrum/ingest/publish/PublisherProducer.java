package dev.spectrum.ingest.publish;

import dev.spectrum.events.PaperCandidate;
import dev.spectrum.events.Topics;
import dev.spectrum.ingest.config.IngestConfig;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Builds the one {@link CandidatePublisher} of the service: the {@code kafka.*} block of application.properties plus the
 * settings of {@link ProducerSettings}, topic {@link Topics#PAPER_CANDIDATES}. A plain producer (not an emitter) so a batch
 * can be flushed and its acknowledgements awaited together, and so the benchmark runs the very same class.
 */
@ApplicationScoped
public class PublisherProducer {

    private KafkaProducer<String, PaperCandidate> producer;

    @Produces
    @Singleton
    CandidatePublisher publisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, AgroalDataSource dataSource,
            IngestConfig config, MeterRegistry registry) {
        producer = new KafkaProducer<>(ProducerSettings.of(kafka));
        return new CandidatePublisher(dataSource, producer, Topics.PAPER_CANDIDATES, new HashSet<>(config.categories()),
                config.publish().ackTimeout(), registry);
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }
}
