package dev.spectrum.notify.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/** A real HTTP server on loopback standing in for webhook receivers; each path answers as the test scripts it. */
public final class WebhookReceiver implements AutoCloseable {

    /** A received call. */
    public record Call(String path, Map<String, List<String>> headers, String body, long atMillis) {
        public String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** How to answer. */
    public record Answer(int status, Map<String, String> headers) {
        public static Answer status(int status) {
            return new Answer(status, Map.of());
        }
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, LinkedBlockingQueue<Answer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Function<Call, Answer>> defaults = new ConcurrentHashMap<>();

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String path = exchange.getRequestURI().getPath();
            Call call = new Call(path, Map.copyOf(exchange.getRequestHeaders()), body, System.currentTimeMillis());
            calls.add(call);
            LinkedBlockingQueue<Answer> script = scripts.get(path);
            Answer a = script == null ? null : script.poll();
            if (a == null) {
                a = defaults.getOrDefault(path, c -> Answer.status(204)).apply(call);
            }
            a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(a.status(), -1);
            exchange.close();
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next answers on a path, in order; afterwards the path answers 204. */
    public void script(String path, Answer... answers) {
        scripts.computeIfAbsent(path, p -> new LinkedBlockingQueue<>()).addAll(List.of(answers));
    }

    public void always(String path, Function<Call, Answer> answer) {
        defaults.put(path, answer);
    }

    /**
     * The distinct webhook-ids received on a path, in order of first arrival. A request whose answer was lost on the
     * way back is sent again with the same id (receivers dedupe on it, as the Standard Webhooks spec says), so
     * "delivered once" means one id, not one request.
     */
    public List<String> messageIds(String path) {
        return calls(path).stream().map(c -> c.header("webhook-id")).distinct().toList();
    }

    public List<Call> calls(String path) {
        List<Call> out = new ArrayList<>();
        for (Call c : calls) {
            if (c.path().equals(path)) {
                out.add(c);
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
