package dev.spectrum.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackTest {

    @TempDir
    Path data;

    @Test
    void kafkaKeepsRecordsAndPostgresKeepsRowsAcrossARestart() throws Exception {
        int kafkaPort = Ports.free();
        int controllerPort = Ports.free();
        int pgPort = Ports.free();

        try (KafkaBroker kafka = KafkaBroker.start(data.resolve("kafka"), kafkaPort, controllerPort, 1);
                PostgresServer pg = PostgresServer.start(data.resolve("pg"), pgPort, true)) {
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    "bootstrap.servers", kafka.bootstrapServers(), "acks", "all", "enable.idempotence", "true"),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("restart-check", "2503.00001", "hello")).get();
            }
            pg.ensureDatabase("catalog");
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("catalog"), PostgresServer.USER, PostgresServer.PASSWORD);
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (id text primary key)");
                s.execute("INSERT INTO kept VALUES ('2503.00001')");
            }
        }

        try (KafkaBroker kafka = KafkaBroker.start(data.resolve("kafka"), kafkaPort, controllerPort, 1);
                PostgresServer pg = PostgresServer.start(data.resolve("pg"), pgPort, true)) {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    "bootstrap.servers", kafka.bootstrapServers(), "group.id", "check", "auto.offset.reset", "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("restart-check"));
                ConsumerRecords<String, String> records = ConsumerRecords.empty();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (records.isEmpty() && System.nanoTime() < deadline) {
                    records = consumer.poll(Duration.ofMillis(200));
                }
                assertThat(records.count()).isEqualTo(1);
                assertThat(records.iterator().next().value()).isEqualTo("hello");
            }
            pg.ensureDatabase("catalog");
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("catalog"), PostgresServer.USER, PostgresServer.PASSWORD);
                    Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("2503.00001");
                assertThat(s.getConnection().getMetaData().getDatabaseMajorVersion()).isEqualTo(17);
            }
        }
    }

    @Test
    void smtpServerReceivesWhatIsSent() throws Exception {
        try (SmtpServer smtp = SmtpServer.start(Ports.free())) {
            Properties props = new Properties();
            props.put("mail.smtp.host", "127.0.0.1");
            props.put("mail.smtp.port", Integer.toString(smtp.port()));
            MimeMessage message = new MimeMessage(Session.getInstance(props));
            message.setFrom(new InternetAddress("spectrum@localhost"));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress("reader@example.org"));
            message.setSubject("New in quantization");
            message.setText("2503.00001");
            Transport.send(message);
            assertThat(smtp.messages()).hasSize(1);
            assertThat(smtp.messages().get(0).getSubject()).isEqualTo("New in quantization");

            int port = Ports.free();
            try (Mailbox mailbox = Mailbox.start(smtp, port)) {
                var client = java.net.http.HttpClient.newHttpClient();
                var json = client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/api/messages")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                var messages = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.body());
                assertThat(messages).hasSize(1);
                assertThat(messages.get(0).get("subject").asText()).isEqualTo("New in quantization");
                assertThat(messages.get(0).get("to").asText()).isEqualTo("reader@example.org");
                assertThat(messages.get(0).get("text").asText()).contains("2503.00001");
                var page = client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(page.body()).contains("1 message(s)", "New in quantization");
            }
        }
    }

    @Test
    void aBusyPortIsDetected() throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(Ports.isFree(busy.getLocalPort())).isFalse();
        }
        assertThat(Ports.isFree(Ports.free())).isTrue();
    }
}
