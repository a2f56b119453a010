package dev.spectrum.localstack.test;

import dev.spectrum.localstack.KafkaBroker;
import dev.spectrum.localstack.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Quarkus test resource: one real Kafka broker (KRaft) per module's test run, on free ports, in a throw-away
 * directory. Register it with {@code restrictToAnnotatedClass = false}.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private static KafkaBroker broker;
    private static Path dir;

    @Override
    public synchronized Map<String, String> start() {
        if (broker == null) {
            try {
                dir = Files.createTempDirectory("spectrum-kafka-");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            broker = KafkaBroker.start(dir, Ports.free(), Ports.free(), 3);
        }
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
    }

    /** The running broker's address, for tests and benches that talk to it directly. */
    public static String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
            TempDirs.delete(dir);
        }
    }
}
