package dev.spectrum.notify.delivery;

import dev.spectrum.notify.config.NotifyConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Sends e-mail over SMTP with the headers every Spectrum mail carries (RFC 2369 and RFC 8058 one-click unsubscribe). */
@ApplicationScoped
public class Mails {

    private final Mailer mailer;
    private final NotifyConfig config;

    public Mails(Mailer mailer, NotifyConfig config) {
        this.mailer = mailer;
        this.config = config;
    }

    public String unsubscribeUrl(String unsubscribeToken) {
        return config.publicUrl() + "/unsubscribe/" + unsubscribeToken;
    }

    /** Sends one message; {@code unsubscribeToken} null for mails that belong to no list (confirmation, notices). */
    public void send(String to, String subject, String text, String html, String unsubscribeToken) {
        Mail mail = Mail.withText(to, subject, text).setHtml(html).setFrom(config.senderAddress());
        if (unsubscribeToken != null) {
            String header = "<" + unsubscribeUrl(unsubscribeToken) + ">";
            if (config.unsubscribeImapUrl().isPresent()) {
                header += ", <mailto:" + config.unsubscribeMailbox() + "?subject="
                        + URLEncoder.encode("unsubscribe " + unsubscribeToken, StandardCharsets.UTF_8).replace("+", "%20") + ">";
            }
            mail.addHeader("List-Unsubscribe", header);
            mail.addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        mailer.send(mail);
    }
}
