package dev.spectrum.localstack;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Launcher for local runs: starts real PostgreSQL, Kafka and SMTP with their data under one directory (default
 * {@code ./.spectrum}), so a restart keeps papers, subscriptions and offsets. {@code ./spectrum up} runs it.
 *
 * <p>Bad configuration ends with one line on stderr that says what is wrong and how to fix it, and exit code 2.
 */
public final class LocalStack {

    private final List<AutoCloseable> started = new ArrayList<>();

    public static void main(String[] args) {
        Map<String, String> opts = parse(args);
        Path data = Path.of(opts.getOrDefault("data", ".spectrum")).toAbsolutePath().normalize();
        int kafkaPort = port(opts, "kafka-port", 19092);
        int controllerPort = port(opts, "kafka-controller-port", 19093);
        int pgPort = port(opts, "postgres-port", 15432);
        int smtpPort = port(opts, "smtp-port", 12525);
        int mailboxPort = port(opts, "mailbox-port", 18025);
        List<String> databases = List.of(opts.getOrDefault("databases", "ingest,catalog,notify").split(","));

        checkWritable(data);
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("Kafka", kafkaPort);
        ports.put("Kafka controller", controllerPort);
        ports.put("PostgreSQL", pgPort);
        ports.put("SMTP", smtpPort);
        ports.put("mailbox", mailboxPort);
        ports.forEach(LocalStack::checkFree);

        LocalStack stack = new LocalStack();
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "local-stack-stop"));
        try {
            PostgresServer pg = stack.add(PostgresServer.start(data.resolve("postgres"), pgPort, true));
            databases.forEach(pg::ensureDatabase);
            KafkaBroker kafka = stack.add(KafkaBroker.start(data.resolve("kafka"), kafkaPort, controllerPort, 3));
            SmtpServer smtp = stack.add(SmtpServer.start(smtpPort));
            stack.add(Mailbox.start(smtp, mailboxPort));
            System.out.printf("local-stack ready kafka=%s postgres=%s smtp=127.0.0.1:%d mailbox=http://localhost:%d/ data=%s%n",
                    kafka.bootstrapServers(), pg.jdbcUrl("<db>"), smtpPort, mailboxPort, data);
            System.out.flush();
        } catch (RuntimeException e) {
            System.err.println("spectrum: the local stack could not start: " + rootMessage(e));
            stack.stop();
            System.exit(1);
        }
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T extends AutoCloseable> T add(T server) {
        started.add(server);
        return server;
    }

    private synchronized void stop() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception ignored) {
                // stopping the rest matters more than reporting one failure on the way out
            }
        }
        started.clear();
    }

    static void checkWritable(Path data) {
        try {
            Files.createDirectories(data);
            Path probe = Files.createTempFile(data, ".write-check", "");
            Files.delete(probe);
        } catch (java.nio.file.FileSystemException e) {
            fail("the data directory " + data + " is not writable (" + reason(e)
                    + "); fix its permissions or choose another with SPECTRUM_DATA=<dir>");
        } catch (IOException e) {
            fail("the data directory " + data + " cannot be used (" + reason(e)
                    + "); choose another with SPECTRUM_DATA=<dir>");
        }
    }

    static void checkFree(String what, int port) {
        if (!Ports.isFree(port)) {
            String env = "SPECTRUM_" + what.toUpperCase(java.util.Locale.ROOT).replace(' ', '_') + "_PORT";
            fail("port " + port + " (" + what + ") is already in use; stop the program that holds it or set " + env
                    + "=<free port>");
        }
    }

    private static String reason(IOException e) {
        return e instanceof AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
    }

    private static void fail(String message) {
        System.err.println("spectrum: " + message);
        System.exit(2);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private static int port(Map<String, String> opts, String key, int fallback) {
        String value = opts.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        fail("--" + key + " must be a port number between 1 and 65535, not '" + value + "'");
        return -1;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                fail("usage: LocalStack [--data DIR] [--kafka-port N] [--kafka-controller-port N] [--postgres-port N]"
                        + " [--smtp-port N] [--mailbox-port N] [--databases a,b,c]");
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        return opts;
    }
}
