package dev.spectrum.localstack;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.List;

/**
 * A real SMTP server (GreenMail) that accepts every message and keeps it in memory for reading; optionally also IMAP,
 * for code that reads a mailbox.
 */
public final class SmtpServer implements AutoCloseable {

    private final GreenMail greenMail;
    private final int port;
    private final int imapPort;

    private SmtpServer(GreenMail greenMail, int port, int imapPort) {
        this.greenMail = greenMail;
        this.port = port;
        this.imapPort = imapPort;
    }

    public static SmtpServer start(int port) {
        return start(port, 0);
    }

    /** SMTP on {@code port} and, when {@code imapPort} is positive, IMAP on it. */
    public static SmtpServer start(int port, int imapPort) {
        ServerSetup smtp = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        GreenMail mail = imapPort > 0
                ? new GreenMail(new ServerSetup[] {smtp, new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)})
                : new GreenMail(smtp);
        mail.start();
        return new SmtpServer(mail, port, imapPort);
    }

    public int port() {
        return port;
    }

    /** The IMAP port, 0 when IMAP was not started. */
    public int imapPort() {
        return imapPort;
    }

    /** Every message received so far, oldest first. */
    public List<MimeMessage> messages() {
        return List.of(greenMail.getReceivedMessages());
    }

    public GreenMail greenMail() {
        return greenMail;
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
