package dev.spectrum.ingest.harvest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spectrum.events.PaperCandidate;
import dev.spectrum.ingest.CandidateTopic;
import dev.spectrum.ingest.FakeArxiv;
import dev.spectrum.ingest.FakeArxiv.Reply;
import dev.spectrum.localstack.KafkaBroker;
import dev.spectrum.localstack.Ports;
import dev.spectrum.localstack.PostgresServer;
import io.restassured.http.ContentType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged service as a separate process against real Kafka and PostgreSQL: it replays the bundled sample at boot
 * (the {@code ./spectrum up --replay} path), is killed (-9) in the middle of an OAI-PMH backfill, is started again, and
 * the run ends with every paper on the topic exactly once.
 */
class BackfillRestartIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Path SAMPLE = Path.of("").toAbsolutePath().getParent().resolve("data/replay/sample.jsonl.gz");
    private static Path dir;
    private static PostgresServer pg;
    private static KafkaBroker kafka;
    private final FakeArxiv arxiv = FakeArxiv.get();

    @BeforeAll
    static void servers() throws Exception {
        dir = Files.createTempDirectory("spectrum-ingest-it-");
        pg = PostgresServer.start(dir.resolve("pg"), Ports.free(), false);
        pg.ensureDatabase("ingest");
        kafka = KafkaBroker.start(dir.resolve("kafka"), Ports.free(), Ports.free(), 3);
    }

    @AfterAll
    static void stop() {
        kafka.close();
        pg.close();
    }

    private Process boot(int port, String replayPath, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + kafka.bootstrapServers(),
                "-Dquarkus.datasource.jdbc.url=" + pg.jdbcUrl("ingest"),
                "-Dquarkus.datasource.username=" + PostgresServer.USER,
                "-Dquarkus.datasource.password=" + PostgresServer.PASSWORD,
                "-Dspectrum.ingest.oai.url=" + arxiv.baseUrl() + "/oai",
                "-Dspectrum.ingest.schedule.enabled=false",
                "-Dspectrum.ingest.http.min-interval=PT0.2S",
                "-Dspectrum.ingest.http.timeout=PT60S"));
        if (replayPath != null) {
            cmd.add("-Dspectrum.ingest.replay.path=" + replayPath);
        }
        cmd.addAll(List.of("-jar", JAR.toString()));
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> given().port(port).get("/q/health/ready").statusCode() == 200);
        return process;
    }

    private static String tokenPath(String token) {
        return "/oai?verb=ListRecords&resumptionToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    @Test
    void killedInTheMiddleOfABackfillAndStartedAgainEndsWithEveryPaper() throws Exception {
        List<JsonNode> papers = OaiPages.papers("2025-12", 0, 80);
        String expires = "2099-01-01T00:00:00Z";
        arxiv.reset();
        arxiv.script("/oai?verb=ListRecords&metadataPrefix=arXivRaw", Reply.ok(OaiPages.page(papers.subList(0, 20), "t20", expires)));
        arxiv.script(tokenPath("t20"), Reply.ok(OaiPages.page(papers.subList(20, 40), "t40", expires)));
        arxiv.script(tokenPath("t40"), Reply.hang());

        int port = Ports.free();
        Process first = boot(port, SAMPLE.toString(), Path.of("target/ingest-it-first.log"));
        long id;
        try {
            id = given().port(port).contentType(ContentType.JSON).body("{\"from\":\"2025-12-01\",\"sets\":[\"cs\"]}")
                    .post("/backfills").then().statusCode(201).extract().jsonPath().getLong("id");
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !arxiv.requests(tokenPath("t40")).isEmpty());
            given().port(port).get("/backfills/" + id).then().statusCode(200)
                    .body("done", org.hamcrest.Matchers.is(40)).body("state", org.hamcrest.Matchers.is("running"));
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() ->
                    "done".equals(given().port(port).get("/replays/current").then().extract().jsonPath().getString("state")));
        } finally {
            first.destroyForcibly().waitFor();
        }

        arxiv.script(tokenPath("t40"), Reply.ok(OaiPages.page(papers.subList(40, 60), "t60", expires)));
        arxiv.script(tokenPath("t60"), Reply.ok(OaiPages.page(papers.subList(60, 80), null, null)));
        int port2 = Ports.free();
        Process second = boot(port2, null, Path.of("target/ingest-it-second.log"));
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    "done".equals(given().port(port2).get("/backfills/" + id).then().extract().jsonPath().getString("state")));
            given().port(port2).get("/backfills/" + id).then().body("done", org.hamcrest.Matchers.is(80));
        } finally {
            second.destroy();
            second.waitFor();
        }
        assertThat(arxiv.requests("/oai?verb=ListRecords&metadataPrefix=")).as("resumed from the stored token").hasSize(1);

        Set<String> backfilled = papers.stream().map(p -> p.get("id").asText()).collect(Collectors.toSet());
        Set<String> replayed = new HashSet<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(SAMPLE)), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                replayed.add(line.substring(line.indexOf("\"id\": \"") + 7, line.indexOf('"', line.indexOf("\"id\": \"") + 7)));
            }
        }
        List<ConsumerRecord<String, PaperCandidate>> all = CandidateTopic.read(kafka.bootstrapServers(), Set.of());
        Set<String> keys = all.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
        assertThat(keys).containsAll(backfilled).containsAll(replayed);
        assertThat(all).as("nothing published twice").hasSize(keys.size());
        assertThat(keys).hasSize(backfilled.size() + replayed.size());
    }
}
