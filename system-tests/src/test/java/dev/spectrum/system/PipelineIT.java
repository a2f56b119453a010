package dev.spectrum.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.spectrum.localstack.Ports;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole pipeline as users see it: the three services as separate processes on the local stack ({@code ./spectrum
 * up}), two weeks of real arXiv papers replayed into ingest, and a webhook subscriber and an e-mail subscriber that
 * must receive exactly the alerts their filters imply — computed here, independently, from the catalog's API — once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {

    private static final Path SAMPLE = Spectrum.ROOT.resolve("data/replay/sample.jsonl.gz");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int RATE = 400;
    private static final String READER = "reader@example.org";
    /** notify's claim on deliveries: short here, so that a killed process's claim runs out within the test. */
    private static final Duration LEASE = Duration.ofSeconds(10);

    private final ConcurrentLinkedQueue<Received> webhooks = new ConcurrentLinkedQueue<>();
    private Path data;
    private Spectrum spectrum;
    private HttpServer receiver;

    /** A webhook call as the receiver saw it. */
    record Received(Instant at, String webhookId, JsonNode body) {
    }

    @BeforeAll
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            webhooks.add(new Received(Instant.now(), exchange.getRequestHeaders().getFirst("webhook-id"),
                    JSON.readTree(body)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        data = Files.createTempDirectory("spectrum-pipeline-");
        spectrum = new Spectrum(data).with("SPECTRUM_NOTIFY_RELAY_LEASE", LEASE.toSeconds() + "s");
        Spectrum.Result up = spectrum.run("up", "--detach");
        assertThat(up.exitCode()).as(up.stdout() + up.stderr()).isZero();
    }

    @AfterAll
    void stop() throws Exception {
        if (spectrum != null) {
            spectrum.run("down");
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    @Order(1)
    void twoWeeksOfPapersFlowFromIngestToTheRightSubscribersExactlyOnce() throws Exception {
        int notify = spectrum.port("NOTIFY");
        int catalog = spectrum.port("CATALOG");
        int ingest = spectrum.port("INGEST");

        // a webhook subscriber to inference efficiency, an e-mail subscriber to architecture and training efficiency
        JsonNode hook = post(notify, "/subscriptions", Map.of(
                "webhookUrl", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                "nodes", List.of("inference"), "minConfidence", 0.5));
        assertThat(hook.path("token").asText()).isNotBlank();
        JsonNode mail = post(notify, "/subscriptions", Map.of(
                "email", READER, "nodes", List.of("architecture", "training")));
        confirmByMail(mail);

        List<String> replayed = replayedIds();
        Instant replayStart = Instant.now();
        Map<String, Object> replay = Map.of("path", SAMPLE.toString(), "mode", "rate", "rate", RATE);
        assertThat(send(ingest, "/replays", replay, null).statusCode()).as("a replay without the operator token").isEqualTo(401);
        String token = Files.readString(data.resolve("admin-token")).trim();
        HttpResponse<String> started = send(ingest, "/replays", replay, token);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);

        // every replayed paper in the catalog, exactly once, each with a decision and its model version
        Map<String, JsonNode> papers = awaitCatalog(catalog, replayed.size(), Duration.ofMinutes(5));
        assertThat(papers.keySet()).containsExactlyInAnyOrderElementsOf(replayed);
        Map<String, JsonNode> decisions = new HashMap<>();
        for (String id : replayed) {
            JsonNode detail = get(catalog, "/papers/" + id);
            assertThat(detail.path("arxivId").asText()).isEqualTo(id);
            assertThat(detail.path("decidedAt").isMissingNode() || detail.path("decidedAt").isNull())
                    .as("decision time of " + id).isFalse();
            decisions.put(id, detail);
        }
        long relevant = decisions.values().stream().filter(d -> d.path("relevant").asBoolean()).count();
        assertThat(relevant).as("relevant papers in two weeks of real arXiv").isPositive();
        decisions.values().stream().filter(d -> d.path("relevant").asBoolean())
                .forEach(d -> assertThat(d.path("leaves").size()).as("leaves of relevant " + d.path("arxivId")).isPositive());

        // what the filters imply, computed from the catalog alone
        Set<String> inference = leavesUnder(catalog, "inference");
        Set<String> archOrTraining = new HashSet<>(leavesUnder(catalog, "architecture"));
        archOrTraining.addAll(leavesUnder(catalog, "training"));
        Set<String> expectedHooks = matching(decisions.values(), d -> bestUnder(d, inference) >= 0.5);
        Set<String> expectedMails = matching(decisions.values(), d -> bestUnder(d, archOrTraining) >= 0);
        assertThat(expectedHooks).as("papers for the webhook subscriber").isNotEmpty();
        assertThat(expectedMails).as("papers for the e-mail subscriber").isNotEmpty();

        awaitCount(() -> webhooks.size(), expectedHooks.size(), Duration.ofMinutes(2));
        awaitCount(() -> alertMails().size(), expectedMails.size(), Duration.ofMinutes(2));
        Thread.sleep(3000); // anything extra or repeated would arrive now

        List<String> hookIds = webhooks.stream().map(r -> r.body().path("data").path("arxivId").asText(
                r.body().path("arxivId").asText())).toList();
        assertThat(hookIds).doesNotHaveDuplicates();
        assertThat(new TreeSet<>(hookIds)).isEqualTo(new TreeSet<>(expectedHooks));
        assertThat(webhooks.stream().map(Received::webhookId).collect(Collectors.toSet())).hasSize(webhooks.size());

        List<String> mailIds = alertMails().stream().map(PipelineIT::arxivIdOf).toList();
        assertThat(mailIds).doesNotHaveDuplicates();
        assertThat(new TreeSet<>(mailIds)).isEqualTo(new TreeSet<>(expectedMails));

        // announce → alert: the replay announces paper i at start + i / rate
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < replayed.size(); i++) {
            position.put(replayed.get(i), i);
        }
        List<Long> latencies = webhooks.stream().map(r -> {
            String id = r.body().path("data").path("arxivId").asText(r.body().path("arxivId").asText());
            Instant announced = replayStart.plusMillis(position.get(id) * 1000L / RATE);
            return Math.max(0, Duration.between(announced, r.at()).toMillis());
        }).sorted().toList();
        System.out.printf("pipeline papers=%d relevant=%d webhook_alerts=%d email_alerts=%d%n", replayed.size(), relevant,
                hookIds.size(), mailIds.size());
        System.out.printf("pipeline latency_ms announce_to_alert p50=%d p99=%d%n", percentile(latencies, 50),
                percentile(latencies, 99));
    }

    /**
     * kill -9 of notify-service while a webhook request is in flight: {@code ./spectrum up} restarts it on the running
     * stack, the dead process's claim runs out after one lease, and the same message goes out again with its webhook-id
     * (so the receiver can drop it); the delivery log records one sent delivery.
     */
    @Test
    @Order(2)
    void aNotifyServiceKilledMidSendComesBackWithUpAndSendsTheMessageAgainUnderItsId() throws Exception {
        int notify = spectrum.port("NOTIFY");
        String word = "crashprobe" + Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "x");
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        HttpServer slow = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        slow.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        slow.createContext("/stall", exchange -> {
            exchange.getRequestBody().readAllBytes();
            calls.add(exchange.getRequestHeaders().getFirst("webhook-id"));
            if (calls.size() == 1) {
                try {
                    release.await(2, java.util.concurrent.TimeUnit.MINUTES); // the first answer never reaches its sender
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        slow.start();
        try {
            JsonNode hook = post(notify, "/subscriptions", Map.of(
                    "webhookUrl", "http://127.0.0.1:" + slow.getAddress().getPort() + "/stall", "keywords", List.of(word)));
            Path paper = Files.createTempFile(data, "crash-", ".jsonl");
            Files.writeString(paper, JSON.writeValueAsString(Map.of("id", "2611." + (10_000 + (int) (Math.random() * 89_999)),
                    "announced", java.time.LocalDate.now().toString(),
                    "title", "Fused 4-bit KV cache quantization for fast long-context LLM inference",
                    "authors", List.of("Ada Lovelace"), "categories", List.of("cs.CL", "cs.LG"),
                    "abstract", "Inference of large language models on long contexts is bound by the memory of the key-value"
                            + " cache. We quantize the KV cache to 4 bits with per-channel scales and fuse dequantization into"
                            + " the attention kernel, cutting cache memory fourfold and raising decoding throughput 2.3x on"
                            + " Llama models with negligible loss in perplexity. We call the method " + word + ".")) + "\n");
            String token = Files.readString(data.resolve("admin-token")).trim();
            Map<String, Object> onePaper = Map.of("path", paper.toString(), "mode", "fast", "rate", 0);
            HttpResponse<String> replay = send(spectrum.port("INGEST"), "/replays", onePaper, token);
            for (int i = 0; i < 120 && replay.statusCode() == 409; i++) { // the first test's replay may still be ending
                Thread.sleep(500);
                replay = send(spectrum.port("INGEST"), "/replays", onePaper, token);
            }
            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
            awaitCount(calls::size, 1, Duration.ofMinutes(2));
            assertThat(calls).as("the webhook call held by the receiver").hasSize(1);

            ProcessHandle service = ProcessHandle.of(Long.parseLong(Files.readString(data.resolve("run/notify.pid")).trim()))
                    .orElseThrow();
            service.destroyForcibly();
            service.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            release.countDown();

            Spectrum.Result up = spectrum.run("up", "--detach");
            assertThat(up.exitCode()).as(up.stdout() + up.stderr()).isZero();
            assertThat(up.stdout()).contains("restarting notify");
            awaitCount(calls::size, 2, LEASE.multipliedBy(6));
            JsonNode log = JSON.nullNode();
            for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); System.nanoTime() < deadline; ) {
                log = get(notify, "/subscriptions/" + hook.path("id").asText() + "/deliveries", hook.path("token").asText());
                if (log.path(0).path("status").asText().equals("SENT")) {
                    break;
                }
                Thread.sleep(250);
            }
            Thread.sleep(2000); // a third call would come now
            assertThat(calls).as("the same message sent again after the crash").hasSize(2);
            assertThat(new HashSet<>(calls)).as("one webhook-id for both calls").hasSize(1);
            assertThat(log.size()).as("deliveries: " + log).isEqualTo(1);
            assertThat(log.path(0).path("status").asText()).as("delivery: " + log).isEqualTo("SENT");
            // the killed process recorded nothing: the log holds the restarted one's attempt alone
            assertThat(log.path(0).path("log").findValuesAsText("outcome")).as("attempts: " + log).containsExactly("SENT");
        } finally {
            release.countDown();
            slow.stop(0);
        }
    }

    // ----------------------------------------------------------------------------------------------- helpers

    private static List<String> replayedIds() throws Exception {
        List<String> ids = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(SAMPLE)),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    ids.add(JSON.readTree(line).path("id").asText());
                }
            }
        }
        return ids.stream().distinct().toList();
    }

    private Map<String, JsonNode> awaitCatalog(int port, int expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (get(port, "/papers?relevant=any&size=1").path("total").asLong() >= expected) {
                break;
            }
            Thread.sleep(500);
        }
        Map<String, JsonNode> all = new HashMap<>();
        List<String> seen = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode items = get(port, "/papers?relevant=any&sort=date&size=100&page=" + page).path("items");
            if (items.isEmpty()) {
                break;
            }
            items.forEach(item -> {
                seen.add(item.path("arxivId").asText());
                all.put(item.path("arxivId").asText(), item);
            });
        }
        assertThat(seen).as("papers listed by the catalog").doesNotHaveDuplicates();
        return all;
    }

    private static Set<String> leavesUnder(int port, String node) throws Exception {
        Set<String> leaves = new HashSet<>();
        collectLeaves(get(port, "/taxonomy"), node, false, leaves);
        assertThat(leaves).as("leaves under " + node).isNotEmpty();
        return leaves;
    }

    private static void collectLeaves(JsonNode tree, String node, boolean inside, Set<String> out) {
        if (tree.isArray()) {
            tree.forEach(child -> collectLeaves(child, node, inside, out));
            return;
        }
        if (tree.has("nodes")) {
            collectLeaves(tree.get("nodes"), node, inside, out);
            return;
        }
        boolean here = inside || node.equals(tree.path("id").asText());
        JsonNode children = tree.path("children");
        if (children.isEmpty() && here) {
            out.add(tree.path("id").asText());
        }
        children.forEach(child -> collectLeaves(child, node, here, out));
    }

    private static double bestUnder(JsonNode decision, Set<String> leaves) {
        if (!decision.path("relevant").asBoolean()) {
            return -1;
        }
        double best = -1;
        for (JsonNode leaf : decision.path("leaves")) {
            if (leaves.contains(leaf.path("id").asText())) {
                best = Math.max(best, leaf.path("confidence").asDouble());
            }
        }
        return best;
    }

    private static Set<String> matching(Collection<JsonNode> decisions, Predicate<JsonNode> filter) {
        return decisions.stream().filter(filter).map(d -> d.path("arxivId").asText()).collect(Collectors.toSet());
    }

    private void confirmByMail(JsonNode subscription) throws Exception {
        JsonNode confirmation = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (confirmation == null && System.nanoTime() < deadline) {
            for (JsonNode m : mailbox()) {
                if (m.path("to").asText().contains(READER) && m.path("text").asText().contains("/confirm/")) {
                    confirmation = m;
                }
            }
            Thread.sleep(300);
        }
        assertThat(confirmation).as("confirmation e-mail to " + READER).isNotNull();
        Matcher link = Pattern.compile("https?://[^\\s/]+(/confirm/[A-Za-z0-9_\\-]+)").matcher(confirmation.path("text").asText());
        assertThat(link.find()).as(confirmation.path("text").asText()).isTrue();
        HttpResponse<String> confirmed = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + spectrum.port("NOTIFY") + link.group(1)))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(confirmed.statusCode()).as(confirmed.body()).isBetween(200, 299);
    }

    private List<JsonNode> alertMails() {
        List<JsonNode> out = new ArrayList<>();
        try {
            for (JsonNode m : mailbox()) {
                if (m.path("to").asText().contains(READER) && !m.path("text").asText().contains("/confirm/")) {
                    out.add(m);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static final Pattern ABS = Pattern.compile("arxiv\\.org/abs/([0-9]{4}\\.[0-9]{4,5}|[a-z\\-]+/[0-9]{7})");

    private static String arxivIdOf(JsonNode mail) {
        Matcher m = ABS.matcher(mail.path("text").asText());
        assertThat(m.find()).as("link to the paper in " + mail.path("subject").asText()).isTrue();
        return m.group(1);
    }

    private JsonNode mailbox() throws Exception {
        return get(spectrum.port("MAILBOX"), "/api/messages");
    }

    private static void awaitCount(java.util.function.IntSupplier count, int expected, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count.getAsInt() < expected && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static JsonNode get(int port, String path) throws Exception {
        return get(port, path, null);
    }

    private static JsonNode get(int port, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode post(int port, String path, Object body) throws Exception {
        HttpResponse<String> response = send(port, path, body, null);
        assertThat(response.statusCode()).as("POST " + path + ": " + response.body()).isBetween(200, 299);
        return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(int port, String path, Object body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
