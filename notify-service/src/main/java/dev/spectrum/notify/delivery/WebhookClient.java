package dev.spectrum.notify.delivery;

import dev.spectrum.notify.config.NotifyConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts webhook bodies with Vert.x: to the address the {@link SsrfGuard} vetted (Host header and TLS name stay those of
 * the URL), following no redirects, with connect and request timeouts, reading at most a capped number of bytes.
 */
@ApplicationScoped
public class WebhookClient {

    /** What the receiver answered; status 0 when no answer came (error says why). */
    public record Response(int status, String retryAfter, String error) {
    }

    /**
     * How long an idle pooled connection may be reused. A receiver closes idle connections on its own clock (Node.js
     * after 5 s, the JDK's server after 30 s, nginx after 75 s); a request written on a connection the receiver is
     * closing at that moment may be read and then lose its answer, so the same message goes again. Below the shortest
     * common server timeout, that race does not arise; a burst of alerts still shares its connections.
     */
    static final int KEEP_ALIVE_SECONDS = 4;

    private final HttpClient client;
    private final NotifyConfig.Webhook config;
    private final SsrfGuard guard;

    public WebhookClient(Vertx vertx, NotifyConfig config) {
        this.config = config.webhook();
        this.guard = new SsrfGuard(this.config.allowLoopback());
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) this.config.connectTimeout().toMillis())
                .setMaxPoolSize(this.config.maxConnectionsPerHost())
                .setKeepAlive(true)
                .setKeepAliveTimeout(KEEP_ALIVE_SECONDS)
                .setForceSni(true)
                .setVerifyHost(true)
                .setMaxRedirects(0));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public CompletableFuture<Response> post(String url, String body, Map<String, String> headers) {
        SsrfGuard.Target target;
        try {
            target = guard.vet(url);
        } catch (SsrfGuard.Refused e) {
            return CompletableFuture.completedFuture(new Response(0, null, "refused: " + e.getMessage()));
        }
        RequestOptions o = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.tls())
                .setURI(target.pathAndQuery())
                .setFollowRedirects(false)
                .setTimeout(config.requestTimeout().toMillis());
        o.putHeader("content-type", "application/json");
        o.putHeader("user-agent", "Spectrum-Webhooks/1");
        headers.forEach(o::putHeader);
        int cap = config.maxResponseBytes();
        Future<Response> f = client.request(o)
                .compose(req -> req.send(Buffer.buffer(body)))
                .compose(resp -> {
                    Response r = new Response(resp.statusCode(), resp.getHeader("retry-after"), null);
                    AtomicLong read = new AtomicLong();
                    try {
                        resp.handler(buf -> {
                            if (read.addAndGet(buf.length()) > cap) {
                                // a hostile receiver cannot make us read without end
                                resp.request().reset();
                            }
                        });
                    } catch (IllegalStateException ended) {
                        // A bodiless answer (204) can end before this callback runs, on a pooled connection's own
                        // event loop; Vert.x then refuses a handler. The status is the whole answer: a delivery, not
                        // an error to retry (retrying sent the receiver the same message twice).
                        return Future.succeededFuture(r);
                    }
                    // the answer counts once it ends; a reset (body over the cap) or a broken body keeps the status
                    return resp.end().map(v -> r).otherwise(r);
                });
        return f.toCompletionStage().toCompletableFuture()
                .exceptionally(e -> new Response(0, null, rootMessage(e)));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
