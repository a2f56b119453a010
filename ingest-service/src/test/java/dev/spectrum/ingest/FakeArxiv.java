package dev.spectrum.ingest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on loopback standing in for arXiv's three hosts. Tests script replies per request prefix
 * ({@code path?query}); each scripted reply is used once, the last one stays. Faults: any status with Retry-After, a
 * hung response, a body cut off in the middle. Every request is recorded with its arrival time and headers.
 */
public final class FakeArxiv {

    /** A request as the server saw it. */
    public record Request(String target, long nanos, String userAgent, String from) {
    }

    /** A scripted reply. */
    public record Reply(int status, byte[] body, String retryAfter, boolean hangs, boolean truncate) {
        public static Reply ok(byte[] body) {
            return new Reply(200, body, null, false, false);
        }

        public static Reply status(int status, String retryAfter, byte[] body) {
            return new Reply(status, body, retryAfter, false, false);
        }

        public static Reply hang() {
            return new Reply(200, new byte[0], null, true, false);
        }

        public static Reply truncated(byte[] body) {
            return new Reply(200, body, null, false, true);
        }
    }

    private static FakeArxiv instance;

    private final HttpServer server;
    private final Map<String, List<Reply>> scripts = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private FakeArxiv(HttpServer server) {
        this.server = server;
    }

    public static synchronized FakeArxiv get() {
        if (instance == null) {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
                FakeArxiv fake = new FakeArxiv(server);
                server.createContext("/", fake::handle);
                server.setExecutor(Executors.newCachedThreadPool(r -> {
                    Thread t = new Thread(r, "fake-arxiv");
                    t.setDaemon(true);
                    return t;
                }));
                server.start();
                instance = fake;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return instance;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Replies to requests whose {@code path?query} starts with {@code prefix}; the longest matching prefix wins. */
    public void script(String prefix, Reply... replies) {
        scripts.put(prefix, Collections.synchronizedList(new ArrayList<>(List.of(replies))));
    }

    public void reset() {
        scripts.clear();
        requests.clear();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String prefix) {
        return requests.stream().filter(r -> r.target().startsWith(prefix)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        requests.add(new Request(target, System.nanoTime(), exchange.getRequestHeaders().getFirst("User-Agent"),
                exchange.getRequestHeaders().getFirst("From")));
        String best = null;
        for (String prefix : scripts.keySet()) {
            if (target.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        Reply reply;
        if (best == null) {
            reply = Reply.status(404, null, ("no script for " + target).getBytes());
        } else {
            List<Reply> list = scripts.get(best);
            synchronized (list) {
                reply = list.size() > 1 ? list.remove(0) : list.get(0);
            }
        }
        try (exchange) {
            if (reply.hangs()) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            if (reply.retryAfter() != null) {
                exchange.getResponseHeaders().set("Retry-After", reply.retryAfter());
            }
            exchange.getResponseHeaders().set("Content-Type", "application/xml; charset=utf-8");
            byte[] body = reply.body() == null ? new byte[0] : reply.body();
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            OutputStream out = exchange.getResponseBody();
            if (reply.truncate()) {
                // Promise the whole length, send half, then drop the connection.
                out.write(body, 0, body.length / 2);
                out.flush();
                throw new IOException("cut off on purpose");
            }
            out.write(body);
        }
    }
}
