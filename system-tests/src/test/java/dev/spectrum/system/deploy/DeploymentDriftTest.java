package dev.spectrum.system.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Renders every overlay of deploy/kubernetes with {@code kubectl kustomize} and fails on any drift between the
 * manifests and the services' configuration in this repository.
 */
class DeploymentDriftTest {

    private static Path root;
    private static SpectrumConfig config;

    @BeforeAll
    static void readConfiguration() {
        root = SpectrumConfig.repositoryRoot();
        config = SpectrumConfig.read(root);
    }

    @Test
    void everyOverlayRendersAndMatchesTheServices() throws IOException {
        List<Path> overlays;
        try (Stream<Path> dirs = Files.list(root.resolve(SpectrumConfig.KUSTOMIZE_DIR).resolve("overlays"))) {
            overlays = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(overlays).extracting(p -> p.getFileName().toString()).contains("dev", "prod");

        DeploymentChecker checker = new DeploymentChecker(config);
        for (Path overlay : overlays) {
            List<String> problems = checker.check(overlay);
            System.out.printf("deploy overlay=%s problems=%d%n", overlay.getFileName(), problems.size());
            assertThat(problems).as("drift in overlay %s", overlay.getFileName()).isEmpty();
        }
    }

    /** Guards the reader itself: if it found nothing, every comparison above would pass vacuously. */
    @Test
    void theConfigurationSideIsReadFromTheServices() {
        assertThat(config.services()).extracting(ServiceConfig::name)
                .containsExactly("ingest-service", "catalog-service", "notify-service");
        assertThat(config.services()).extracting(ServiceConfig::httpPort).containsExactly(8081, 8082, 8083);
        assertThat(config.contractTopics().values())
                .contains("paper-candidates", "paper-classified", "paper-candidates-dlq", "paper-classified-dlq");
        for (ServiceConfig service : config.services()) {
            System.out.printf("deploy service=%s port=%d required=%s topics=%s consumed=%s spectrum_keys=%d%n",
                    service.name(), service.httpPort(), service.requiredEnv().keySet(), service.topics().keySet(),
                    service.consumedTopics(),
                    service.knownEnv().stream().filter(k -> k.startsWith("SPECTRUM_")).count());
            assertThat(service.requiredEnv().keySet()).as(service.name()).contains("KAFKA_BOOTSTRAP_SERVERS",
                    "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD");
            assertThat(service.healthPaths()).as(service.name())
                    .containsEntry("readinessProbe", "/q/health/ready")
                    .containsEntry("livenessProbe", "/q/health/live")
                    .containsEntry("startupProbe", "/q/health/started");
        }
        ServiceConfig ingest = config.services().get(0);
        assertThat(ingest.knownEnv()).contains("SPECTRUM_INGEST_CATEGORIES");
    }
}
