package io.logwarden.kafka;

import io.logwarden.parse.LineHeaders;
import io.logwarden.window.WindowHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import io.logwarden.tail.LineAcks;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Detector side (routes/kafka-detector.yaml): a consumed record becomes the lines in it, each with the
 * headers a tail route sets, so direct:log-lines cannot tell a Kafka line from a tailed one.
 * <p>
 * It also watches the agents' line numbers per source: a number that skips ahead is a gap (lines
 * that never reached this detector, lost before the topic), one that goes back a repeat (a replay after
 * a restart: at-least-once). A source whose partition moves to another replica is forgotten
 * ({@link #forget}), so a rebalance counts neither.
 */
@Component
public class DetectorRecords {

    private static final Logger log = LoggerFactory.getLogger(DetectorRecords.class);
    private static final int MAX_TRACKED_SOURCES = 10_000;
    /** Exchange property: the record's {@link OffsetWatermarks.Mark}, from toLines to recordDone. */
    static final String RECORD_MARK = "LogwardenKafkaRecord";

    private final RecordDecoder decoder;
    private final MeterRegistry meters;
    private final Map<String, Counter> consumed = new ConcurrentHashMap<>();
    private final Counter rejected;
    private final Counter gaps;
    private final Counter repeats;
    private final OffsetWatermarks watermarks;
    private final LineAcks lineAcks;
    private final Map<String, Continuity> continuity = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Continuity> eldest) {
            return size() > MAX_TRACKED_SOURCES;
        }
    };

    /** The partition each source's lines last came from: whose windows leave with a partition (PartitionHandover). */
    private final Map<String, TopicPartition> partitionOf = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TopicPartition> eldest) {
            return size() > MAX_TRACKED_SOURCES;
        }
    };

    public DetectorRecords(ScaleOutProperties properties, MeterRegistry meters, OffsetWatermarks watermarks, LineAcks lineAcks) {
        this.decoder = new RecordDecoder(properties.kafka());
        this.meters = meters;
        this.watermarks = watermarks;
        this.lineAcks = lineAcks;
        this.rejected = Counter.builder("logwarden.kafka.records.rejected")
                .description("Kafka records that could not be decoded into a line (no message field, not JSON in json format): "
                        + "logged and dropped, no dead-letter topic")
                .register(meters);
        this.gaps = Counter.builder("logwarden.kafka.line.gaps")
                .description("Times an agent source's line number skipped ahead: lines this detector never received")
                .register(meters);
        this.repeats = Counter.builder("logwarden.kafka.line.repeats")
                .description("Agent lines received again (replay after a restart or rebalance; at-least-once)")
                .register(meters);
    }

    /**
     * Replaces the record in the body by its lines ({@code List<KafkaLine>}, empty when it cannot be
     * decoded) and registers the record with the offset watermark: from here on it counts as in flight
     * until {@link #recordDone} and every window ending at one of its lines is done.
     */
    public void toLines(Exchange exchange) {
        Message message = exchange.getMessage();
        RecordDecoder.Coordinates at = new RecordDecoder.Coordinates(
                message.getHeader(KafkaConstants.TOPIC, "", String.class),
                message.getHeader(KafkaConstants.PARTITION, -1, Integer.class),
                message.getHeader(KafkaConstants.OFFSET, -1L, Long.class),
                message.getHeader(KafkaConstants.KEY, String.class),
                logwardenHeaders(message.getHeader(KafkaConstants.HEADERS, Headers.class)));
        message.removeHeaders("Logwarden*");
        exchange.setProperty(RECORD_MARK, watermarks.register(at.topic(), at.partition(), at.offset()));
        RecordDecoder.Decoded decoded = decoder.decode(message.getBody(String.class), at);
        if (decoded.rejected() != null) {
            rejected.increment();
            log.warn("Dropped Kafka record {} (key {}): it cannot be decoded as {}: {}. Counted in "
                    + "logwarden_kafka_records_rejected_total; no dead-letter topic, the record stays in the topic until "
                    + "retention; check the shipper's output format and logwarden.kafka.format / message-fields",
                    at.origin(), at.key(), decoded.shape(), decoded.rejected());
        } else {
            consumed.computeIfAbsent(decoded.shape(), shape -> Counter.builder("logwarden.kafka.records.consumed")
                    .description("Kafka records decoded into lines, by shape (agent, raw, json, otlp)")
                    .tag("shape", shape).register(meters)).increment();
            synchronized (partitionOf) {
                TopicPartition partition = new TopicPartition(at.topic(), at.partition());
                decoded.lines().forEach(line -> partitionOf.put(line.source(), partition));
            }
        }
        message.setBody(decoded.lines());
    }

    /**
     * One line of a record (the split's body) becomes the message a tail route would have sent; until
     * {@link #lineDone} a window ending at it is acknowledged through the record (lineAcks).
     */
    public void toLine(Exchange exchange) {
        Message message = exchange.getMessage();
        KafkaLine line = message.getBody(KafkaLine.class);
        message.setBody(line.text());
        message.setHeader(LineHeaders.SOURCE, line.source());
        message.setHeader(LineHeaders.LINE_NUMBER, line.lineNumber());
        if (line.windowSize() != null) {
            message.setHeader(WindowHeaders.SIZE, line.windowSize());
        }
        message.setHeader(KafkaLineHeaders.FILE_IDENTITY, line.fileIdentity());
        message.setHeader(KafkaLineHeaders.HOST, line.host());
        message.setHeader(KafkaLineHeaders.ORIGIN, line.origin());
        if (line.timestamp() != null) {
            message.setHeader(KafkaLineHeaders.TIMESTAMP, line.timestamp());
        }
        if (!line.fileIdentity().isEmpty()) {
            track(line.source(), line.lineNumber());
        }
        // the poll's last line: its scoring batch goes now, and commitIfLastOfPoll, which waits for the poll's
        // windows, does not wait for the batch timer
        if (message.getHeader(KafkaConstants.LAST_POLL_RECORD, false, Boolean.class)
                && exchange.getProperty(Exchange.SPLIT_COMPLETE, false, Boolean.class)) {
            message.setHeader(LineHeaders.LAST_OF_READ, true);
        }
        recordAcks().enter(exchange.getProperty(RECORD_MARK, OffsetWatermarks.Mark.class), line.source(), line.lineNumber(),
                line.alertOrigin());
    }

    /** The line came back from direct:log-lines (its windows, if any, are being scored). */
    public void lineDone() {
        recordAcks().leave();
    }

    /** Every line of the record came back from direct:log-lines: the record waits only for its windows now. */
    public void recordDone(Exchange exchange) {
        recordAcks().leave();
        OffsetWatermarks.Mark mark = exchange.getProperty(RECORD_MARK, OffsetWatermarks.Mark.class);
        if (mark != null) {
            mark.finishOne();
        }
    }

    /**
     * At the last record of a poll: waits for the poll's records to be fully processed and commits the
     * acknowledged watermark (OffsetWatermarks). Kafka's auto-commit is off and Camel commits nothing
     * itself (allowManualCommit without a commit factory), so a crash before this replays the records
     * (at-least-once), never skips one.
     */
    public void commitIfLastOfPoll(Exchange exchange) {
        Message message = exchange.getMessage();
        if (!message.getHeader(KafkaConstants.LAST_POLL_RECORD, false, Boolean.class)) {
            return;
        }
        if (!(message.getHeader(KafkaConstants.MANUAL_COMMIT) instanceof DefaultKafkaManualCommit manual)) {
            throw new IllegalStateException("the Kafka consumer must run with allowManualCommit=true and autoCommitEnable=false");
        }
        // the route runs in the consumer's own thread here: the only thread that may use the consumer
        watermarks.commitPoll(manual.getConsumer());
    }

    private RecordAcks recordAcks() {
        if (lineAcks instanceof RecordAcks acks) {
            return acks;
        }
        throw new IllegalStateException("lineAcks is not a RecordAcks: the Kafka detector route runs only with logwarden.role=detector");
    }

    /** The sources whose lines last came from one of these partitions. */
    public Set<String> sourcesOf(Collection<TopicPartition> partitions) {
        synchronized (partitionOf) {
            return partitionOf.entrySet().stream().filter(e -> partitions.contains(e.getValue()))
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
        }
    }

    /**
     * Another replica owns the source now (or owned it meanwhile): what this one saw of it no longer says
     * anything about gaps or repeats, so its line numbers are tracked afresh when it comes back.
     */
    public void forget(String source) {
        synchronized (partitionOf) {
            partitionOf.remove(source);
        }
        synchronized (continuity) {
            continuity.remove(source);
        }
    }

    /** What this detector received of an agent source since it started; empty if nothing. */
    public Optional<Continuity> continuity(String source) {
        synchronized (continuity) {
            Continuity c = continuity.get(source);
            return c == null ? Optional.empty() : Optional.of(c.copy());
        }
    }

    private void track(String source, long number) {
        synchronized (continuity) {
            Continuity c = continuity.get(source);
            if (c == null) {
                continuity.put(source, new Continuity(number, number, 1, 0, 0));
                return;
            }
            if (number > c.last + 1) {
                c.gaps++;
                gaps.increment();
            } else if (number <= c.last) {
                c.repeats++;
                repeats.increment();
            }
            c.last = Math.max(c.last, number);
            c.lines++;
        }
    }

    private static Map<String, String> logwardenHeaders(Headers headers) {
        Map<String, String> found = new HashMap<>();
        if (headers != null) {
            for (Header header : headers) {
                if (header.key().startsWith("Logwarden") && header.value() != null) {
                    found.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return found;
    }

    /** First and highest line number received from one source, lines received, gaps and repeats seen. */
    public static final class Continuity {
        private final long first;
        private long last;
        private long lines;
        private long gaps;
        private long repeats;

        Continuity(long first, long last, long lines, long gaps, long repeats) {
            this.first = first;
            this.last = last;
            this.lines = lines;
            this.gaps = gaps;
            this.repeats = repeats;
        }

        Continuity copy() {
            return new Continuity(first, last, lines, gaps, repeats);
        }

        public long first() {
            return first;
        }

        public long last() {
            return last;
        }

        public long lines() {
            return lines;
        }

        public long gaps() {
            return gaps;
        }

        public long repeats() {
            return repeats;
        }
    }
}
