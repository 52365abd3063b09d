package io.logwarden.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The detector's acknowledged progress per partition, the Kafka twin of the tailer's read progress: every
 * consumed record is registered before its lines go down the pipeline and finished when each of them is
 * (its synchronous pass returned, and every window ending at one of its lines was scored, its alert stored
 * and its messages queued: {@link RecordAcks}). The offset committed for a partition is the one after the
 * last record before the first unfinished one, so a committed offset never runs ahead of any record's
 * alert: a crash, a kill or a rebalance replays unfinished records (at-least-once), and the alert's
 * idempotency key (the agent line, or topic/partition/offset) keeps the replay from storing a second alert.
 *
 * <p>Only the consumer's own thread registers records and commits (a Kafka consumer is single-threaded);
 * scoring threads only finish marks. At the last record of each poll the consumer thread waits (at most
 * {@code logwarden.kafka.ack-timeout}) until the poll's records are finished and commits them all in one
 * synchronous commit; so the in-flight work is one poll, and the consumer polls again only when it is done.
 */
public class OffsetWatermarks {

    private static final Logger log = LoggerFactory.getLogger(OffsetWatermarks.class);

    /** One consumed record on its way through the pipeline. */
    public static final class Mark {
        private final long offset;
        /** The poll it came with: the end of a later poll does not wait for it again (it is overdue, logged). */
        private final long poll;
        /** 1 for the synchronous pass of the record's lines, plus one per window formed ending at one of them. */
        private final AtomicInteger pending = new AtomicInteger(1);
        private final Object signal;
        private volatile boolean done;

        private Mark(long offset, long poll, Object signal) {
            this.offset = offset;
            this.poll = poll;
            this.signal = signal;
        }

        void addPending() {
            pending.incrementAndGet();
        }

        void finishOne() {
            if (pending.decrementAndGet() <= 0 && !done) {
                done = true;
                synchronized (signal) {
                    signal.notifyAll();
                }
            }
        }

        public long offset() {
            return offset;
        }

        public boolean done() {
            return done;
        }
    }

    /** Per partition: the unfinished records in offset order, the last committed offset and the lag gauge's value. */
    private static final class Partition {
        // changed by the consumer thread only; concurrent so that inFlight() may look from any thread
        final Deque<Mark> marks = new ConcurrentLinkedDeque<>();
        long committed = -1;
        final AtomicLong lag = new AtomicLong();
        Gauge gauge;
    }

    private final Object signal = new Object();
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final Timer commits;
    private final Duration ackTimeout;
    /** Polls committed so far (consumer thread). */
    private long poll;

    public OffsetWatermarks(MeterRegistry meters, Duration ackTimeout) {
        this.meters = meters;
        this.ackTimeout = ackTimeout;
        this.commits = Timer.builder("logwarden.kafka.offset.commit")
                .description("Synchronous offset commits of the acknowledged watermark after a poll's records were processed")
                .register(meters);
    }

    /**
     * A record is about to go down the pipeline (consumer thread). A record at or before one still tracked
     * means the consumer went back (a failed record polled again, or the partition assigned again): the
     * marks from there on are dropped, their records are processed again.
     */
    public Mark register(String topic, int partition, long offset) {
        Partition p = partitions.computeIfAbsent(new TopicPartition(topic, partition), tp -> new Partition());
        Iterator<Mark> newestFirst = p.marks.descendingIterator();
        while (newestFirst.hasNext() && newestFirst.next().offset >= offset) {
            newestFirst.remove();
        }
        Mark mark = new Mark(offset, poll, signal);
        p.marks.addLast(mark);
        return mark;
    }

