package io.logwarden.kafka;

import io.logwarden.settings.LogwardenProperties;
import io.logwarden.settings.Role;
import io.logwarden.support.LogwardenTestContext;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default role changes nothing: the Kafka routes are loaded (so operators see them) but never
 * started, no Kafka client thread or broker health check exists, and tail routes still hand lines to direct:log-lines
 * (the pipeline tests prove the lines arrive).
 */
class StandaloneRoleTest extends LogwardenTestContext {

    @Autowired
    CamelContext camel;

    @Autowired
    LogwardenProperties properties;

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Value("${logwarden.pipeline.lines-endpoint}")
    String linesEndpoint;

    @Value("${logwarden.pipeline.live-endpoint}")
    String liveEndpoint;

    @Test
    void standaloneNeverStartsAKafkaClient() {
        assertThat(properties.role()).isEqualTo(Role.STANDALONE);
        assertThat(linesEndpoint).isEqualTo("direct:log-lines");
        assertThat(liveEndpoint).as("scores, alerts and incidents go straight to this process's WebSocket")
                .isEqualTo("direct:websocket-enqueue");
        assertThat(camel.getRouteController().getRouteStatus("kafka-agent-lines")).isEqualTo(ServiceStatus.Stopped);
        assertThat(camel.getRouteController().getRouteStatus("kafka-detector-lines")).isEqualTo(ServiceStatus.Stopped);
        assertThat(camel.getRouteController().getRouteStatus("kafka-control-models")).isEqualTo(ServiceStatus.Stopped);
        assertThat(camel.getRouteController().getRouteStatus("kafka-control-announce")).isEqualTo(ServiceStatus.Stopped);
        for (String live : new String[] {"kafka-live-out", "kafka-live-produce", "kafka-live-in"}) {
            assertThat(camel.getRouteController().getRouteStatus(live)).as(live).isEqualTo(ServiceStatus.Stopped);
        }
        assertThat(context.getBeansOfType(KafkaHealthIndicator.class)).as("no broker health check").isEmpty();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(name -> name.startsWith("kafka-") || name.contains("KafkaConsumer") || name.contains("kafka-producer")
                        || name.contains("kafka-health"));
    }
}
