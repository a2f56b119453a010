package dev.spectrum.system.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Shows that the drift check catches drift: each test copies the repository's deployment and service configuration,
 * changes one side only (a port, an environment variable, a topic) and expects the checker to report exactly that.
 */
class DeploymentDriftDetectionTest {

    private static final String PROD = SpectrumConfig.KUSTOMIZE_DIR + "/overlays/prod";

    @TempDir
    Path copy;

    @BeforeEach
    void copyTheRepositoryInputs() {
        SpectrumConfig.copyInputs(SpectrumConfig.repositoryRoot(), copy);
    }

    @Test
    void theUnchangedCopyHasNoDrift() {
        assertThat(problems()).isEmpty();
    }

    @Test
    void aPortChangedInTheServiceOnly() throws IOException {
        edit("catalog-service/src/main/resources/application.properties",
                s -> replaceOne(s, "(?m)^quarkus\\.http\\.port\\s*=.*$", "quarkus.http.port=8092"));

        assertThat(problems()).singleElement().asString()
                .startsWith("catalog-service: port drift, quarkus.http.port is 8092");
    }

    @Test
    void aPortChangedInTheDeploymentOnly() throws IOException {
        edit(SpectrumConfig.KUSTOMIZE_DIR + "/base/notify-service.yaml",
                s -> replaceOne(s, "containerPort: \\d+", "containerPort: 8093"));

        assertThat(problems()).singleElement().asString()
                .startsWith("notify-service: port drift, quarkus.http.port is 8083 but the container declares ports")
                .contains("8093");
    }

    @Test
    void anEnvironmentVariableTheServiceNeedsRemovedFromTheDeployment() throws IOException {
        edit(SpectrumConfig.KUSTOMIZE_DIR + "/base/env/ingest-service.env",
                s -> replaceOne(s, "(?m)^KAFKA_BOOTSTRAP_SERVERS=.*\\n", ""));

        assertThat(problems()).singleElement().asString()
                .startsWith("ingest-service: environment variable KAFKA_BOOTSTRAP_SERVERS is not set");
    }

    @Test
    void aVariableTheServiceDoesNotKnowAddedToTheDeployment() throws IOException {
        edit(SpectrumConfig.KUSTOMIZE_DIR + "/base/env/catalog-service.env",
                s -> s + "SPECTRUM_CATALOG_NO_SUCH_SETTING=1\n");

        assertThat(problems()).singleElement().asString()
                .startsWith("catalog-service: environment variable SPECTRUM_CATALOG_NO_SUCH_SETTING");
    }

    @Test
    void aRequiredSettingAddedToTheServiceOnly() throws IOException {
        edit("ingest-service/src/main/java/dev/spectrum/ingest/config/IngestConfig.java", s -> {
            int end = s.lastIndexOf('}');
            return s.substring(0, end) + "    /** Added by the test. */\n    String operatorMailbox();\n"
                    + s.substring(end);
        });

        assertThat(problems()).singleElement().asString()
                .startsWith("ingest-service: environment variable SPECTRUM_INGEST_OPERATOR_MAILBOX is not set");
    }

    @Test
    void aTopicAddedToTheServiceOnly() throws IOException {
        edit("notify-service/src/main/resources/application.properties", s -> s
                + "\nmp.messaging.outgoing.subscription-changes.connector=smallrye-kafka"
                + "\nmp.messaging.outgoing.subscription-changes.topic=subscription-changes\n");

        assertThat(problems()).singleElement().asString()
                .startsWith("topic subscription-changes (notify-service mp.messaging.outgoing.subscription-changes)");
    }

    @Test
    void aTopicRemovedFromTheClusterOnly() {
        List<JsonNode> docs = new ArrayList<>(DeploymentChecker.render(copy.resolve(PROD)));
        assertThat(docs.removeIf(d -> d.path("kind").asText().equals("KafkaTopic")
                && d.path("metadata").path("name").asText().equals("paper-classified-dlq"))).isTrue();

        assertThat(checker().check(docs)).singleElement().asString()
                .startsWith("topic paper-classified-dlq (Topics.PAPER_CLASSIFIED_DLQ")
                .endsWith("has no KafkaTopic");
    }

