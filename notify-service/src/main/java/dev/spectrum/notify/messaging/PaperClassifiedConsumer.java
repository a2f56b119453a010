package dev.spectrum.notify.messaging;

import dev.spectrum.events.InvalidEventException;
import dev.spectrum.events.PaperClassified;
import dev.spectrum.events.PaperEvents;
import dev.spectrum.events.Topics;
import dev.spectrum.notify.delivery.DeliveryRelay;
import dev.spectrum.notify.delivery.Metrics;
import dev.spectrum.notify.matching.MatchHandler;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads {@code paper-classified} in batches as raw bytes: unreadable events go to the dead-letter topic with the
 * reason, the rest go to the transactional {@link MatchHandler}; the batch is acknowledged only after the commit
 * (and the relay is woken), so a crash in between redelivers it and the database drops the duplicates.
 */
@ApplicationScoped
public class PaperClassifiedConsumer {

    private static final Logger LOG = Logger.getLogger(PaperClassifiedConsumer.class);

    private final MatchHandler handler;
    private final DeliveryRelay relay;
    private final Metrics metrics;
    private final MutinyEmitter<byte[]> deadLetters;

    public PaperClassifiedConsumer(MatchHandler handler, DeliveryRelay relay, Metrics metrics,
            @Channel(Topics.PAPER_CLASSIFIED_DLQ) MutinyEmitter<byte[]> deadLetters) {
        this.handler = handler;
        this.relay = relay;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
    }

    @Incoming(Topics.PAPER_CLASSIFIED)
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        List<PaperClassified> papers = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> r : records) {
            try {
                papers.add(PaperEvents.readClassified(r.value()));
            } catch (InvalidEventException e) {
                deadLetter(r, e.getMessage());
            }
        }
        if (papers.isEmpty()) {
            return;
        }
        long backoff = 100;
        while (true) {
            try {
                Map<String, Integer> matched = handler.handle(papers);
                matched.forEach(metrics::matched);
                relay.wake();
                return;
            } catch (Exception e) {
                // the database is away: keep the batch (no ack) and try again, losing nothing
                LOG.warnf("matching %d papers failed, retrying in %d ms: %s", papers.size(), backoff, e.getMessage());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> r, String reason) {
        LOG.warnf("dead-lettering %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), reason);
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", r.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-partition", Integer.toString(r.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-offset", Long.toString(r.offset()).getBytes(StandardCharsets.UTF_8));
        byte[] value = r.value() == null ? new byte[0] : r.value();
        deadLetters.sendMessageAndAwait(Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(r.key()).withHeaders(headers).build()));
    }
}
