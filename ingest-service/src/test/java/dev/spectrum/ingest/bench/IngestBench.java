package dev.spectrum.ingest.bench;

import dev.spectrum.events.Topics;
import dev.spectrum.ingest.publish.CandidatePublisher;
import dev.spectrum.ingest.publish.ProducerSettings;
import dev.spectrum.ingest.replay.ReplayRunner;
import dev.spectrum.localstack.KafkaBroker;
import dev.spectrum.localstack.Ports;
import dev.spectrum.localstack.PostgresServer;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.flywaydb.core.Flyway;

/**
 * Benchmark, not a test: replays the whole arxiv-stream corpus through the service's own publishing path
 * ({@link ReplayRunner} → {@link CandidatePublisher}: intents in PostgreSQL, Kafka acks=all with idempotence, marking)
 * against a real local Kafka broker and PostgreSQL, and prints {@code ingest papers_per_s=<n>} as its last line.
 *
 * <p>Corpus: the first argument, else {@code <spectrum.shared>/data/arxiv-stream}.
 */
public final class IngestBench {

    public static void main(String[] args) throws Exception {
        Path corpus = args.length > 0 ? Path.of(args[0])
                : Path.of(System.getProperty("spectrum.shared", "../shared")).resolve("data/arxiv-stream");
        if (!Files.exists(corpus)) {
            System.err.println("ingest bench: corpus not found at " + corpus.toAbsolutePath()
                    + "; pass its path as the first argument or set -Dspectrum.shared=<shared dir>");
            System.exit(2);
        }
        Path dir = Files.createTempDirectory("spectrum-ingest-bench-");
        try (PostgresServer pg = PostgresServer.start(dir.resolve("pg"), Ports.free(), false);
                KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"), Ports.free(), Ports.free(), 3)) {
            pg.ensureDatabase("ingest");
            String url = pg.jdbcUrl("ingest") + "?reWriteBatchedInserts=true";
            Flyway.configure().dataSource(url, PostgresServer.USER, PostgresServer.PASSWORD).load().migrate();
            try (AgroalDataSource ds = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                    .connectionPoolConfiguration(pool -> pool.maxSize(4).initialSize(2)
                            .connectionFactoryConfiguration(cf -> cf.jdbcUrl(url)
                                    .principal(new NamePrincipal(PostgresServer.USER))
                                    .credential(new SimplePassword(PostgresServer.PASSWORD)))));
                    KafkaProducer<String, dev.spectrum.events.PaperCandidate> producer = new KafkaProducer<>(
                            ProducerSettings.of(Map.of("bootstrap.servers", kafka.bootstrapServers(), "client.id", "ingest-bench")))) {
                Set<String> watched = Set.of("cs.CL", "cs.LG", "cs.AI", "cs.CV", "cs.DC", "cs.AR", "cs.PF", "stat.ML");
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                CandidatePublisher publisher = new CandidatePublisher(ds, producer, Topics.PAPER_CANDIDATES, watched,
                        Duration.ofSeconds(60), registry);
                ReplayRunner runner = new ReplayRunner(publisher, 2000);
                long start = System.nanoTime();
                runner.run(corpus, ReplayRunner.Mode.FAST, 0, Duration.ZERO);
                double seconds = (System.nanoTime() - start) / 1e9;
                long onTopic = countRecords(kafka.bootstrapServers());
                System.out.printf("ingest corpus=%s read=%d published=%d acknowledged_on_topic=%d seconds=%.2f%n", corpus, runner.read(),
                        runner.published(), onTopic, seconds);
                registry.getMeters().stream().filter(m -> m instanceof io.micrometer.core.instrument.Timer)
                        .map(m -> (io.micrometer.core.instrument.Timer) m)
                        .forEach(t -> System.out.printf("ingest timer %s%s count=%d total_s=%.2f%n", t.getId().getName(),
                                t.getId().getTags(), t.count(), t.totalTime(java.util.concurrent.TimeUnit.SECONDS)));
                if (onTopic != runner.published()) {
                    System.err.println("ingest bench: topic holds " + onTopic + " records, expected " + runner.published());
                    System.exit(1);
                }
                System.out.printf("ingest papers_per_s=%d%n", Math.round(runner.published() / seconds));
            }
        } finally {
            deleteQuietly(dir);
        }
        System.exit(0);
    }

    private static long countRecords(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(Topics.PAPER_CANDIDATES)).allTopicNames().get()
                    .get(Topics.PAPER_CANDIDATES).partitions().stream()
                    .map(p -> new TopicPartition(Topics.PAPER_CANDIDATES, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // a leftover temp directory is harmless
        }
    }
}
