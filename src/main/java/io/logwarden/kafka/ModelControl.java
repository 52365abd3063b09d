package io.logwarden.kafka;

import io.logwarden.settings.LogwardenProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwarden.incident.Actors;
import io.logwarden.model.ModelActivation;
import io.logwarden.model.ModelAnnouncer;
import io.logwarden.model.ModelStore;
import io.logwarden.model.SharedModel;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One model for every detector replica of a cluster (routes/kafka-control.yaml). A model activated through
 * a detector's API is active there first, then announced as the {@code active-model} record of the compacted
 * control topic; every detector replica reads that topic from its beginning (a consumer group of its own,
 * nothing committed) and activates the model it names, so a replica started later also takes the cluster's
 * model. Standalone and agent processes announce nothing and read nothing.
 */
@Component
public class ModelControl implements ModelAnnouncer, SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ModelControl.class);
    /** The one key of the control topic's model records: compaction keeps the last activation only. */
    static final String ACTIVE_MODEL = "active-model";
    static final String ANNOUNCE_ENDPOINT = "direct:kafka-control-announce";
    /** How long a detector reads the control topic at start before it consumes lines anyway. */
    static final Duration CATCH_UP = Duration.ofSeconds(30);

    private final ModelActivation activation;
    private final CamelContext camel;
    private final ScaleOutProperties properties;
    private final boolean detector;
    private final String replica;
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private volatile ProducerTemplate producer;
    /** The last readable activation of the current poll (consumer thread only): only that one is loaded. */
    private SharedModel pending;

    public ModelControl(ModelActivation activation, CamelContext camel, ScaleOutProperties properties,
                        LogwardenProperties settings) {
        this.activation = activation;
        this.camel = camel;
        this.properties = properties;
        this.detector = settings.pipeline().detectorRoutes();
        this.replica = AgentRecords.hostName(properties);
    }

    @Override
    public String announce(String model, Exchange request) {
        if (!detector) {
            return null;
        }
        String checksum;
        try {
            checksum = activation.checksum(model);
        } catch (IOException e) {
            checksum = null; // it loaded, so it is there: the others then check the name only
        }
        SharedModel shared = new SharedModel(model, checksum, Actors.of(request), replica,
                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        String value;
        try {
            value = json.writeValueAsString(shared);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        template().sendBodyAndHeader(ANNOUNCE_ENDPOINT, value, KafkaConstants.KEY, ACTIVE_MODEL);
        activation.announced(shared, replica);
        log.info("Model {} activated by {} on replica {} and announced on Kafka topic {} to every detector replica",
                model, shared.actor(), replica, topic());
        return topic();
    }

    /**
     * A control record (routes/kafka-control.yaml). At startup a replica reads every activation still in the
     * topic; only the last of each poll is loaded, the earlier ones are history. Never throws: an unreadable
     * record is logged and skipped, a model that cannot be activated here is reported by {@link ModelActivation}.
     */
    public void received(Exchange exchange) {
        Message message = exchange.getMessage();
        String at = message.getHeader(KafkaConstants.TOPIC, String.class) + "/" + message.getHeader(KafkaConstants.PARTITION)
                + "/" + message.getHeader(KafkaConstants.OFFSET);
        activationOf(message.getHeader(KafkaConstants.KEY, String.class), message.getBody(String.class), at)
                .ifPresent(shared -> pending = shared);
        if (pending != null && message.getHeader(KafkaConstants.LAST_POLL_RECORD, false, Boolean.class)) {
            SharedModel latest = pending;
            pending = null;
            activation.follow(latest, replica);
        }
    }

    /** The model activation a control record holds; empty (logged) for any other or unreadable record. */
    private Optional<SharedModel> activationOf(String key, String value, String at) {
        if (!ACTIVE_MODEL.equals(key) || value == null) {
            log.debug("Ignored control record {} with key {}", at, key);
            return Optional.empty();
        }
        try {
            SharedModel shared = json.readValue(value, SharedModel.class);
            if (!ModelStore.validName(shared.model())) {
                throw new IllegalArgumentException("\"model\" is not a model name: " + shared.model());
            }
            return Optional.of(shared);
        } catch (IOException | RuntimeException e) {
            log.warn("Ignored control record {} (key {}): not a model activation: {}", at, key, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Reads the control topic to its end before the routes start, and activates the last model it names: the
     * lines route would otherwise score its first records with {@code logwarden.model} until the control route
     * had caught up. Bounded by {@link #CATCH_UP}; a broker that does not answer within it leaves the control
     * route to catch up later (WARN). Nothing is committed: the control route reads the topic again anyway.
     */
    private void catchUp(String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        SharedModel last = null;
        long read = 0;
        try (Consumer<String, String> consumer = new KafkaConsumer<>(KafkaTopics.consumerSettings(camel, properties.kafka().brokers(),
                (int) TimeUnit.SECONDS.toMillis(KafkaTopics.TIMEOUT_SECONDS)))) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    log.warn("Read only {} of the {} records of control topic {} within {}; this replica scores with its current "
                            + "model until the control route has caught up", read, end, topic, CATCH_UP);
                    break;
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    read++;
                    last = activationOf(record.key(), record.value(), topic + "/" + record.partition() + "/" + record.offset()).orElse(last);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not read control topic {} before consuming lines ({}); this replica scores with its current model "
                    + "until the control route has caught up", topic, e.toString());
        }
        if (last != null) {
            log.info("Cluster model {} read from control topic {} before consuming lines", last.model(), topic);
            activation.follow(last, replica);
        }
    }

    /**
     * Before the routes start, in the detector role: the control topic must be compacted, or the broker would
     * delete the last activation after the retention time (7 days by default) and a replica started then would
     * not learn the cluster's model. Creates it so; an existing topic that is not compacted gets a WARN, and an
     * existing topic is read to its end (catchUp) so that the first lines are scored with the cluster's model.
     */
    @Override
    public void afterSingletonsInstantiated() {
        if (!detector) {
            return;
        }
        String topic = topic();
        try (Admin admin = KafkaTopics.admin(camel, properties.kafka().brokers())) {
            if (KafkaTopics.create(admin, new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))) {
                log.info("Created the compacted control topic {}", topic);
            } else {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                Config config = admin.describeConfigs(List.of(resource)).all().get(KafkaTopics.TIMEOUT_SECONDS, TimeUnit.SECONDS)
                        .get(resource);
                String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
                if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                    log.warn("Control topic {} has cleanup.policy={}: the cluster's model is forgotten after the topic's "
                            + "retention and later replicas start with logwarden.model; set cleanup.policy=compact on it", topic, policy);
                }
                catchUp(topic);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Could not create or check the control topic {} on {} ({}: {}); model activations are shared once the "
                    + "broker is reachable, but create the topic with cleanup.policy=compact", topic, properties.kafka().brokers(),
                    e.getClass().getSimpleName(), e.getCause() == null ? e.getMessage() : e.getMessage() + ": " + e.getCause());
        }
    }

    public String replica() {
        return replica;
    }

    private String topic() {
        return properties.kafka().controlTopic();
    }

    private ProducerTemplate template() {
        ProducerTemplate template = producer;
        if (template == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = camel.createProducerTemplate();
                }
                template = producer;
            }
        }
        return template;
    }
}
