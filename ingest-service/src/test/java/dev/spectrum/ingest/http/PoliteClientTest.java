package dev.spectrum.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.spectrum.ingest.FakeArxiv;
import dev.spectrum.ingest.FakeArxiv.Reply;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Politeness against a real loopback server: Retry-After, back-off, timeouts, cut bodies, size cap, arXiv's 3 s floor. */
@QuarkusTest
class PoliteClientTest {

    @Inject
    PoliteClient client;

    private final FakeArxiv arxiv = FakeArxiv.get();

    @BeforeEach
    void reset() {
        arxiv.reset();
    }

    private String get(String path) {
        return client.get(URI.create(arxiv.baseUrl() + path), r -> new String(r.body(), StandardCharsets.UTF_8));
    }

    private static long gapMillis(List<FakeArxiv.Request> requests, int i) {
        return (requests.get(i).nanos() - requests.get(i - 1).nanos()) / 1_000_000;
    }

    @Test
    void retryAfterOn429IsHonoured() {
        arxiv.script("/t/429", Reply.status(429, "1", "slow down".getBytes()), Reply.ok("fine".getBytes()));
        assertThat(get("/t/429")).isEqualTo("fine");
        List<FakeArxiv.Request> requests = arxiv.requests("/t/429");
        assertThat(requests).hasSize(2);
        assertThat(gapMillis(requests, 1)).as("waited the second Retry-After asked for").isGreaterThanOrEqualTo(1000);
    }

    @Test
    void retryAfterZeroOn503WaitsTheFloor() {
        arxiv.script("/t/503", Reply.status(503, "0", null), Reply.status(503, null, null), Reply.ok("fine".getBytes()));
        assertThat(get("/t/503")).isEqualTo("fine");
        List<FakeArxiv.Request> requests = arxiv.requests("/t/503");
        assertThat(requests).hasSize(3);
        assertThat(gapMillis(requests, 1)).as("floor of 300 ms when Retry-After is 0").isGreaterThanOrEqualTo(300);
        assertThat(gapMillis(requests, 2)).as("floor when Retry-After is missing").isGreaterThanOrEqualTo(300);
    }

    @Test
    void aRetryAfterBeyondTheLimitEndsTheRunInsteadOfBlocking() {
        arxiv.script("/t/long", Reply.status(503, "3600", null));
        long start = System.nanoTime();
        FetchException e = catchThrowableOfType(FetchException.class, () -> get("/t/long"));
        assertThat(e.getMessage()).contains("PT1H");
        assertThat(e.retryable()).isTrue();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3000);
        assertThat(arxiv.requests("/t/long")).hasSize(1);
    }

    @Test
    void aHungResponseTimesOutAndIsRetried() {
        arxiv.script("/t/hang", Reply.hang(), Reply.ok("fine".getBytes()));
        long start = System.nanoTime();
        assertThat(get("/t/hang")).isEqualTo("fine");
        assertThat((System.nanoTime() - start) / 1_000_000).as("gave up on the hung response after the 2 s timeout")
                .isBetween(2000L, 15_000L);
        assertThat(arxiv.requests("/t/hang")).hasSize(2);
    }

    @Test
    void aBodyCutOffMidwayIsRetried() {
        byte[] body = "x".repeat(100_000).getBytes();
        arxiv.script("/t/cut", Reply.truncated(body), Reply.ok(body));
        assertThat(get("/t/cut")).hasSize(100_000);
        assertThat(arxiv.requests("/t/cut")).hasSize(2);
    }

    @Test
    void serverErrorsBackOffThenGiveUp() {
        arxiv.script("/t/500", Reply.status(500, null, null));
        FetchException e = catchThrowableOfType(FetchException.class, () -> get("/t/500"));
        assertThat(e.getMessage()).contains("after 5 attempts");
        List<FakeArxiv.Request> requests = arxiv.requests("/t/500");
        assertThat(requests).hasSize(5);
        for (int i = 1; i < requests.size(); i++) {
            assertThat(gapMillis(requests, i)).as("back-off grows from 100 ms").isGreaterThanOrEqualTo(100);
        }
    }

    @Test
    void anOversizedResponseIsRefused() {
        arxiv.script("/t/big", Reply.ok(new byte[9 * 1024 * 1024]));
        FetchException e = catchThrowableOfType(FetchException.class, () -> get("/t/big"));
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("cap of 8388608 bytes");
    }

    @Test
    void requestsSayWhoIsAsking() {
        arxiv.script("/t/ua", Reply.ok("fine".getBytes()));
        get("/t/ua");
        FakeArxiv.Request r = arxiv.requests("/t/ua").get(0);
        assertThat(r.userAgent()).startsWith("Spectrum-ingest/").contains("mailto:spectrum-operators@example.org");
        assertThat(r.from()).isEqualTo("spectrum-operators@example.org");
    }

    @Test
    void arxivHostsNeverGetLessThanThreeSeconds() {
        assertThat(client.intervalFor(URI.create("https://export.arxiv.org/api/query"))).isEqualTo(Duration.ofSeconds(3));
        assertThat(client.intervalFor(URI.create("https://rss.arxiv.org/rss/cs.LG"))).isEqualTo(Duration.ofSeconds(3));
        assertThat(client.intervalFor(URI.create("https://oaipmh.arxiv.org/oai"))).isEqualTo(Duration.ofSeconds(3));
        assertThat(client.intervalFor(URI.create(arxiv.baseUrl()))).as("test configuration, loopback only").isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void consecutiveRequestsKeepTheConfiguredGap() {
        arxiv.script("/t/pace", Reply.ok("fine".getBytes()));
        for (int i = 0; i < 5; i++) {
            get("/t/pace");
        }
        List<FakeArxiv.Request> requests = arxiv.requests("/t/pace");
        for (int i = 1; i < requests.size(); i++) {
            assertThat(gapMillis(requests, i)).isGreaterThanOrEqualTo(200);
        }
    }
}