    /**
     * At the last record of a poll (consumer thread): waits until every record of this poll is finished, at
     * most the ack timeout, then commits each partition's watermark that moved and drops what belongs to
     * partitions no longer assigned. Records still unfinished after the timeout stay uncommitted (logged):
     * the next poll's commit picks them up once they are done.
     *
     * @return the offsets committed (next offset to read, per partition); empty when nothing moved
     */
    public Map<TopicPartition, OffsetAndMetadata> commitPoll(Consumer<?, ?> consumer) {
        boolean finished = awaitFinished();
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Map.Entry<TopicPartition, Partition> entry : partitions.entrySet()) {
            TopicPartition tp = entry.getKey();
            Partition p = entry.getValue();
            if (!assigned.contains(tp)) {
                // revoked: the new owner reads from the last committed offset; nothing of ours is valid there
                p.marks.clear();
                continue;
            }
            advance(tp, p, offsets);
        }
        if (!finished) {
            partitions.forEach((tp, p) -> {
                Mark head = p.marks.peekFirst();
                if (head != null) {
                    log.warn("Kafka {}: record at offset {} is still being processed after {} s (scoring or alert storage behind); "
                            + "its offset and the ones after it stay uncommitted and are read again after a restart",
                            tp, head.offset, ackTimeout.toSeconds());
                }
            });
        }
        commit(consumer, offsets);
        updateLag(consumer, assigned);
        poll++;
        return offsets;
    }

    /**
     * Partitions leave this replica (consumer thread, in the rebalance listener): waits, at most the ack
     * timeout, until every record of theirs is finished, then commits their watermarks, so the next owner
     * starts right after the last record whose alerts are stored. Their marks are dropped: an unfinished
     * record is read again by the next owner.
     *
     * @return the partitions whose every consumed record was finished and committed (none left to replay)
     */
    public Set<TopicPartition> handOver(Consumer<?, ?> consumer, Collection<TopicPartition> leaving) {
        awaitFinished(m -> true, leaving);
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Set<TopicPartition> clean = new HashSet<>();
        for (TopicPartition tp : leaving) {
            Partition p = partitions.get(tp);
            if (p == null) {
                clean.add(tp);
                continue;
            }
            advance(tp, p, offsets);
            if (p.marks.isEmpty()) {
                clean.add(tp);
            } else {
                log.warn("Kafka {}: handed over with records from offset {} still being processed after {} s; the next owner "
                        + "reads them again (their alerts are stored once)", tp, p.marks.peekFirst().offset, ackTimeout.toSeconds());
                p.marks.clear();
            }
        }
        if (!offsets.isEmpty()) {
            try {
                commit(consumer, offsets);
            } catch (RuntimeException e) {
                // the group moved on without us (e.g. we were too slow): the next owner replays from the older commit
                log.warn("Kafka: could not commit {} while handing the partitions over ({}); the next owner reads those "
                        + "records again", offsets, e.toString());
                clean.removeAll(offsets.keySet());
            }
        }
        return clean;
    }

    /** Drops the partition's finished records from the front; the offset after them joins {@code offsets} if it moved. */
    private static void advance(TopicPartition tp, Partition p, Map<TopicPartition, OffsetAndMetadata> offsets) {
        long watermark = -1;
        while (!p.marks.isEmpty() && p.marks.peekFirst().done()) {
            watermark = p.marks.removeFirst().offset;
        }
        if (watermark >= 0 && watermark + 1 > p.committed) {
            offsets.put(tp, new OffsetAndMetadata(watermark + 1));
        }
    }

    private void commit(Consumer<?, ?> consumer, Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (!offsets.isEmpty()) {
            commits.record(() -> consumer.commitSync(offsets, Duration.ofSeconds(30)));
            offsets.forEach((tp, offset) -> partitions.get(tp).committed = offset.offset());
        }
    }

    /** Partitions lost without a handover (this member was dropped from the group): nothing of theirs can be committed. */
    public void lost(Collection<TopicPartition> gone) {
        gone.forEach(tp -> {
            Partition p = partitions.get(tp);
            if (p != null) {
                p.marks.clear();
            }
        });
    }

    /** Records registered and not finished yet, over all partitions. */
    public int inFlight() {
        return partitions.values().stream().mapToInt(p -> (int) p.marks.stream().filter(m -> !m.done()).count()).sum();
    }

    /** The last offset this detector committed for a partition (the next one to read), or -1. */
    public long committed(String topic, int partition) {
        Partition p = partitions.get(new TopicPartition(topic, partition));
        return p == null ? -1 : p.committed;
    }

    private boolean awaitFinished() {
        return awaitFinished(m -> m.poll == poll, partitions.keySet());
    }

    /** Waits, at most the ack timeout, until no mark of {@code which} partitions that {@code counts} is unfinished. */
    private boolean awaitFinished(Predicate<Mark> counts, Collection<TopicPartition> which) {
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        synchronized (signal) {
            while (!allDone(counts, which)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(signal, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether the records that count are finished: at the end of a poll, this poll's (older unfinished ones
     * were waited for and logged already); at a handover, all of the partitions leaving.
     */
    private boolean allDone(Predicate<Mark> counts, Collection<TopicPartition> which) {
        for (TopicPartition tp : which) {
            Partition p = partitions.get(tp);
            if (p == null) {
                continue;
            }
            for (Mark m : p.marks) {
                if (!m.done() && counts.test(m)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * logwarden.kafka.consumer.lag{topic,partition}: records in the partition after the committed offset
     * (log end offset minus committed offset, what kafka-consumer-groups.sh shows as LAG), from the
     * consumer's last fetch; removed for partitions this replica no longer owns.
     */
    private void updateLag(Consumer<?, ?> consumer, Set<TopicPartition> assigned) {
        for (Iterator<Map.Entry<TopicPartition, Partition>> it = partitions.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<TopicPartition, Partition> entry = it.next();
            TopicPartition tp = entry.getKey();
            Partition p = entry.getValue();
            if (!assigned.contains(tp)) {
                if (p.gauge != null) {
                    meters.remove(p.gauge);
                }
                it.remove();
                continue;
            }
            OptionalLong behind = consumer.currentLag(tp);
            if (behind.isEmpty()) {
                continue;
            }
            long end = consumer.position(tp, Duration.ofSeconds(5)) + behind.getAsLong();
            p.lag.set(p.committed < 0 ? behind.getAsLong() : Math.max(0, end - p.committed));
            if (p.gauge == null) {
                p.gauge = Gauge.builder("logwarden.kafka.consumer.lag", p.lag, AtomicLong::get)
                        .description("Records of the partition after this detector's committed offset (log end minus committed): "
                                + "not yet fully processed, read again after a crash")
                        .tags(Tags.of("topic", tp.topic(), "partition", String.valueOf(tp.partition())))
                        .register(meters);
            }
        }
    }
}
