package io.logwarden.kafka;

import io.logwarden.parse.LogEvent;
import io.logwarden.scoring.Score;
import io.logwarden.scoring.Severity;
import io.logwarden.window.Window;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detector's offset rules on their own (the broker's part is in DetectorKillTest and KafkaRolesTest;
 * Kafka's MockConsumer stands in for the consumer's commit and lag calls): a committed offset never passes
 * a record whose window is still being scored, a record polled again replaces its old mark, a revoked
 * partition commits nothing, and the idempotency key is the record's origin.
 */
class RecordAcksTest {

    private static final String TOPIC = "lines";
    private static final String SOURCE = "node-a:/var/log/app.log";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

    private final RecordAcks acks = new RecordAcks();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final OffsetWatermarks watermarks = new OffsetWatermarks(meters, Duration.ofMillis(50));
    private final MockConsumer<String, String> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);

    @BeforeEach
    void assign() {
        consumer.assign(List.of(P0));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        consumer.updateEndOffsets(Map.of(P0, 10L));
        consumer.seek(P0, 4);
    }

    @Test
    void theCommittedOffsetStopsBeforeTheFirstRecordWhoseWindowIsStillBeingScored() {
        consume(0, 1, true);
        consume(1, 2, false);
        consume(2, 3, true);
        consume(3, 4, false);
        assertThat(watermarks.commitPoll(consumer)).as("record 0 is still being scored").isEmpty();
        assertThat(consumer.committed(P0)).isNull();
        assertThat(watermarks.inFlight()).isEqualTo(2);
        assertThat(acks.awaitingScores()).isEqualTo(2);

        acks.scored(score(1));
        assertThat(watermarks.commitPoll(consumer)).containsEntry(P0, new OffsetAndMetadata(2));
        assertThat(consumer.committed(P0).offset()).as("next record to read: record 2, still being scored").isEqualTo(2);
        assertThat(meters.get("logwarden.kafka.consumer.lag").tag("partition", "0").gauge().value())
                .as("log end 10 minus committed 2").isEqualTo(8);

        acks.scored(score(3));
        assertThat(watermarks.commitPoll(consumer)).containsEntry(P0, new OffsetAndMetadata(4));
        assertThat(watermarks.inFlight()).isZero();
        assertThat(acks.awaitingScores()).isZero();
        assertThat(watermarks.commitPoll(consumer)).as("nothing moved, nothing committed").isEmpty();
    }

    @Test
    void aRecordPolledAgainAfterAFailureReplacesItsUnfinishedMark() {
        consume(0, 1, false);
        OffsetWatermarks.Mark failed = watermarks.register(TOPIC, 0, 1); // its route call failed: never finished
        assertThat(failed.done()).isFalse();
        consume(1, 2, false); // the consumer sought back and delivered it again
        assertThat(watermarks.commitPoll(consumer)).containsEntry(P0, new OffsetAndMetadata(2));
    }

    @Test
    void aRevokedPartitionCommitsNothingAndLosesItsLagGauge() {
        consume(0, 1, false);
        assertThat(watermarks.commitPoll(consumer)).containsEntry(P0, new OffsetAndMetadata(1));
        assertThat(meters.find("logwarden.kafka.consumer.lag").gauges()).hasSize(1);
        consume(1, 2, false);
        TopicPartition other = new TopicPartition(TOPIC, 1);
        consumer.assign(List.of(other)); // rebalanced away before the next commit
        assertThat(watermarks.commitPoll(consumer)).as("record 1 finished, but its partition is another replica's now").isEmpty();
        assertThat(watermarks.inFlight()).isZero();
        assertThat(meters.find("logwarden.kafka.consumer.lag").gauges()).isEmpty();
    }

    @Test
    void theIdempotencyKeyIsTheRecordsOriginAndFollowedLinesKeepTheirOwn() {
        OffsetWatermarks.Mark record = watermarks.register(TOPIC, 0, 5);
        acks.enter(record, SOURCE, 6, TOPIC + "/0/5");
        acks.windowFormed(window(6));
        acks.leave();
        String key = acks.idempotencyKey(score(6));
        assertThat(key).hasSize(64).isEqualTo(RecordAcks.idempotencyKey("lines/0/5"))
                .isNotEqualTo(RecordAcks.idempotencyKey("lines/0/6"))
                .isNotEqualTo(RecordAcks.idempotencyKey("lines/1/5"))
                .isNotEqualTo(RecordAcks.idempotencyKey("lines/0/5#1"));
        acks.scored(score(6));
        // no Kafka line and no followed line behind this score: LineAcks answers, as for an upload
        assertThat(acks.idempotencyKey(score(6))).isNull();
    }

    /** What the detector route does for a one-line record: register, the line's pass (maybe a window), done. */
    private void consume(long offset, long line, boolean formsWindow) {
        OffsetWatermarks.Mark record = watermarks.register(TOPIC, 0, offset);
        acks.enter(record, SOURCE, line, TOPIC + "/0/" + offset);
        if (formsWindow) {
            acks.windowFormed(window(line));
        }
        acks.leave();
        record.finishOne();
    }

    private static Window window(long lastLine) {
        LogEvent event = new LogEvent(SOURCE, lastLine, "line " + lastLine, "line", Map.of(), 1, "line", List.of(), Instant.now());
        return new Window(SOURCE, SOURCE, List.of(event));
    }

    private static Score score(long lastLine) {
        return new Score(1, Severity.LOW, false, List.of(1), Instant.now(), SOURCE, SOURCE, lastLine, lastLine,
                List.of("line"), List.of("line " + lastLine), "statistical", false, List.of(), "test");
    }
}
