package dev.spectrum.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** A read-only web page over the local SMTP server's messages, so a local user can see the alerts Spectrum sent. */
final class Mailbox implements AutoCloseable {

    private final HttpServer http;

    private Mailbox(HttpServer http) {
        this.http = http;
    }

    static Mailbox start(SmtpServer smtp, int port) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
            http.createContext("/api/messages", exchange -> json(smtp, exchange));
            http.createContext("/", exchange -> handle(smtp, exchange));
            http.start();
            return new Mailbox(http);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the mailbox page on port " + port, e);
        }
    }

    private static void handle(SmtpServer smtp, HttpExchange exchange) throws IOException {
        List<MimeMessage> messages = smtp.messages();
        String path = exchange.getRequestURI().getPath();
        String body;
        int status = 200;
        try {
            if (path.startsWith("/message/")) {
                int index = Integer.parseInt(path.substring("/message/".length()));
                body = index >= 0 && index < messages.size() ? page(messages.get(index)) : null;
            } else if (path.equals("/")) {
                body = list(messages);
            } else {
                body = null;
            }
        } catch (NumberFormatException e) {
            body = null;
        } catch (Exception e) {
            body = "<p>cannot read message: " + escape(String.valueOf(e.getMessage())) + "</p>";
            status = 500;
        }
        if (body == null) {
            status = 404;
            body = "<p>no such message</p>";
        }
        byte[] bytes = ("<!doctype html><html><head><meta charset=utf-8><title>Spectrum local mailbox</title>"
                + "<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}td,th{padding:.3em .8em;"
                + "text-align:left;border-bottom:1px solid #ddd}pre{white-space:pre-wrap}</style></head><body>"
                + body + "</body></html>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Every message as JSON, oldest first: for scripts and system tests that check what Spectrum sent. */
    private static void json(SmtpServer smtp, HttpExchange exchange) throws IOException {
        StringBuilder out = new StringBuilder("[");
        int status = 200;
        try {
            List<MimeMessage> messages = smtp.messages();
            for (int i = 0; i < messages.size(); i++) {
                MimeMessage m = messages.get(i);
                out.append(i == 0 ? "" : ",").append("{\"index\":").append(i)
                        .append(",\"to\":").append(quote(addresses(m.getAllRecipients())))
                        .append(",\"subject\":").append(quote(m.getSubject()))
                        .append(",\"listUnsubscribe\":").append(quote(header(m, "List-Unsubscribe")))
                        .append(",\"listUnsubscribePost\":").append(quote(header(m, "List-Unsubscribe-Post")))
                        .append(",\"text\":").append(quote(text(m.getContent()))).append('}');
            }
            out.append(']');
        } catch (Exception e) {
            status = 500;
            out.setLength(0);
            out.append("{\"error\":").append(quote(String.valueOf(e.getMessage()))).append('}');
        }
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(bytes);
        }
    }

    private static String header(MimeMessage m, String name) throws Exception {
        String[] values = m.getHeader(name);
        return values == null ? null : String.join(", ", values);
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }

    private static String list(List<MimeMessage> messages) throws Exception {
        StringBuilder html = new StringBuilder("<h1>Local mailbox</h1><p>").append(messages.size())
                .append(" message(s) received by the local SMTP server since it started, newest first.</p>")
                .append("<table><tr><th>#</th><th>To</th><th>Subject</th><th>Date</th></tr>");
        for (int i = messages.size() - 1; i >= 0; i--) {
            MimeMessage m = messages.get(i);
            html.append("<tr><td>").append(i).append("</td><td>").append(escape(addresses(m.getAllRecipients())))
                    .append("</td><td><a href=\"/message/").append(i).append("\">").append(escape(m.getSubject()))
                    .append("</a></td><td>").append(m.getSentDate()).append("</td></tr>");
        }
        return html.append("</table>").toString();
    }

    private static String page(MimeMessage m) throws Exception {
        StringBuilder html = new StringBuilder("<p><a href=\"/\">&larr; all messages</a></p><h1>")
                .append(escape(m.getSubject())).append("</h1><table>");
        for (String name : List.of("From", "To", "Date", "List-Unsubscribe", "List-Unsubscribe-Post")) {
            String[] values = m.getHeader(name);
            if (values != null) {
                html.append("<tr><th>").append(name).append("</th><td>").append(escape(String.join(", ", values)))
                        .append("</td></tr>");
            }
        }
        html.append("</table><h2>Text</h2><pre>").append(escape(text(m.getContent()))).append("</pre>");
        return html.toString();
    }

    private static String text(Object content) throws Exception {
        if (content instanceof String s) {
            return s;
        }
        if (content instanceof Multipart multipart) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType("text/plain") || part.isMimeType("multipart/*")) {
                    out.append(text(part.getContent()));
                }
            }
            return out.toString();
        }
        return String.valueOf(content);
    }

    private static String addresses(Address[] addresses) {
        return addresses == null ? "" : Arrays.stream(addresses).map(Address::toString).collect(Collectors.joining(", "));
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
