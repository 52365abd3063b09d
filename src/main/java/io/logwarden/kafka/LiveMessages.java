package io.logwarden.kafka;

import io.logwarden.live.ScoreMessages;
import io.logwarden.live.ScoreSampler;
import io.logwarden.settings.LogwardenProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fan-in of live messages in the detector role (routes/kafka-live.yaml): the score, alert and incident
 * messages a replica builds go to the live topic, and every replica reads the whole topic for its own
 * WebSocket clients, so a dashboard on any replica sees the cluster. Live messages are best-effort (the
 * alert table is the ledger): a message that finds the queue full or that the broker does not take is
 * dropped and counted, never waited for, so a broker hiccup does not hold up scoring.
 */
@Component
public class LiveMessages implements SmartInitializingSingleton {

    /** Record header naming the message's type, so a replica samples scores without parsing every message. */
    static final String TYPE = "LogwardenLiveType";
    private static final Logger log = LoggerFactory.getLogger(LiveMessages.class);
    private static final long FAILURE_LOG_EVERY = TimeUnit.MINUTES.toNanos(1);

    private final ObjectMapper json;
    private final ScoreSampler sampler;
    private final Counter queueFull;
    private final Counter sendFailed;
    private final Counter sampledOut;
    private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - FAILURE_LOG_EVERY);
    private final String topic;
    private final String brokers;
    private final boolean detector;
    private final CamelContext camel;

    public LiveMessages(ObjectMapper json, ScaleOutProperties properties, MeterRegistry meters, CamelContext camel,
                        LogwardenProperties settings, ScoreMessages scoreMessages) {
        this.json = json;
        this.camel = camel;
        this.topic = properties.kafka().liveTopic();
        this.brokers = properties.kafka().brokers();
        this.detector = settings.pipeline().detectorRoutes();
        this.sampler = new ScoreSampler(properties.kafka().liveScoreRate(), System::nanoTime);
        String dropped = "logwarden.kafka.live.dropped";
        String description = "Live messages (score, alert, incident) this detector did not get onto the live topic: "
                + "no other replica's WebSocket showed them";
        this.queueFull = Counter.builder(dropped).description(description).tag("reason", "queue-full").register(meters);
        this.sendFailed = Counter.builder(dropped).description(description).tag("reason", "send-failed").register(meters);
        this.sampledOut = scoreMessages.sampledOut();
    }

    /**
     * Before the producer: only the record key (the message's source, so one source's messages stay in one
     * partition, in order) and its type travel; the pipeline's headers stay behind.
     */
    public void toRecord(Exchange exchange) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        try {
            JsonNode root = json.readTree(message.getBody(String.class));
            message.setHeader(TYPE, root.path("type").asText());
            JsonNode data = root.path("data");
            JsonNode source = data.hasNonNull("source") ? data.get("source") : data.path("incident").path("source");
            if (source.isTextual()) {
                message.setHeader(KafkaConstants.KEY, source.asText());
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a live message is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Before the routes start, in the detector role: the live topic must exist, or (on a broker that does not create
     * topics on first use, as `make kafka`'s) every send waits for metadata and is dropped, and no replica shows
     * another's messages. Partitions: the broker's default.
     */
    @Override
    public void afterSingletonsInstantiated() {
        if (!detector) {
            return;
        }
        try (Admin admin = KafkaTopics.admin(camel, brokers)) {
            if (KafkaTopics.create(admin, new NewTopic(topic, Optional.empty(), Optional.empty()))) {
                log.info("Created the live topic {} (scores, alerts and incidents of every detector replica)", topic);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Could not create or check the live topic {} on {} ({}); dashboards show other replicas' messages once "
                    + "it exists: create it, or let the broker create topics", topic, brokers, e.toString());
        }
    }

    /** The live queue was full (the producer far behind or the broker unreachable). */
    public void queueFull() {
        queueFull.increment();
        logFailure("the live queue (logwarden.kafka.live-queue-size) is full", null);
    }

    /** The broker refused the record or did not answer within the producer's timeouts. */
    public void sendFailed(Exchange exchange) {
        sendFailed.increment();
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        logFailure("the broker did not take a live message", cause);
    }

    /** A message from the live topic: passed to the WebSocket unless it is a score over the rate. */
    public boolean admit(Exchange exchange) {
        if (!"score".equals(exchange.getMessage().getHeader(TYPE, String.class))) {
            return true;
        }
        if (sampler.admit()) {
            return true;
        }
        sampledOut.increment();
        return false;
    }

    private void logFailure(String what, Exception cause) {
        long now = System.nanoTime();
        long last = lastFailureLog.get();
        if (now - last >= FAILURE_LOG_EVERY && lastFailureLog.compareAndSet(last, now)) {
            log.warn("Live messages are being dropped: {}{}. Scoring and alert storage go on; dashboards of the "
                    + "detector replicas miss these scores, alerts and incidents (the alert list has them). "
                    + "Check the broker and topic {}; counted in logwarden_kafka_live_dropped_total (logged once a minute)",
                    what, cause == null ? "" : " (" + cause + rootCause(cause) + ")", topic);
        }
    }

    private static String rootCause(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == cause ? "" : ", caused by " + root;
    }
}
