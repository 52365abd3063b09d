package io.logwarden.kafka;

import io.logwarden.parse.LineHeaders;
import io.logwarden.tail.LineNotDelivered;
import io.logwarden.tail.LineAcks;
import io.logwarden.tail.LineOrigin;
import io.logwarden.tail.TailRegistry;
import io.logwarden.window.WindowHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Agent side (routes/kafka-agent.yaml): turns a tailed line into a Kafka record. The source becomes
 * {@code host:path}, so the same path on two nodes stays two sources; the record key is that source,
 * so Kafka's partitioner sends every line of one source to one partition, in order, and one detector
 * replica owns the source's windows. Source, line number, window size, file identity and host travel as
 * UTF-8 record headers.
 * <p>
 * A send the broker did not acknowledge (unreachable for longer than the producer's delivery.timeout.ms)
 * is marked {@link LineNotDelivered}: the tail reader keeps the line and sends it again, so no line is
 * skipped however long the broker is gone.
 */
@Component
public class AgentRecords {

    private static final Logger log = LoggerFactory.getLogger(AgentRecords.class);

    private final String host;
    private final TailRegistry tails;
    private final Counter produced;
    private final Counter failed;

    public AgentRecords(ScaleOutProperties properties, TailRegistry tails, MeterRegistry meters) {
        this.host = hostName(properties);
        this.tails = tails;
        this.produced = Counter.builder("logwarden.kafka.records.produced")
                .description("Lines this agent produced to the Kafka topic and the broker acknowledged")
                .register(meters);
        this.failed = Counter.builder("logwarden.kafka.records.send.failed")
                .description("Sends the broker did not acknowledge (unreachable, timed out): the line is kept and sent again")
                .register(meters);
    }

    /** Sets the record key and headers; the body (the line) is sent as it is. */
    public void toRecord(Exchange exchange) {
        Message message = exchange.getMessage();
        String path = message.getHeader(LineHeaders.SOURCE, String.class);
        String source = host + ":" + path;
        message.setHeader(KafkaConstants.KEY, source);
        message.setHeader(LineHeaders.SOURCE, utf8(source));
        message.setHeader(LineHeaders.LINE_NUMBER, utf8(message.getHeader(LineHeaders.LINE_NUMBER, "0", String.class)));
        String windowSize = message.getHeader(WindowHeaders.SIZE, String.class);
        if (windowSize == null) {
            message.removeHeader(WindowHeaders.SIZE);
        } else {
            message.setHeader(WindowHeaders.SIZE, utf8(windowSize));
        }
        message.setHeader(KafkaLineHeaders.HOST, utf8(host));
        message.setHeader(KafkaLineHeaders.FILE_IDENTITY, utf8(fileIdentity(path)));
    }

    /** Called after the producer returned, i.e. after the broker acknowledged the record. */
    public void acknowledged() {
        produced.increment();
    }

    /** The send failed (routes/kafka-agent.yaml doCatch): the tail reader keeps the line and sends it again. */
    public void notDelivered(Exchange exchange) {
        failed.increment();
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String source = exchange.getMessage().getHeader(KafkaConstants.KEY, String.class);
        log.warn("Kafka did not take line {} of {}: {}; the agent keeps it and sends it again (lines after it wait in the file)",
                lineNumber(exchange), source, cause == null ? "unknown error" : cause.toString());
        LineNotDelivered.mark(exchange, new LineNotDelivered("the Kafka broker did not acknowledge line " + lineNumber(exchange)
                + " of " + source, cause));
    }

    private static String lineNumber(Exchange exchange) {
        Object number = exchange.getMessage().getHeader(LineHeaders.LINE_NUMBER);
        return number instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(number);
    }

    public String host() {
        return host;
    }

    @SuppressWarnings("unchecked")
    private String fileIdentity(String path) {
        // the line's own origin (the tail reader hands it out on this thread): right also while the reader finishes a
        // rotated generation, and it carries the count of cuts in place that keys the line's alert
        LineOrigin origin = LineAcks.currentOrigin();
        if (origin != null) {
            return origin.fileIdentity();
        }
        return tails.state(path).map(state -> state.describe().get("identity"))
                .filter(Map.class::isInstance)
                .map(id -> (Map<String, Object>) id)
                .map(id -> id.get("dev") + ":" + id.get("inode") + ":" + id.get("fingerprint"))
                .orElse("");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** logwarden.kafka.host, else this machine's name (a pod's name in Kubernetes): an agent's host, a detector replica's name. */
    static String hostName(ScaleOutProperties properties) {
        return properties.kafka().host().isBlank() ? localHostName() : properties.kafka().host();
    }

    private static String localHostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
