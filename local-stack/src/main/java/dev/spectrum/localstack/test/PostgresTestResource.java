package dev.spectrum.localstack.test;

import dev.spectrum.localstack.Ports;
import dev.spectrum.localstack.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Quarkus test resource: one real PostgreSQL 17 per module's test run, on a free port, with a fresh database. */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "spectrum";

    private static PostgresServer server;
    private static Path dir;

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            try {
                dir = Files.createTempDirectory("spectrum-pg-");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            server = PostgresServer.start(dir, Ports.free(), false);
            server.ensureDatabase(DATABASE);
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", server.jdbcUrl(DATABASE),
                "quarkus.datasource.username", PostgresServer.USER,
                "quarkus.datasource.password", PostgresServer.PASSWORD);
    }

    /** The running server, for tests that stop and restart it or connect directly. */
    public static PostgresServer server() {
        return server;
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
            TempDirs.delete(dir);
        }
    }
}
