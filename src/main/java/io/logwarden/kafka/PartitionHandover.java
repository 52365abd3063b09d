package io.logwarden.kafka;

import io.logwarden.window.SlidingWindowStrategy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.support.subcription.SubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.TopicInfo;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * What a detector replica does when partitions move between replicas (a replica joins, stops or dies).
 * camel-kafka looks this bean up by its name ({@link KafkaConstants#KAFKA_SUBSCRIBE_ADAPTER}) and lets it
 * subscribe the consumer of routes/kafka-detector.yaml, so it can put its own listener in front of Camel's.
 *
 * <p>Partitions leaving: their records still being scored are waited for, and the acknowledged
 * watermark is committed ({@link OffsetWatermarks#handOver}), never Camel's own offset of the last record
 * the route returned from, which runs ahead of alerts still being stored. Windows: a source's sliding
 * window is only the history of its last lines, so a source whose partition went to another replica has
 * its window dropped; it must not be picked up again if the partition comes back later, after the other
 * replica scored lines in between (its window would join lines from before and after them). A partition
 * that comes straight back in the same rebalance (eager protocol: every partition is revoked, most are
 * assigned again) keeps its windows if all its records were committed: nothing is read twice then.
 *
 * <p>Counted: rebalances this replica took part in (one per assignment it received), and the partitions
 * assigned, revoked (handed over cleanly) and lost (taken away without a handover) in them.
 */
public class PartitionHandover implements SubscribeAdapter {

    private static final Logger log = LoggerFactory.getLogger(PartitionHandover.class);

    private final OffsetWatermarks watermarks;
    private final DetectorRecords records;
    private final SlidingWindowStrategy windows;
    private final Counter rebalanceCount;
    private final Counter assignedCount;
    private final Counter revokedCount;
    private final Counter lostCount;

    public PartitionHandover(OffsetWatermarks watermarks, DetectorRecords records, SlidingWindowStrategy windows,
                             MeterRegistry meters) {
        this.watermarks = watermarks;
        this.records = records;
        this.windows = windows;
        this.rebalanceCount = Counter.builder("logwarden.kafka.rebalances")
                .description("Consumer-group rebalances this detector replica took part in (a replica joined, left or died)")
                .register(meters);
        this.assignedCount = partitions(meters, "assigned", "Partitions given to this replica by a rebalance");
        this.revokedCount = partitions(meters, "revoked",
                "Partitions taken from this replica by a rebalance (handed over: its finished records committed first)");
        this.lostCount = partitions(meters, "lost",
                "Partitions taken from this replica without a handover (it was dropped from the group): the next owner replays");
    }

    private static Counter partitions(MeterRegistry meters, String change, String description) {
        return Counter.builder("logwarden.kafka.partitions." + change).description(description).register(meters);
    }

    @Override
    public void subscribe(Consumer<?, ?> consumer, ConsumerRebalanceListener camel, TopicInfo topics) {
        Listener listener = new Listener(consumer, camel);
        if (topics.isPattern()) {
            consumer.subscribe(topics.getPattern(), listener);
        } else {
            consumer.subscribe(topics.getTopics(), listener);
        }
    }

    private void dropWindows(Collection<TopicPartition> partitions, String why) {
        Set<String> sources = records.sourcesOf(partitions);
        for (String source : sources) {
            windows.forgetSource(source);
            records.forget(source);
        }
        if (!sources.isEmpty()) {
            log.info("Kafka {}: dropped the windows of {} source(s) ({}); their next lines start new windows", partitions,
                    sources.size(), why);
        }
    }

    /** Runs in the consumer's thread, inside its poll. */
    private final class Listener implements ConsumerRebalanceListener {

        private final Consumer<?, ?> consumer;
        private final ConsumerRebalanceListener camel;
        /** Partitions revoked and committed up to their last record, not yet known to be assigned again. */
        private final Set<TopicPartition> handedOverClean = new HashSet<>();
        private final Set<TopicPartition> revoked = new HashSet<>();

        Listener(Consumer<?, ?> consumer, ConsumerRebalanceListener camel) {
            this.consumer = consumer;
            this.camel = camel;
        }

        /**
         * Camel's listener is not called: with auto-commit off it would commit its own offsets (the last
         * record returned from the route), which can be ahead of the scoring.
         */
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            revokedCount.increment(partitions.size());
            revoked.addAll(partitions);
            handedOverClean.addAll(watermarks.handOver(consumer, partitions));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // called once after every rebalance this member completes, also with no partition for it
            rebalanceCount.increment();
            assignedCount.increment(partitions.size());
            Set<TopicPartition> gone = new HashSet<>(revoked);
            gone.removeAll(partitions);
            dropWindows(gone, "partition now owned by another replica");
            Set<TopicPartition> stale = new HashSet<>(partitions);
            stale.removeAll(handedOverClean);
            dropWindows(stale, "partition assigned again after another replica may have read it, or with records to read again");
            revoked.clear();
            handedOverClean.clear();
            camel.onPartitionsAssigned(partitions);
        }

        /** Dropped from the group (too slow, or cut off): nothing can be committed, the new owner replays. */
        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            lostCount.increment(partitions.size());
            watermarks.lost(partitions);
            dropWindows(partitions, "partition lost: this replica was dropped from the consumer group");
            revoked.removeAll(partitions);
            handedOverClean.removeAll(partitions);
        }
    }
}
