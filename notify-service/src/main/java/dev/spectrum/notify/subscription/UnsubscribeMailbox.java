package dev.spectrum.notify.subscription;

import dev.spectrum.notify.config.NotifyConfig;
import dev.spectrum.notify.rest.ProblemException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.BodyPart;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.URLName;
import jakarta.mail.search.FlagTerm;
import java.io.IOException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Reads the mailbox of the mailto form of List-Unsubscribe over IMAP and ends the subscription whose token a mail
 * names ("unsubscribe &lt;token&gt;" in the subject, as the link sets it, or in the text). Each unread mail is handled
 * once: a request is deleted once honoured, anything else is left read for a person to see.
 */
@ApplicationScoped
public class UnsubscribeMailbox {

    private static final Logger LOG = Logger.getLogger(UnsubscribeMailbox.class);
    private static final Pattern REQUEST = Pattern.compile("(?i)\\bunsubscribe\\s+([A-Za-z0-9_-]{20,100})");
    private static final int TIMEOUT_MS = 30_000;

    private final NotifyConfig config;
    private final SubscriptionService subscriptions;

    public UnsubscribeMailbox(NotifyConfig config, SubscriptionService subscriptions) {
        this.config = config;
        this.subscriptions = subscriptions;
    }

    @Scheduled(every = "${spectrum.notify.unsubscribe-poll-interval:1m}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (config.unsubscribeImapUrl().isEmpty()) {
            return;
        }
        try {
            read();
        } catch (MessagingException | RuntimeException e) {
            LOG.warnf("reading the unsubscribe mailbox failed, trying again at the next poll: %s", e.getMessage());
        }
    }

    /** Reads the unread mails once. */
    private void read() throws MessagingException {
        URLName url = new URLName(config.unsubscribeImapUrl().orElseThrow());
        Properties props = new Properties();
        for (String protocol : new String[] {"imap", "imaps"}) {
            props.put("mail." + protocol + ".connectiontimeout", TIMEOUT_MS);
            props.put("mail." + protocol + ".timeout", TIMEOUT_MS);
        }
        Store store = Session.getInstance(props).getStore(url);
        store.connect();
        try {
            Folder folder = url.getFile() == null || url.getFile().isBlank() ? store.getFolder("INBOX") : store.getFolder(url.getFile());
            folder.open(Folder.READ_WRITE);
            try {
                for (Message m : folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false))) {
                    String token = token(m);
                    m.setFlag(Flags.Flag.SEEN, true);
                    if (token == null) {
                        LOG.infof("unsubscribe mailbox: a mail without a request (\"%s\") left for a person", m.getSubject());
                        continue;
                    }
                    try {
                        Subscription s = subscriptions.unsubscribe(token, "e-mail");
                        LOG.infof("subscription %d unsubscribed by e-mail", s.id);
                    } catch (ProblemException e) {
                        LOG.infof("unsubscribe mailbox: a request with an unknown token, dropped");
                    }
                    m.setFlag(Flags.Flag.DELETED, true);
                }
            } finally {
                folder.close(true);
            }
        } finally {
            store.close();
        }
    }

    /** The token a mail asks to unsubscribe, from its subject or else its plain text; null when it asks nothing. */
    private static String token(Message m) throws MessagingException {
        String found = find(m.getSubject());
        if (found == null) {
            try {
                found = find(text(m.getContent()));
            } catch (IOException e) {
                return null;
            }
        }
        return found;
    }

    static String find(String text) {
        if (text == null) {
            return null;
        }
        Matcher x = REQUEST.matcher(text);
        return x.find() ? x.group(1) : null;
    }

    private static String text(Object content) throws MessagingException, IOException {
        if (content instanceof String s) {
            return s;
        }
        if (content instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart part = mp.getBodyPart(i);
                if (part.isMimeType("text/plain")) {
                    return String.valueOf(part.getContent());
                }
            }
        }
        return null;
    }
}
