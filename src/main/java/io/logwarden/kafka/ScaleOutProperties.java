package io.logwarden.kafka;

import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.validation.annotation.Validated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * Scale-out settings: the Kafka topic that joins agents to detectors (the role itself is
 * {@code logwarden.role}, in settings.LogwardenProperties).
 *
 * @param kafka the broker, topic, consumer group and the field names of JSON records
 */
@ConfigurationProperties(prefix = "logwarden")
@Validated
public record ScaleOutProperties(@DefaultValue @Valid Kafka kafka) {

    /**
     * @param brokers         bootstrap servers, host:port[,host:port]
     * @param topic           the topic agents write lines to and detectors read from
     * @param groupId         consumer group of the detectors: replicas in one group share the partitions
     * @param autoOffsetReset where a group without a committed offset starts: earliest or latest
     * @param maxPollRecords  records per poll; offsets are committed after each poll's records are processed
     * @param ackTimeout      how long a detector waits at the end of a poll for its records to be fully processed
     *                        (scored, alerts stored) before it polls again anyway, leaving the unfinished ones
     *                        uncommitted; well below the consumer's max.poll.interval.ms (5 min)
     * @param host            the agent's host name in the records (empty: this machine's name)
     * @param format          how the detector reads a record value: auto (JSON object if it parses as one, else raw text), json or raw
     * @param messageFields   JSON fields holding the log line, first present wins
     * @param sourceFields    JSON fields (or OpenTelemetry attributes) naming the source, first present wins
     * @param timestampFields JSON fields holding the event time (ISO-8601, or epoch seconds/ms/µs/ns)
     * @param hostFields      JSON fields (or OpenTelemetry attributes) naming the host
     * @param controlTopic    compacted topic on which a model activated on one detector replica reaches all of them
     * @param liveTopic       detectors produce their score, alert and incident messages here and every replica
     *                        consumes all of it for its WebSocket clients (fan-in, routes/kafka-live.yaml)
     * @param liveScoreRate   score messages per second one replica passes on to its WebSocket clients; above it
     *                        scores are sampled out and counted (alerts and incidents never are); 0: no limit
     * @param liveQueueSize   live messages waiting for the producer; when full, a message is dropped and counted
     * @param brokerDownAfter agent and detector: the health check "kafka" is DOWN once the broker has not answered
     *                        for longer than this
     * @param sessionTimeoutMs detector: how long a replica may be silent before the group moves its partitions to the
     *                        others (Kafka's session.timeout.ms); a killed replica's sources wait this long
     * @param controlGroupId  detector: the consumer group that reads the control topic, one per process (set at
     *                        start-up to &lt;group-id&gt;-control-&lt;random&gt; by RoleDefaults); never shared by replicas
     */
    public record Kafka(@DefaultValue("localhost:9092") String brokers,
                        @DefaultValue("logwarden-lines") String topic,
                        @DefaultValue("logwarden-detectors") String groupId,
                        @DefaultValue("earliest") String autoOffsetReset,
                        @DefaultValue("500") @Positive int maxPollRecords,
                        @DefaultValue("60s") @DurationMin(millis = 1) Duration ackTimeout,
                        @DefaultValue("") String host,
                        @DefaultValue("auto") RecordFormat format,
                        @DefaultValue({"message", "log", "msg", "MESSAGE"}) List<String> messageFields,
                        @DefaultValue({"source", "file", "filename", "path", "log.file.path", "log.file.name", "service.name"})
                        List<String> sourceFields,
                        @DefaultValue({"timestamp", "@timestamp", "time", "date"}) List<String> timestampFields,
                        @DefaultValue({"host", "hostname", "host.name"}) List<String> hostFields,
                        @DefaultValue("logwarden-control") String controlTopic,
                        @DefaultValue("logwarden-live") String liveTopic,
                        @DefaultValue("200") @PositiveOrZero int liveScoreRate,
                        @DefaultValue("10000") @Positive int liveQueueSize,
                        @DefaultValue("30s") @DurationMin(millis = 1) Duration brokerDownAfter,
                        @DefaultValue("45000") @Positive int sessionTimeoutMs,
                        String controlGroupId) {

        @ConstructorBinding
        public Kafka {
        }

        /** The given settings, the session timeout at its default and no control group (tests). */
        public Kafka(String brokers, String topic, String groupId, String autoOffsetReset, int maxPollRecords, Duration ackTimeout,
                     String host, RecordFormat format, List<String> messageFields, List<String> sourceFields,
                     List<String> timestampFields, List<String> hostFields, String controlTopic, String liveTopic,
                     int liveScoreRate, int liveQueueSize, Duration brokerDownAfter) {
            this(brokers, topic, groupId, autoOffsetReset, maxPollRecords, ackTimeout, host, format, messageFields, sourceFields,
                    timestampFields, hostFields, controlTopic, liveTopic, liveScoreRate, liveQueueSize, brokerDownAfter, 45000, null);
        }
    }

    /** How the detector reads a record's value. */
    public enum RecordFormat { AUTO, JSON, RAW }
}
