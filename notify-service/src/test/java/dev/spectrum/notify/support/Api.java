package dev.spectrum.notify.support;

import static io.restassured.RestAssured.given;

import dev.spectrum.localstack.test.SmtpTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What tests do through the public API and the real mailbox. */
public final class Api {

    public static final String ADMIN = "Bearer test-admin-token";

    private Api() {
    }

    /** Creates a subscription and returns the creation response. */
    public static JsonPath create(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/subscriptions")
                .then().statusCode(201).extract().jsonPath();
    }

    /** Creates an e-mail subscription and follows the link of its confirmation e-mail. */
    public static JsonPath createConfirmed(Map<String, Object> body) {
        JsonPath created = create(body);
        String to = (String) body.get("email");
        String link = awaitLink(to, "/confirm/");
        given().when().post(link).then().statusCode(200);
        return created;
    }

    /** The path (from the marker on) of the first link containing the marker mailed to the address. */
    public static String awaitLink(String to, String marker) {
        awaitMail(to, "a " + marker + " link", () -> mails(to).stream().anyMatch(m -> text(m).contains(marker)));
        for (MimeMessage m : mails(to)) {
            Matcher x = Pattern.compile(Pattern.quote(marker) + "([A-Za-z0-9_-]+)").matcher(text(m));
            if (x.find()) {
                return marker + x.group(1);
            }
        }
        throw new AssertionError("no " + marker + " link mailed to " + to);
    }

    /** Waits until exactly {@code count} messages reached the address. */
    public static void awaitMails(String to, int count) {
        awaitMail(to, count + " messages", () -> mails(to).size() == count);
    }

    /**
     * Waits up to 30 s for mail; on timeout, says what the service knew and was doing. A wait like this timed out twice
     * in CI while every other delivery went out: this keeps the evidence a passing re-run cannot give.
     */
    private static void awaitMail(String to, String what, java.util.concurrent.Callable<Boolean> arrived) {
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(arrived);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no " + what + " mailed to " + to + " within 30 s; messages to it: "
                    + mails(to).stream().map(Api::subject).toList() + "; messages on the server: "
                    + SmtpTestResource.server().messages().size() + "\n" + deliveries(to) + "\n" + relayThreads(), e);
        }
    }

    /** The delivery logs of the address's subscriptions, as the admin API shows them. */
    private static String deliveries(String to) {
        StringBuilder b = new StringBuilder("deliveries at " + java.time.Instant.now() + ":");
        List<Integer> ids = given().header("Authorization", ADMIN).queryParam("address", to).when().get("/admin/subscriptions")
                .then().extract().jsonPath().getList("id");
        for (Integer id : ids) {
            b.append("\n  subscription ").append(id).append(": ").append(given().header("Authorization", ADMIN).when()
                    .get("/admin/subscriptions/" + id + "/deliveries").then().extract().asString());
        }
        return b.toString();
    }

    /** Where the relay's and the mailer's busy threads are (the service runs in this JVM under @QuarkusTest). */
    private static String relayThreads() {
        StringBuilder b = new StringBuilder("busy relay, sender and event-loop threads:");
        Thread.getAllStackTraces().forEach((t, stack) -> {
            String top = java.util.Arrays.stream(stack).limit(6).map(String::valueOf).reduce("", String::concat);
            boolean idle = top.contains("EPoll.wait") || top.contains("getTask") || top.contains("DeliveryRelay.loop");
            if (!idle && (t.getName().startsWith("notify-") || t.getName().startsWith("vert.x-eventloop"))) {
                b.append("\n  ").append(t.getName()).append(' ').append(t.getState());
                for (int i = 0; i < Math.min(stack.length, 12); i++) {
                    b.append("\n    at ").append(stack[i]);
                }
            }
        });
        return b.toString();
    }

    /** Messages the real SMTP server received for an address. */
    public static List<MimeMessage> mails(String to) {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : SmtpTestResource.server().messages()) {
            try {
                for (var a : m.getRecipients(Message.RecipientType.TO)) {
                    if (a.toString().equalsIgnoreCase(to)) {
                        out.add(m);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    public static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String header(MimeMessage m, String name) {
        try {
            return m.getHeader(name, ", ");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** All text of a message (text and HTML parts). */
    public static String text(MimeMessage m) {
        try {
            return flatten(m.getContent());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String flatten(Object content) throws Exception {
        if (content instanceof MimeMultipart mp) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < mp.getCount(); i++) {
                b.append(flatten(mp.getBodyPart(i).getContent())).append("\n");
            }
            return b.toString();
        }
        return String.valueOf(content);
    }
}