    @Test
    void aProbePathThatSmallRyeHealthDoesNotServe() throws IOException {
        edit(SpectrumConfig.KUSTOMIZE_DIR + "/base/catalog-service.yaml",
                s -> replaceOne(s, "path: /q/health/ready", "path: /health/ready"));

        assertThat(problems()).singleElement().asString()
                .isEqualTo("catalog-service: probe drift, readinessProbe calls /health/ready, SmallRye Health serves "
                        + "/q/health/ready");
    }

    /** A notify pod runs one consumer, a catalog pod two (its channel's concurrency): its topic needs twice the pods. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "paper-classified | 6  | 4 | notify-service: HorizontalPodAutoscaler notify-service allows 6 replicas of 1 "
                + "consumer(s) each but paper-classified has 4 partitions",
        "paper-candidates | 12 | 6 | catalog-service: HorizontalPodAutoscaler catalog-service allows 6 replicas of 2 "
                + "consumer(s) each but paper-candidates has 6 partitions"})
    void fewerPartitionsThanTheAutoscalersConsumers(String topic, String partitions, String fewer, String problem)
            throws IOException {
        edit(SpectrumConfig.KUSTOMIZE_DIR + "/base/kafka-topics.yaml", s -> replaceOne(s,
                "(name: " + topic + "\\n(?:.*\\n)*?  partitions: )" + partitions, "$1" + fewer));

        assertThat(problems()).singleElement().asString().startsWith(problem);
    }

    @Test
    void anImageThatIsNotPinned() throws IOException {
        edit(PROD + "/kustomization.yaml", s -> replaceOne(s,
                "(name: ghcr.io/spectrum-dev/notify-service\\n\\s+newTag: )\\S+", "$1" + "latest"));

        assertThat(problems()).singleElement().asString()
                .isEqualTo("Deployment/notify-service container notify-service: image "
                        + "'ghcr.io/spectrum-dev/notify-service:latest' is not pinned to a version tag or digest");
    }

    @Test
    void aDatabaseTheClusterNoLongerCreates() throws IOException {
        edit(PROD + "/postgres-cluster.yaml", s -> replaceOne(s, "name: notify\\n", "name: notifications\n"));

        assertThat(problems()).singleElement().asString()
                .startsWith("notify-service: database notify of QUARKUS_DATASOURCE_JDBC_URL is created nowhere");
    }

    @Test
    void aKafkaListenerMovedAwayFromTheServicesBootstrapAddress() throws IOException {
        edit(SpectrumConfig.KUSTOMIZE_DIR + "/base/kafka.yaml", s -> replaceOne(s, "port: 9092", "port: 9094"));

        assertThat(problems()).containsExactly(
                "ingest-service: KAFKA_BOOTSTRAP_SERVERS spectrum-kafka-bootstrap:9092 is no listener of a Kafka "
                        + "cluster in the overlay",
                "catalog-service: KAFKA_BOOTSTRAP_SERVERS spectrum-kafka-bootstrap:9092 is no listener of a Kafka "
                        + "cluster in the overlay",
                "notify-service: KAFKA_BOOTSTRAP_SERVERS spectrum-kafka-bootstrap:9092 is no listener of a Kafka "
                        + "cluster in the overlay");
    }

    private List<String> problems() {
        return checker().check(copy.resolve(PROD));
    }

    private DeploymentChecker checker() {
        return new DeploymentChecker(SpectrumConfig.read(copy));
    }

    private void edit(String file, UnaryOperator<String> change) throws IOException {
        Path path = copy.resolve(file);
        String before = Files.readString(path);
        String after = change.apply(before);
        assertThat(after).as("the edit of %s changes it", file).isNotEqualTo(before);
        Files.writeString(path, after);
    }

    /**
     * Replaces the single match of {@code regex} ({@code $1} refers to its first group); a test whose anchor vanished
     * fails here instead of passing.
     */
    private static String replaceOne(String text, String regex, String replacement) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.results().count()).as("matches of %s", regex).isEqualTo(1);
        return m.replaceFirst(replacement);
    }
}
