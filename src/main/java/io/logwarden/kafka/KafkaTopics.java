package io.logwarden.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Topics a detector needs before its routes start. Brokers in production (and `make kafka`) often refuse to
 * create topics on first use (auto.create.topics.enable=false): a producer then waits for metadata that never
 * comes.
 */
final class KafkaTopics {

    static final long TIMEOUT_SECONDS = 15;

    private KafkaTopics() {
    }

    /** An Admin client for {@code brokers} that gives up after {@link #TIMEOUT_SECONDS}. */
    static Admin admin(String brokers) {
        int timeoutMs = (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS);
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs));
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
