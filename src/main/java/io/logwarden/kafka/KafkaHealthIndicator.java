package io.logwarden.kafka;

import org.apache.camel.CamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Health contributor "kafka" (agent and detector roles only; a standalone process has none and never
 * connects): DOWN once the broker has not answered for longer than {@code logwarden.kafka.broker-down-after}.
 * <p>
 * Reachability is observed by a Kafka Admin client of its own asking the cluster for its nodes
 * (describeCluster: one small metadata request) on its own thread, every third of the setting (at most every
 * 10 s), each call bounded by that interval. The health endpoint only reads the last answer, so a probe never
 * waits for the broker. The producer's and consumer's own clients are not asked: an idle producer closes its
 * connection (or has none before its first line), and neither says when it last reached a broker.
 * camel-kafka's consumer health check ({@code camelHealth}) covers only the detector, with no setting for how
 * soon it turns DOWN; its producer checks are off, so the agent has none.
 */
@Component
@ConditionalOnExpression("!'${logwarden.role:standalone}'.trim().equalsIgnoreCase('standalone')")
public class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(KafkaHealthIndicator.class);
    private static final Duration MAX_INTERVAL = Duration.ofSeconds(10);
    private static final Duration MIN_INTERVAL = Duration.ofMillis(200);

    private final String brokers;
    private final Duration downAfter;
    private final Duration interval;
    private final CamelContext camel;
    private final Clock clock;
    private final Instant started;
    private final ScheduledExecutorService checks;

    // written by the check thread only (and closed once it has stopped)
    private volatile Admin admin;
    private volatile Instant lastContact;
    private volatile String lastError;
    private volatile Map<String, Object> cluster = Map.of();
    private volatile boolean reportedDown;

    @Autowired
    public KafkaHealthIndicator(ScaleOutProperties properties, CamelContext camel) {
        this(properties.kafka().brokers(), properties.kafka().brokerDownAfter(), camel, Clock.systemUTC());
    }

    KafkaHealthIndicator(String brokers, Duration downAfter, CamelContext camel, Clock clock) {
        super("Kafka broker health check failed");
        this.brokers = brokers;
        this.downAfter = downAfter;
        Duration third = downAfter.dividedBy(3);
        this.interval = third.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : third.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : third;
        this.camel = camel;
        this.clock = clock;
        this.started = clock.instant();
        this.checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "logwarden-kafka-health");
            t.setDaemon(true);
            return t;
        });
        checks.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Instant now = clock.instant();
        Instant contact = lastContact;
        Duration silent = Duration.between(contact == null ? started : contact, now);
        builder.withDetail("brokers", brokers);
        builder.withDetail("last_contact", contact == null ? "never" : contact.toString());
        builder.withDetail("down_after", downAfter.toString());
        String error = lastError;
        builder.withDetail("unreachable_for_ms", error == null && contact != null ? 0 : silent.toMillis());
        if (error != null) {
            builder.withDetail("error", error);
        }
        builder.withDetails(cluster);
        if (silent.compareTo(downAfter) > 0) {
            builder.down();
        } else {
            builder.up();
        }
    }

    /** One describeCluster on the check thread; never throws (a scheduled task that throws is never run again). */
    private void check() {
        try {
            if (admin == null) {
                admin = Admin.create(adminSettings());
            }
            long timeoutMs = Math.max(interval.toMillis(), 1000);
            DescribeClusterResult result = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMs));
            int nodes = result.nodes().get(timeoutMs, TimeUnit.MILLISECONDS).size();
            String clusterId = result.clusterId().get(timeoutMs, TimeUnit.MILLISECONDS);
            cluster = Map.of("cluster_id", String.valueOf(clusterId), "nodes", nodes);
            lastContact = clock.instant();
            lastError = null;
            if (reportedDown) {
                reportedDown = false;
                log.info("Kafka broker {} reachable again", brokers);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            lastError = cause.toString();
            Instant contact = lastContact;
            if (!reportedDown && Duration.between(contact == null ? started : contact, clock.instant()).compareTo(downAfter) > 0) {
                reportedDown = true;
                log.warn("Kafka broker {} unreachable for more than {} (last contact {}): {}; health 'kafka' is DOWN",
                        brokers, downAfter, contact == null ? "never" : contact, lastError);
            }
        }
    }

    /** As the routes reach the broker (KafkaTopics), with this check's own client id, timeouts and reconnect backoff. */
    private Map<String, Object> adminSettings() {
        Map<String, Object> settings = KafkaTopics.adminSettings(camel, brokers, (int) Math.max(interval.toMillis(), 1000));
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "logwarden-health");
        settings.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, (int) Math.min(1000, interval.toMillis()));
        return settings;
    }

    @Override
    public void destroy() {
        checks.shutdownNow();
        try {
            checks.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
