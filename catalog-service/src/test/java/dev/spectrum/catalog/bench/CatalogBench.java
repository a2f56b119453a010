package dev.spectrum.catalog.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spectrum.catalog.StreamPapers;
import dev.spectrum.events.PaperCandidate;
import dev.spectrum.events.PaperEvents;
import dev.spectrum.events.Topics;
import dev.spectrum.localstack.KafkaBroker;
import dev.spectrum.localstack.Ports;
import dev.spectrum.localstack.PostgresServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Benchmark (not a test): real Kafka and PostgreSQL from local-stack, the packaged catalog-service as its own process,
 * and candidates made from the arxiv-stream mix (about 9 in 10 not efficient-LLM work) produced to the broker. It
 * measures from the first record produced until every paper is classified and stored, and prints
 * {@code catalog papers_per_s=<n>} last.
 *
 * <p>Run: {@code ./mvnw -q -pl catalog-service package -DskipTests exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.spectrum.catalog.bench.CatalogBench -Dexec.args=../shared}. Options (system properties):
 * {@code bench.papers} (default 20000), {@code bench.warmup} (default 2000).
 */
public final class CatalogBench {

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args.length > 0 ? args[0] : System.getProperty("spectrum.shared", "../shared"));
        System.setProperty("spectrum.shared", shared.toAbsolutePath().toString());
        int papers = Integer.getInteger("bench.papers", 20_000);
        int warmup = Integer.getInteger("bench.warmup", 2_000);
        Path module = moduleDir();
        Path jar = module.resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar) || newerSources(module.resolve("src/main"), Files.getLastModifiedTime(jar).toMillis())) {
            build(module);
        }
        Path work = Files.createTempDirectory("catalog-bench-");
        List<PaperCandidate> all = load(shared, warmup + papers);
        if (all.size() < warmup + papers) {
            throw new IllegalStateException("the arxiv-stream has only " + all.size() + " papers");
        }
        System.out.printf(Locale.ROOT, "bench: %d papers from arxiv-stream (+%d warm-up), %d cores%n", papers, warmup,
                Runtime.getRuntime().availableProcessors());

        try (KafkaBroker kafka = KafkaBroker.start(work.resolve("kafka"), Ports.free(), Ports.free(), 3);
                PostgresServer pg = PostgresServer.start(work.resolve("pg"), Ports.free(), false)) {
            pg.ensureDatabase("catalog");
            String jdbc = pg.jdbcUrl("catalog");
            int http = Ports.free();
            Path log = module.resolve("target/catalog-bench-app.log");
            Process app = new ProcessBuilder(java(), "-Xmx1g",
                    "-Dquarkus.http.port=" + http,
                    "-Dkafka.bootstrap.servers=" + kafka.bootstrapServers(),
                    "-Dquarkus.datasource.jdbc.url=" + jdbc,
                    "-Dquarkus.datasource.username=" + PostgresServer.USER,
                    "-Dquarkus.datasource.password=" + PostgresServer.PASSWORD,
                    "-Dquarkus.log.category.\"dev.spectrum.catalog.paper.CandidateHandler\".level=DEBUG",
                    "-Dquarkus.hibernate-orm.log-session-metrics=" + Boolean.getBoolean("bench.sessionMetrics"),
                    "-jar", jar.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                awaitReady(http, app, log);
                try (KafkaProducer<String, byte[]> producer = producer(kafka.bootstrapServers());
                        Connection db = DriverManager.getConnection(jdbc, PostgresServer.USER, PostgresServer.PASSWORD)) {
                    produce(producer, all.subList(0, warmup));
                    awaitStored(db, warmup, Duration.ofMinutes(5));
                    long start = System.nanoTime();
                    produce(producer, all.subList(warmup, warmup + papers));
                    awaitStored(db, warmup + papers, Duration.ofMinutes(30));
                    double seconds = (System.nanoTime() - start) / 1e9;
                    long relevant = single(db, "SELECT count(*) FROM paper WHERE relevant");
                    long classified = single(db, "SELECT count(*) FROM classification");
                    long events = single(db, "SELECT count(*) FROM outbox_event");
                    System.out.printf(Locale.ROOT, "bench: %d papers stored and classified in %.2f s; %d relevant, "
                            + "%d classifications, %d outbox events%n", papers, seconds, relevant, classified, events);
                    String metrics = client(http, "/q/metrics");
                    double classify = metric(metrics, "spectrum_catalog_batch_seconds_sum{phase=\"classify\"");
                    double store = metric(metrics, "spectrum_catalog_batch_seconds_sum{phase=\"store\"");
                    double batches = metric(metrics, "spectrum_catalog_batch_seconds_count{phase=\"store\"");
                    System.out.printf(Locale.ROOT, "bench: %.0f batches; consumer transactions took %.1f s, of which "
                            + "the classifier %.1f s (%.0f%%); load average %s%n", batches, store, classify,
                            store > 0 ? 100 * classify / store : 0, loadAverage());
                    System.out.printf(Locale.ROOT, "catalog papers_per_s=%d%n", Math.round(papers / seconds));
                }
            } finally {
                app.destroy();
                if (!app.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    app.destroyForcibly();
                }
            }
        } finally {
            try (Stream<Path> walk = Files.walk(work)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.flush();
        // the broker leaves non-daemon threads behind; the figure above is the last line
        Runtime.getRuntime().halt(0);
    }

    /** Unique papers from every month of the stream, in announcement order. */
    static List<PaperCandidate> load(Path shared, int limit) throws IOException {
        List<PaperCandidate> out = new ArrayList<>(limit);
        Set<String> seen = new HashSet<>();
        List<Path> months;
        try (Stream<Path> files = Files.list(shared.resolve("data/arxiv-stream"))) {
            months = files.filter(p -> p.toString().endsWith(".jsonl.gz")).sorted().toList();
        }
        for (Path month : months) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(month)), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null && out.size() < limit) {
                    JsonNode n = PaperEvents.mapper().readTree(line);
                    if (seen.add(n.path("id").asText())) {
                        out.add(StreamPapers.candidate(n, 1));
                    }
                }
            }
        }
        return out;
    }

    private static void produce(KafkaProducer<String, byte[]> producer, List<PaperCandidate> candidates) {
        for (PaperCandidate c : candidates) {
            producer.send(new ProducerRecord<>(Topics.PAPER_CANDIDATES, c.arxivId(), PaperEvents.write(c)));
        }
        producer.flush();
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static void awaitStored(Connection db, long count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (single(db, "SELECT count(*) FROM paper") < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + single(db, "SELECT count(*) FROM paper") + " of " + count
                        + " papers stored within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    private static long single(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String client(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double metric(String metrics, String prefix) {
        return metrics.lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void awaitReady(int port, Process app, Path log) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new IllegalStateException("catalog-service exited; see " + log);
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("catalog-service not ready within 180 s; see " + log);
    }

    private static Path moduleDir() throws Exception {
        // target/test-classes -> module
        Path classes = Path.of(CatalogBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return classes.getParent().getParent();
    }

    /** True when a main source changed after the jar was packaged, so the bench never measures stale code. */
    private static boolean newerSources(Path dir, long than) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).anyMatch(p -> p.toFile().lastModified() > than);
        }
    }

    private static void build(Path module) throws Exception {
        Path root = module.getParent();
        System.out.println("bench: packaging catalog-service first");
        Process mvn = new ProcessBuilder(root.resolve("mvnw").toString(), "-q", "-o", "-pl", "catalog-service",
                "package", "-DskipTests").directory(root.toFile()).inheritIO().start();
        if (mvn.waitFor() != 0) {
            throw new IllegalStateException("packaging catalog-service failed");
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
