package dev.spectrum.localstack.test;

import dev.spectrum.localstack.Ports;
import dev.spectrum.localstack.SmtpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Quarkus test resource: one real mail server (GreenMail, SMTP and IMAP) per module's test run; tests read what it
 * received, and the notify service reads its unsubscribe mailbox on it over IMAP.
 */
public class SmtpTestResource implements QuarkusTestResourceLifecycleManager {

    /** The mailbox of the mailto form of List-Unsubscribe in tests; its IMAP password is the same string. */
    public static final String UNSUBSCRIBE_MAILBOX = "unsubscribe@spectrum.invalid";

    private static SmtpServer server;

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            server = SmtpServer.start(Ports.free(), Ports.free());
            server.greenMail().setUser(UNSUBSCRIBE_MAILBOX, UNSUBSCRIBE_MAILBOX, UNSUBSCRIBE_MAILBOX);
        }
        String user = URLEncoder.encode(UNSUBSCRIBE_MAILBOX, StandardCharsets.UTF_8);
        return Map.of(
                "quarkus.mailer.mock", "false",
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", Integer.toString(server.port()),
                "quarkus.mailer.start-tls", "DISABLED",
                "quarkus.mailer.tls", "false",
                "spectrum.notify.unsubscribe-mailbox", UNSUBSCRIBE_MAILBOX,
                "spectrum.notify.unsubscribe-imap-url",
                "imap://" + user + ":" + user + "@127.0.0.1:" + server.imapPort() + "/INBOX");
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
