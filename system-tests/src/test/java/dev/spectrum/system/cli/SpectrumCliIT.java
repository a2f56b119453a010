package dev.spectrum.system.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spectrum.localstack.PostgresServer;
import dev.spectrum.system.Spectrum;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./spectrum up/status/down} as a user runs them: on a real stack, from this checkout's build. */
class SpectrumCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void upIsReadyQuicklyTwiceIsHarmlessDownLeavesNothingDataSurvivesAndTheReplayDemoFlows() throws Exception {
        Path data = tmp.resolve("data");
        Spectrum spectrum = new Spectrum(data);

        Spectrum.Result up = spectrum.run("up", "--detach");
        try {
            assertThat(up.exitCode()).as(up.stdout() + up.stderr()).isZero();
            Matcher ready = Pattern.compile("ready in (\\d+)s").matcher(up.stdout());
            assertThat(ready.find()).as(up.stdout()).isTrue();
            assertThat(Integer.parseInt(ready.group(1))).as("seconds from start to all services ready").isLessThanOrEqualTo(60);
            assertThat(up.stdout()).contains("http://localhost:" + spectrum.port("CATALOG"), "logs");

            Spectrum.Result status = spectrum.run("status");
            assertThat(status.exitCode()).isZero();
            assertThat(status.stdout().lines().filter(l -> l.contains(" ready")).count()).isEqualTo(3);

            Spectrum.Result again = spectrum.run("up", "--detach");
            assertThat(again.exitCode()).isZero();
            assertThat(again.stdout()).contains("already running");

            // something a user stored: a row in the catalog's database
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + spectrum.port("POSTGRESQL")
                    + "/catalog", PostgresServer.USER, PostgresServer.PASSWORD)) {
                c.createStatement().execute("CREATE TABLE kept_across_restarts (id text)");
                c.createStatement().execute("INSERT INTO kept_across_restarts VALUES ('first run')");
            }
        } finally {
            Spectrum.Result down = spectrum.run("down");
            assertThat(down.exitCode()).isZero();
        }
        assertThat(Spectrum.processesMentioning(data)).as("processes left behind by down").isEmpty();
        assertThat(spectrum.run("status").exitCode()).as("status when nothing runs").isEqualTo(3);

        // the second start is the offline demo: the bundled sample flows through to classified papers and alerts
        Spectrum.Result second = spectrum.run("up", "--detach", "--replay");
        try {
            assertThat(second.exitCode()).as(second.stdout() + second.stderr()).isZero();
            Instant ready = Instant.now();
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + spectrum.port("POSTGRESQL")
                    + "/catalog", PostgresServer.USER, PostgresServer.PASSWORD);
                    ResultSet rs = c.createStatement().executeQuery("SELECT id FROM kept_across_restarts")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("first run");
            }
            HttpClient http = HttpClient.newHttpClient();
            long relevant = 0;
            long alerts = 0;
            while (Duration.between(ready, Instant.now()).toSeconds() < 60 && (relevant == 0 || alerts == 0)) {
                Thread.sleep(1000);
                relevant = JSON.readTree(get(http, spectrum.port("CATALOG"), "/papers?size=1")).path("total").asLong();
                alerts = 0;
                for (JsonNode m : JSON.readTree(get(http, spectrum.port("MAILBOX"), "/api/messages"))) {
                    if (m.path("to").asText().contains("demo@example.org") && m.path("text").asText().contains("arxiv.org/abs/")) {
                        alerts++;
                    }
                }
            }
            System.out.printf("replay demo: %d relevant papers and %d alerts %ds after ready%n", relevant, alerts,
                    Duration.between(ready, Instant.now()).toSeconds());
            assertThat(relevant).as("relevant papers in the catalog within a minute").isPositive();
            assertThat(alerts).as("alerts in the local mailbox within a minute").isPositive();
        } finally {
            spectrum.run("down");
        }
        assertThat(Spectrum.processesMentioning(data)).isEmpty();
    }

    private static String get(HttpClient http, int port, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    /**
     * {@code ./spectrum evaluate FILE} as the issue specifies it: no Kafka, no database, the three result lines last, in
     * their form; a file without the relevant column is all relevant (precision and F1 "na"); a bad file is one error.
     */
    @Test
    void evaluatePrintsItsThreeLinesLastForAnyLabelledFile() throws Exception {
        List<String> dev = Files.readAllLines(Spectrum.ROOT.resolve("data/labeled/stream-dev.tsv"));
        List<String> header = List.of(dev.get(0).split("\t", -1));
        int relevant = header.indexOf("relevant");
        int labels = header.indexOf("labels");
        // the first 30 papers of the development set and its first 10 efficient-LLM ones
        List<String> rows = new ArrayList<>(dev.subList(1, 31));
        dev.subList(31, dev.size()).stream().filter(l -> l.split("\t", -1)[relevant].equals("yes")).limit(10)
                .forEach(rows::add);
        long positives = rows.stream().filter(l -> l.split("\t", -1)[relevant].equals("yes")).count();
        long withLabels = rows.stream().filter(l -> !l.split("\t", -1)[labels].isBlank()).count();
        Path file = Files.write(tmp.resolve("sample.tsv"), List.of(dev.get(0), String.join("\n", rows)));
        Spectrum spectrum = new Spectrum(tmp.resolve("evaluate"));

        Spectrum.Result stream = spectrum.run("evaluate", file.toString());
        assertThat(stream.exitCode()).as(stream.stderr()).isZero();
        List<String> last = lastLines(stream.stdout(), 3);
        assertThat(last.get(0)).matches("relevance precision=\\d\\.\\d{3} recall=\\d\\.\\d{3} f1=\\d\\.\\d{3} n="
                + rows.size() + " positives=" + positives);
        assertThat(last.get(1)).matches("leaves top1=\\d\\.\\d{3} macro_f1=\\d\\.\\d{3} n=" + withLabels);
        assertThat(last.get(2))
                .matches("cost ms_per_paper mean=\\d+\\.\\d{3} median=\\d+\\.\\d{3} p99=\\d+\\.\\d{3}");
        // efficient-LLM papers are found and most of the stream is not: not a coin toss
        assertThat(number(last.get(0), "recall")).isGreaterThanOrEqualTo(0.6);
        assertThat(number(last.get(0), "precision")).isGreaterThanOrEqualTo(0.6);

        // a curated list, named by a path relative to where the command is typed: titles, no abstract, no relevant
        // column, a title quoted as Python's csv writes it, a paper filed under a section rather than a leaf
        Path curated = Files.writeString(tmp.resolve("curated.tsv"), String.join("\n",
                "arxiv_id\ttitle\tabstract\tlabels",
                "2211.17192\tFast Inference from Transformers via Speculative Decoding\t\tefficient-decoding",
                "2305.14314\tQLoRA: Efficient Finetuning of Quantized LLMs\t\tpeft;quantization",
                "2210.17323\tGPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers\t\t"
                        + "quantization",
                "2306.14050\t\"Symbolic Chain-of-Thought Distillation: Small Models Can Also \"\"Think\"\" "
                        + "Step-by-Step\"\t\tdistillation",
                "2312.00752\tMamba: Linear-Time Sequence Modeling with Selective State Spaces\t\tarchitecture")
                + "\n");
        Spectrum.Result titles = spectrum.runFrom(tmp, "evaluate", "curated.tsv");
        assertThat(titles.exitCode()).as(titles.stderr()).isZero();
        List<String> three = lastLines(titles.stdout(), 3);
        assertThat(three.get(0)).matches("relevance precision=na recall=\\d\\.\\d{3} f1=na n=5 positives=5");
        assertThat(three.get(1)).matches("leaves top1=\\d\\.\\d{3} macro_f1=\\d\\.\\d{3} n=5");
        assertThat(titles.stdout()).contains("gold labels naming inner nodes, held by any predicted leaf beneath them: "
                + "{architecture=1}");

        Path bad = Files.writeString(tmp.resolve("bad.tsv"), "arxiv_id\ttitle\tlabels\n1\tA\tpeft\n");
        Spectrum.Result error = spectrum.run("evaluate", bad.toString());
        assertThat(error.exitCode()).isNotZero();
        assertThat(error.stderr()).contains("header lacks column 'abstract'");
    }

    private static List<String> lastLines(String out, int n) {
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(n);
        return lines.subList(lines.size() - n, lines.size());
    }

    private static double number(String line, String key) {
        Matcher m = Pattern.compile(key + "=(\\d+\\.\\d+)").matcher(line);
        assertThat(m.find()).as(key + " in " + line).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aBusyPortIsOneClearLine() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Spectrum spectrum = new Spectrum(tmp.resolve("busy")).with("SPECTRUM_CATALOG_PORT",
                    Integer.toString(busy.getLocalPort()));
            Spectrum.Result up = spectrum.run("up", "--detach");
            assertThat(up.exitCode()).isEqualTo(2);
            assertThat(up.stderrLines()).containsExactly("spectrum: port " + busy.getLocalPort()
                    + " (catalog-service) is already in use; stop the program that holds it or set SPECTRUM_CATALOG_PORT=<free port>");
        }
    }

    @Test
    void anUnusableDataDirectoryIsOneClearLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
        Path data = file.resolve("data");
        Spectrum.Result up = new Spectrum(data).run("up", "--detach");
        assertThat(up.exitCode()).isEqualTo(2);
        assertThat(up.stderrLines()).containsExactly("spectrum: the data directory " + data
                + " cannot be created; fix its parent's permissions or choose another with SPECTRUM_DATA=<dir>");
    }

    @Test
    void anUnwritableDataDirectoryIsOneClearLine() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("read-only"));
        data.toFile().setWritable(false, false);
        // root writes through permission bits, so as root the directory is made immutable instead
        boolean immutable = Files.isWritable(data);
        if (immutable) {
            assertThat(new ProcessBuilder("chattr", "+i", data.toString()).inheritIO().start().waitFor())
                    .as("chattr +i on " + data).isZero();
        }
        try {
            Spectrum.Result up = new Spectrum(data).run("up", "--detach");
            assertThat(up.exitCode()).isEqualTo(2);
            assertThat(up.stderrLines()).containsExactly("spectrum: the data directory " + data
                    + " is not writable; fix its permissions or choose another with SPECTRUM_DATA=<dir>");
        } finally {
            if (immutable) {
                new ProcessBuilder("chattr", "-i", data.toString()).inheritIO().start().waitFor();
            }
        }
    }
}
