package dev.spectrum.notify.bench;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.spectrum.events.Author;
import dev.spectrum.events.Evidence;
import dev.spectrum.events.LeafScore;
import dev.spectrum.events.PaperClassified;
import dev.spectrum.events.PaperEvents;
import dev.spectrum.events.Topics;
import dev.spectrum.localstack.test.KafkaTestResource;
import dev.spectrum.notify.matching.CompiledFilter;
import dev.spectrum.notify.matching.MatchIndex;
import dev.spectrum.notify.matching.PaperView;
import dev.spectrum.notify.subscription.Filter;
import dev.spectrum.events.Taxonomy;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (its name keeps it out of the normal run). Run:
 * {@code ./mvnw -o -q -pl notify-service test -Dtest=NotifyBench -Dsurefire.failIfNoSpecifiedTests=false}.
 * Papers are real arXiv titles, abstracts, authors and categories from {@code shared/data/arxiv-stream}, with taxonomy
 * leaves drawn at random (all marked relevant: the worst case for matching).
 */
@QuarkusTest
class NotifyBench {

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource ds;

    private long alerts() throws Exception {
        try (var c = ds.getConnection(); var ps = c.prepareStatement("SELECT count(*) FROM delivery WHERE kind = 'ALERT'");
                var rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What people follow on an efficient-LLM tracker: topic words and phrases, not words every abstract has. */
    private static final String[] TERMS = {"quantization", "\"kv cache\"", "lora", "pruning", "distillation", "\"speculative decoding\"",
            "sparsity", "\"mixture of experts\"", "\"linear attention\"", "\"long context\"", "\"flash attention\"", "latency",
            "compression", "\"low-rank\"", "adapters", "\"early exit\"", "serving", "throughput", "mamba", "\"state space\"", "rwkv",
            "\"energy efficiency\"", "batching", "\"test-time compute\"", "\"chain of thought\" budget", "\"token pruning\"",
            "\"mixed precision\"", "fp8", "int4", "offloading", "\"pipeline parallelism\"", "zero", "fsdp", "\"data selection\"",
            "curriculum", "\"scaling laws\"", "\"small language models\"", "\"on-device\"", "\"prompt compression\"", "vllm"};

    private final Taxonomy taxonomy = Taxonomy.standard();

    private static List<JsonNode> arxiv(int n) throws Exception {
        Path dir = Path.of(System.getProperty("spectrum.shared", "../../shared"), "data", "arxiv-stream");
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".jsonl.gz")).sorted(Collections.reverseOrder()).toList();
        }
        List<JsonNode> out = new ArrayList<>();
        for (Path f : files) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(f));
                    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null && out.size() < n) {
                    out.add(JSON.readTree(line));
                }
            }
            if (out.size() >= n) {
                break;
            }
        }
        return out;
    }

    private PaperClassified paper(JsonNode a, Random random, int suffix) {
        List<String> leaves = taxonomy.leaves();
        List<LeafScore> scores = new ArrayList<>();
        int k = 1 + random.nextInt(2);
        for (int i = 0; i < k; i++) {
            scores.add(new LeafScore(leaves.get(random.nextInt(leaves.size())), 0.5 + random.nextDouble() / 2));
        }
        List<Author> authors = new ArrayList<>();
        a.path("authors").forEach(x -> authors.add(Author.of(x.asText())));
        List<String> cats = new ArrayList<>();
        a.path("categories").forEach(x -> cats.add(x.asText()));
        String id = String.format("2601.%05d", suffix);
        return new PaperClassified(1, UUID.randomUUID().toString(), id, 1, true, 0.9, scores, Evidence.NONE, "bench",
                Instant.now(), PaperClassified.Reason.NEW, a.path("title").asText(), authors, a.path("abstract").asText(),
                "https://arxiv.org/abs/" + id + "v1", cats, LocalDate.now());
    }

    private Filter randomFilter(Random random, List<JsonNode> corpus) {
        List<String> leaves = taxonomy.leaves();
        String[] inner = {"inference", "architecture", "training", "scalable-tuning", "data"};
        int kind = random.nextInt(100);
        List<String> nodes = new ArrayList<>();
        List<String> keywords = new ArrayList<>();
        List<String> authors = new ArrayList<>();
        List<String> cats = new ArrayList<>();
        Double min = random.nextInt(4) == 0 ? 0.7 : null;
        if (kind < 65 || kind >= 95) {
            int n = 1 + random.nextInt(2);
            for (int i = 0; i < n; i++) {
                nodes.add(random.nextInt(10) == 0 ? inner[random.nextInt(inner.length)] : leaves.get(random.nextInt(leaves.size())));
            }
        }
        if (kind >= 35 && kind < 90) {
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                String clause = TERMS[random.nextInt(TERMS.length)];
                if (random.nextInt(3) == 0) {
                    clause += " " + TERMS[random.nextInt(TERMS.length)];
                }
                if (random.nextInt(5) == 0) {
                    clause += " -vision";
                }
                keywords.add(clause);
            }
        }
        if (kind >= 90 && kind < 95) {
            JsonNode a = corpus.get(random.nextInt(corpus.size())).path("authors");
            authors.add(a.get(random.nextInt(a.size())).asText());
        }
        if (kind >= 95) {
            cats.add(random.nextBoolean() ? "cs.CL" : "cs.LG");
        }
        return new Filter(nodes, keywords, authors, cats, min);
    }

    @Test
    void matchPerSecond() throws Exception {
        Random random = new Random(7);
        List<JsonNode> corpus = arxiv(5000);
        List<MatchIndex.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            entries.add(new MatchIndex.Entry(i, true, false, "WEBHOOK", new CompiledFilter(randomFilter(random, corpus), taxonomy)));
        }
        long built = System.nanoTime();
        MatchIndex index = new MatchIndex(1, entries, taxonomy);
        long buildMs = (System.nanoTime() - built) / 1_000_000;
        List<PaperClassified> papers = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            papers.add(paper(corpus.get(i), random, i));
        }
        int threads = Runtime.getRuntime().availableProcessors();
        var pool = Executors.newFixedThreadPool(threads);
        java.util.concurrent.atomic.AtomicLong matches = new java.util.concurrent.atomic.AtomicLong();
        for (int round = 0; round < 2; round++) { // warm-up
            for (PaperClassified p : papers) {
                index.matchIndices(PaperView.of(p, taxonomy));
            }
        }
        int rounds = 3;
        int n = rounds * papers.size();
        long start = System.nanoTime();
        List<java.util.concurrent.Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int from = t * papers.size() / threads;
            int to = (t + 1) * papers.size() / threads;
            work.add(pool.submit(() -> {
                long local = 0;
                for (int round = 0; round < rounds; round++) {
                    for (PaperClassified p : papers.subList(from, to)) {
                        local += index.matchIndices(PaperView.of(p, taxonomy)).length;
                    }
                }
                matches.addAndGet(local);
            }));
        }
        for (var w : work) {
            w.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        long viewStart = System.nanoTime();
        for (PaperClassified p : papers) {
            PaperView.of(p, taxonomy);
        }
        double viewUs = (System.nanoTime() - viewStart) / 1e3 / papers.size();
        System.out.printf("notify match_per_s=%d%n", Math.round(n / seconds));
        System.out.printf("notify match detail: preparing a paper takes %.1f us%n", viewUs);
        System.out.printf("notify match detail: %d subscriptions, index built in %d ms, %d papers, %.1f matches per paper, %d threads, load average %.1f%n",
                entries.size(), buildMs, n, (double) matches.get() / n, threads,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    @Test
    void burstLatency() throws Exception {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        java.util.Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1000);
        receiver.setExecutor(Executors.newFixedThreadPool(32));
        receiver.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            ids.add(ex.getRequestHeaders().getFirst("webhook-id"));
            long now = System.currentTimeMillis();
            ex.sendResponseHeaders(204, -1);
            ex.close();
            JsonNode n = JSON.readTree(body);
            latencies.add(now - Instant.parse(n.path("data").path("classifiedAt").asText()).toEpochMilli());
        });
        receiver.start();
        Random random = new Random(11);
        List<JsonNode> corpus = arxiv(1100);
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook/";
        for (int i = 0; i < 1000; i++) {
            Filter f = randomFilter(random, corpus);
            given().contentType(ContentType.JSON).body(Map.of("webhookUrl", base + i, "nodes", f.nodes(), "keywords", f.keywords(),
                    "authors", f.authors(), "categories", f.categories())).when().post("/subscriptions").then().statusCode(201);
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            // warm the path once with a paper nobody matches
            producer.partitionsFor(Topics.PAPER_CLASSIFIED);
            List<PaperClassified> burst = new ArrayList<>();
            for (int i = 0; i < corpus.size(); i++) {
                burst.add(paper(corpus.get(i), random, 50_000 + i));
            }
            for (PaperClassified p : burst) {
                PaperClassified now = new PaperClassified(1, p.eventId(), p.arxivId(), 1, true, p.score(), p.leaves(), p.evidence(),
                        p.modelVersion(), Instant.now(), p.reason(), p.title(), p.authors(), p.abstractText(), p.link(),
                        p.categories(), p.announced());
                producer.send(new ProducerRecord<>(Topics.PAPER_CLASSIFIED, now.arxivId(), PaperEvents.write(now)));
            }
            producer.flush();
        }
        long burstAt = System.currentTimeMillis();
        long recorded = -1;
        long recordedAt = burstAt;
        while (System.currentTimeMillis() - recordedAt < 5000) {
            Thread.sleep(100);
            long now = alerts();
            if (now != recorded) {
                recorded = now;
                recordedAt = System.currentTimeMillis();
            }
        }
        System.out.printf("notify latency detail: %d deliveries recorded (matching committed) %d ms after the burst was sent%n",
                recorded, recordedAt - burstAt);
        long expected = -1;
        long stableSince = System.currentTimeMillis();
        while (System.currentTimeMillis() - stableSince < 3000) {
            Thread.sleep(200);
            if (latencies.size() != expected) {
                expected = latencies.size();
                stableSince = System.currentTimeMillis();
            }
        }
        receiver.stop(0);
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.println("notify latency_ms p50=NaN p99=NaN (no webhook arrived)");
            return;
        }
        System.out.printf("notify latency_ms p50=%d p99=%d%n", sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1));
        System.out.printf("notify latency detail: 1100 papers, 1000 webhook subscriptions, %d webhooks received (%d distinct webhook-ids), max %d ms%n",
                sorted.size(), ids.size(), sorted.get(sorted.size() - 1));
    }
}
