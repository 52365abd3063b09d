package io.logwarden.live;

import io.logwarden.alert.AlertRepository;
import io.logwarden.scoring.Score;
import io.logwarden.scoring.Severity;
import io.logwarden.support.LogwardenTestContext;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * Messages waiting for the broadcast must not hold database connections. The seda hop to the WebSocket (and in
 * a detector to the live topic) hands the stored alert's exchange completions over to the queued copy; when the
 * insert's EntityManager closed only then, every queued message pinned a pooled connection, and a slow dashboard
 * or an unreachable live topic emptied the pool and stalled alert storage (seen in BrokerOutageTest: one alert
 * every 15 s).
 */
class SlowBroadcastTest extends LogwardenTestContext {

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    AlertRepository alerts;
    @Value("${spring.datasource.hikari.maximum-pool-size:10}")
    int poolSize;

    @Test
    void alertsAreStoredWhileTheirMessagesWaitForTheBroadcast() throws Exception {
        // the broadcaster stops draining, as if the dashboards could not keep up: every message stays queued
        camel.getRouteController().stopRoute("websocket-broadcast");
        try {
            long before = alerts.count();
            int count = 3 * poolSize;
            for (int i = 0; i < count; i++) {
                String source = "/var/log/slow-broadcast-" + i + ".log";
                producer.asyncSendBody("direct:scores", new Score(8.5, Severity.HIGH, true, List.of(1, 2, 3), Instant.now(), source,
                        source, 1, 3, List.of("a <*>"), List.of("a b"), "test", false, List.of(), "test alert"));
            }
            // well below the pool's 30 s connection timeout: a stall on an empty pool fails here
            await("every alert stored while its messages wait").atMost(Duration.ofSeconds(20))
                    .until(() -> alerts.count() - before >= count);
        } finally {
            camel.getRouteController().startRoute("websocket-broadcast");
        }
    }
}
