package dev.spectrum.ingest.http;

import dev.spectrum.ingest.arxiv.FeedException;
import dev.spectrum.ingest.config.IngestConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.GZIPInputStream;
import org.jboss.logging.Logger;

/**
 * The only way this service talks to arXiv: one request at a time, at least {@code min-interval} (never under 3 s for
 * arXiv hosts) between the end of one request and the start of the next, {@code Retry-After} honoured on 429/503 with a
 * floor, exponential back-off with jitter on errors, timeouts and unusable bodies, a descriptive User-Agent and a size cap.
 */
@ApplicationScoped
public class PoliteClient {

    private static final Logger LOG = Logger.getLogger(PoliteClient.class);
    private static final Duration ARXIV_FLOOR = Duration.ofSeconds(3);

    /** A response handed to the caller's parser. */
    public record Response(int status, byte[] body, String retryAfter) {
    }

    /** Turns a response into a value; throws a retryable {@link FeedException} to have the same request made again. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(Response response);
    }

    private final IngestConfig.Http config;
    private final HttpClient client;
    private final String userAgent;
    private final ReentrantLock oneAtATime = new ReentrantLock(true);
    private final MeterRegistry registry;
    private volatile long nextAllowedNanos = System.nanoTime();

    public PoliteClient(IngestConfig config, MeterRegistry registry) {
        this.config = config.http();
        this.registry = registry;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).version(HttpClient.Version.HTTP_1_1).build();
        this.userAgent = "Spectrum-ingest/0.1 (efficient-LLM paper tracker; +https://github.com/spectrum; " + this.config.contact() + ")";
    }

    /** The minimum gap for this host: configurable, but never below 3 s for arXiv. */
    public Duration intervalFor(URI uri) {
        Duration configured = config.minInterval();
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        boolean arxiv = host.equals("arxiv.org") || host.endsWith(".arxiv.org");
        return arxiv && configured.compareTo(ARXIV_FLOOR) < 0 ? ARXIV_FLOOR : configured;
    }

    /** Fetches {@code uri} and parses it, retrying as the rules above say; throws {@link FetchException} when it gives up. */
    public <T> T get(URI uri, Parser<T> parser) {
        Exception last = null;
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            Duration wait;
            oneAtATime.lock();
            try {
                pace();
                Response response;
                try {
                    response = exchange(uri);
                } finally {
                    nextAllowedNanos = System.nanoTime() + intervalFor(uri).toNanos();
                }
                if (response.status() == 429 || response.status() == 503) {
                    wait = retryAfter(response);
                    registry.counter("spectrum.ingest.http.throttled", "status", Integer.toString(response.status())).increment();
                    last = new IOException("HTTP " + response.status() + " from " + uri.getHost());
                    if (wait.compareTo(config.retryAfterMax()) > 0) {
                        throw new FetchException("arXiv asked to wait " + wait + " (more than " + config.retryAfterMax()
                                + "); the next scheduled run retries", true, last);
                    }
                    LOG.infof("HTTP %d from %s, waiting %s as Retry-After asks (attempt %d)", response.status(), uri.getHost(), wait, attempt);
                } else if (response.status() >= 500) {
                    wait = backoff(attempt);
                    last = new IOException("HTTP " + response.status() + " from " + uri.getHost());
                    LOG.infof("HTTP %d from %s, backing off %s (attempt %d)", response.status(), uri.getHost(), wait, attempt);
                } else {
                    try {
                        T value = parser.parse(response);
                        registry.counter("spectrum.ingest.http.requests", "outcome", "ok").increment();
                        return value;
                    } catch (FeedException e) {
                        if (!e.retryable()) {
                            registry.counter("spectrum.ingest.http.requests", "outcome", "rejected").increment();
                            throw e;
                        }
                        last = e;
                        wait = backoff(attempt);
                        LOG.infof("unusable response from %s (%s), retrying in %s (attempt %d)", uri.getHost(), e.getMessage(), wait, attempt);
                    }
                }
            } catch (IOException | TimeoutException e) {
                last = e;
                wait = backoff(attempt);
                LOG.infof("request to %s failed (%s), retrying in %s (attempt %d)", uri.getHost(), e, wait, attempt);
            } finally {
                oneAtATime.unlock();
            }
            registry.counter("spectrum.ingest.http.requests", "outcome", "retry").increment();
            defer(wait);
        }
        throw new FetchException("gave up on " + uri + " after " + config.maxAttempts() + " attempts: " + last, true, last);
    }

    private void defer(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        if (until > nextAllowedNanos) {
            nextAllowedNanos = until;
        }
    }

    private void pace() {
        long delay = nextAllowedNanos - System.nanoTime();
        if (delay > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FetchException("interrupted while pacing", true, e);
            }
        }
    }

    private Response exchange(URI uri) throws IOException, TimeoutException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.timeout()).header("User-Agent", userAgent)
                .header("From", config.contact().replaceFirst("^mailto:", "")).header("Accept-Encoding", "gzip").GET().build();
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, info -> new Capped(config.maxResponseBytes()));
        try {
            HttpResponse<byte[]> response = future.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
            byte[] body = response.body();
            if (response.headers().firstValue("Content-Encoding").map(v -> v.equalsIgnoreCase("gzip")).orElse(false)) {
                body = gunzip(body, config.maxResponseBytes());
            }
            return new Response(response.statusCode(), body, response.headers().firstValue("Retry-After").orElse(null));
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new TimeoutException("no complete response from " + uri.getHost() + " within " + config.timeout());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TooLarge tooLarge) {
                throw new FetchException(tooLarge.getMessage(), false, tooLarge);
            }
            throw cause instanceof IOException io ? io : new IOException(cause);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted", true, e);
        }
    }

    private Duration retryAfter(Response response) {
        Duration wait = parseRetryAfter(response.retryAfter());
        Duration floor = config.retryAfterFloor();
        return wait == null || wait.compareTo(floor) < 0 ? floor : wait;
    }

    static Duration parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(Instant.now(), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException e2) {
                return null;
            }
        }
    }

    Duration backoff(int attempt) {
        long base = config.backoffBase().toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, config.backoffMax().toMillis());
        long jitter = (long) (capped * 0.5 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(capped + jitter);
    }

    private static byte[] gunzip(byte[] body, long cap) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length * 4);
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > cap) {
                    throw new FetchException("response larger than " + cap + " bytes once decompressed", false, null);
                }
            }
            return out.toByteArray();
        }
    }

    private static final class TooLarge extends IOException {
        TooLarge(long cap) {
            super("response larger than the cap of " + cap + " bytes");
        }
    }

    /** Collects the body, failing as soon as it passes the cap instead of buffering an unbounded response. */
    private static final class Capped implements HttpResponse.BodySubscriber<byte[]> {
        private final long cap;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Capped(long cap) {
            this.cap = cap;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
            if (out.size() > cap) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge(cap));
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
