package dev.spectrum.ingest;

import dev.spectrum.events.PaperCandidate;
import dev.spectrum.events.Topics;
import dev.spectrum.events.kafka.PaperCandidateSerde;
import dev.spectrum.localstack.test.KafkaTestResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads paper-candidates from the beginning with the contract's own deserializer, as a consumer would. */
public final class CandidateTopic {

    private CandidateTopic() {
    }

    /** Every record on the topic whose key is in {@code ids} (all records when ids is empty). */
    public static List<ConsumerRecord<String, PaperCandidate>> read(Set<String> ids) {
        return read(KafkaTestResource.bootstrapServers(), ids);
    }

    /** Same, from the broker at {@code bootstrap}. */
    public static List<ConsumerRecord<String, PaperCandidate>> read(String bootstrap, Set<String> ids) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, PaperCandidateSerde.De.class.getName(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<ConsumerRecord<String, PaperCandidate>> out = new ArrayList<>();
        try (KafkaConsumer<String, PaperCandidate> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.PAPER_CANDIDATES, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, PaperCandidate> r : consumer.poll(Duration.ofMillis(200))) {
                    if (ids.isEmpty() || ids.contains(r.key())) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }
}
