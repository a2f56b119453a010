package dev.spectrum.notify.support;

import dev.spectrum.events.PaperClassified;
import dev.spectrum.events.PaperEvents;
import dev.spectrum.events.Topics;
import dev.spectrum.localstack.test.KafkaTestResource;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes to the real broker as the catalog would: keyed by arXiv id, serialized by the contract. */
public final class Events {

    private static KafkaProducer<String, byte[]> producer;

    private Events() {
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers());
            p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    public static void publish(PaperClassified... papers) {
        for (PaperClassified p : papers) {
            send(p.arxivId(), PaperEvents.write(p));
        }
        producer().flush();
    }

    /** Publishes one probe paper to each partition, so waiting for all of them waits for every partition. */
    public static int publishToEveryPartition(java.util.function.Supplier<PaperClassified> probes) {
        int partitions = producer().partitionsFor(Topics.PAPER_CLASSIFIED).size();
        try {
            for (int i = 0; i < partitions; i++) {
                PaperClassified p = probes.get();
                producer().send(new ProducerRecord<>(Topics.PAPER_CLASSIFIED, i, p.arxivId(), PaperEvents.write(p))).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return partitions;
    }

    public static void send(String key, byte[] value) {
        try {
            producer().send(new ProducerRecord<>(Topics.PAPER_CLASSIFIED, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
