package io.logwarden.demo;

import io.logwarden.alert.AlertRepository;
import io.logwarden.support.LogwardenTestContext;
import io.logwarden.tail.TailRegistry;
import io.logwarden.tail.TailState;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo as `make run` has it, sped up: the timer route of routes/demo.yaml writes activity and anomalies
 * into the demo log, the service follows it from the start, and the injected anomalies alert.
 */
class DemoRouteTest extends LogwardenTestContext {

    @DynamicPropertySource
    static void demoOn(DynamicPropertyRegistry registry) {
        registry.add("logwarden.demo.enabled", () -> "true");
        registry.add("logwarden.demo.file", () -> ROOT.resolve("logs/demo/auth.log").toString());
        registry.add("logwarden.demo.activity-every", () -> "50ms");
        registry.add("logwarden.demo.anomaly-every", () -> "2s");
    }

    @Autowired
    CamelContext camel;

    @Autowired
    TailRegistry tails;

    @Autowired
    AlertRepository alerts;

    @Test
    void theTimerRouteWritesTheDemoLogWhichIsFollowedAndItsAnomaliesAlert() {
        String demo = ROOT.resolve("logs/demo/auth.log").toAbsolutePath().toString();
        assertThat(camel.getRouteController().getRouteStatus("demo-log-writer")).isEqualTo(ServiceStatus.Started);
        await().atMost(Duration.ofMinutes(2)).until(() -> tails.state(demo).map(TailState::linesRead).orElse(0L) >= 100);
        await().atMost(Duration.ofMinutes(2)).until(() -> alerts.findAll().stream().anyMatch(a -> demo.equals(a.getSource())));
    }
}
