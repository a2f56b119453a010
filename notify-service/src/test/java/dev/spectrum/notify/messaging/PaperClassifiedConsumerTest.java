package dev.spectrum.notify.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spectrum.events.PaperClassified;
import dev.spectrum.events.PaperEvents;
import dev.spectrum.events.Topics;
import dev.spectrum.localstack.test.KafkaTestResource;
import dev.spectrum.notify.support.Api;
import dev.spectrum.notify.support.Events;
import dev.spectrum.notify.support.Papers;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The consumer on the real broker: unreadable events go to the dead-letter topic with a reason, the rest still flow. */
@QuarkusTest
class PaperClassifiedConsumerTest {

    @Test
    void unreadableEventsGoToTheDeadLetterTopicWithTheReasonAndTheStreamGoesOn() {
        String to = "dlq-" + UUID.randomUUID() + "@example.org";
        Api.createConfirmed(Map.of("email", to, "keywords", List.of("squeezing")));
        String brokenKey = "broken-" + UUID.randomUUID();
        String invalidKey = "invalid-" + UUID.randomUUID();
        Events.send(brokenKey, "{not json".getBytes(StandardCharsets.UTF_8));
        PaperClassified valid = Papers.kvCache(Papers.newArxivId());
        String invalid = PaperEvents.writeString(valid).replace("\"relevant\":true", "\"relevant\":\"yes\"");
        Events.send(invalidKey, invalid.getBytes(StandardCharsets.UTF_8));
        Events.publish(valid);

        Api.awaitMails(to, 2);

        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.PAPER_CLASSIFIED_DLQ));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(dead::add);
                return dead.stream().filter(r -> brokenKey.equals(r.key()) || invalidKey.equals(r.key())).count() == 2;
            });
        }
        ConsumerRecord<String, byte[]> broken = dead.stream().filter(r -> brokenKey.equals(r.key())).findFirst().orElseThrow();
        ConsumerRecord<String, byte[]> wrong = dead.stream().filter(r -> invalidKey.equals(r.key())).findFirst().orElseThrow();
        assertThat(new String(broken.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(reason(broken)).contains("not valid JSON");
        assertThat(reason(wrong)).contains("breaks its schema");
        assertThat(new String(wrong.headers().lastHeader("dead-letter-topic").value(), StandardCharsets.UTF_8)).isEqualTo(Topics.PAPER_CLASSIFIED);
    }

    @Test
    void metricsCountMatchesAndSendsPerChannelAndTimeClassificationToDelivery() {
        String to = "metrics-" + UUID.randomUUID() + "@example.org";
        Api.createConfirmed(Map.of("email", to, "keywords", List.of("squeezing")));
        Events.publish(Papers.kvCache(Papers.newArxivId()));
        Api.awaitMails(to, 2);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("notify_matched_total\\{channel=\"email\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern("notify_sent_total\\{channel=\"email\"[^}]*} [1-9]");
        assertThat(metrics).contains("notify_delivery_latency_seconds_bucket{channel=\"email\"");
        assertThat(metrics).contains("notify_delivery_latency_seconds{channel=\"email\",quantile=\"0.99\"");
    }

    private static String reason(ConsumerRecord<String, byte[]> r) {
        return new String(r.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
    }
}
