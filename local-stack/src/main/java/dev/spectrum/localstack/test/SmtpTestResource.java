package dev.spectrum.localstack.test;

import dev.spectrum.localstack.Ports;
import dev.spectrum.localstack.SmtpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Quarkus test resource: one real SMTP server (GreenMail) per module's test run; tests read what it received. */
public class SmtpTestResource implements QuarkusTestResourceLifecycleManager {

    private static SmtpServer server;

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            server = SmtpServer.start(Ports.free());
        }
        return Map.of(
                "quarkus.mailer.mock", "false",
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", Integer.toString(server.port()),
                "quarkus.mailer.start-tls", "DISABLED",
                "quarkus.mailer.tls", "false");
    }

    /** The running server and its received messages. */
    public static SmtpServer server() {
        return server;
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
