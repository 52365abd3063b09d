package io.logwarden.kafka;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Admin clients of the Kafka roles, and the topics a detector needs before its routes start. Brokers in production (and `make kafka`) often refuse to
 * create topics on first use (auto.create.topics.enable=false): a producer then waits for metadata that never
 * comes.
 */
final class KafkaTopics {

    static final long TIMEOUT_SECONDS = 15;
    private static final Logger log = LoggerFactory.getLogger(KafkaTopics.class);

    private KafkaTopics() {
    }

    /** An Admin client for {@code brokers}, reaching them as the routes do, that gives up after {@link #TIMEOUT_SECONDS}. */
    static Admin admin(CamelContext camel, String brokers) {
        return Admin.create(adminSettings(camel, brokers, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS)));
    }

    /**
     * The Camel Kafka component's client settings that an Admin client understands (TLS, SASL set as
     * camel.component.kafka.*), so an Admin client reaches the broker the way the routes do; then the brokers and
     * the given timeout for each request and each call.
     */
    static Map<String, Object> adminSettings(CamelContext camel, String brokers, int timeoutMs) {
        Map<String, Object> settings = camelSettings(camel, false, AdminClientConfig.configNames());
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        return settings;
    }

    /**
     * As {@link #adminSettings}, for a plain consumer that assigns partitions itself (no group, nothing committed)
     * and reads String keys and values.
     */
    static Map<String, Object> consumerSettings(CamelContext camel, String brokers, int timeoutMs) {
        Map<String, Object> settings = camelSettings(camel, true, ConsumerConfig.configNames());
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        settings.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        return settings;
    }

    /** The Camel Kafka component's producer (or consumer) settings that a client with these setting names understands. */
    private static Map<String, Object> camelSettings(CamelContext camel, boolean consumer, Set<String> understood) {
        Map<String, Object> settings = new HashMap<>();
        try {
            KafkaConfiguration configuration = camel.getComponent("kafka", KafkaComponent.class).getConfiguration();
            Properties camelSettings = consumer ? configuration.createConsumerProperties() : configuration.createProducerProperties();
            camelSettings.forEach((key, value) -> {
                if (understood.contains(String.valueOf(key)) && value != null) {
                    settings.put(String.valueOf(key), value);
                }
            });
        } catch (RuntimeException e) {
            log.debug("No camel-kafka client settings to reuse ({}); using the brokers only", e.toString());
        }
        return settings;
    }

    /** Creates the topic; false when it existed already. */
    static boolean create(Admin admin, NewTopic topic) throws InterruptedException, ExecutionException, TimeoutException {
        try {
            admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw e;
        }
    }
}
