package io.logwarden.tail;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebSocket messages that are still queued for broadcast when Camel has stopped are never sent: the stop
 * counts them in logwarden_websocket_dropped_total (they were silently lost before).
 */
class TailDrainTest {

    private static final String QUEUE = "seda:websocket-out?size=100";

    @Test
    void messagesLeftInTheBroadcastQueueAfterCamelStoppedAreCountedAsDropped() throws Exception {
        MeterRegistry meters = new SimpleMeterRegistry();
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            ProducerTemplate producer = camel.createProducerTemplate();
            for (int i = 0; i < 7; i++) {
                producer.sendBody(QUEUE, "score " + i); // no broadcast consumer: they stay queued
            }
            StaticListableBeanFactory beans = new StaticListableBeanFactory();
            beans.addBean("camelContext", camel);
            beans.addBean("meterRegistry", meters);
            TailDrain drain = new TailDrain(new TailingStreamComponent(), beans.getBeanProvider(CamelContext.class),
                    new LineAcks(), new TailProperties(List.of(), 250, List.of(), "end", Duration.ofMillis(100), 100),
                    beans.getBeanProvider(MeterRegistry.class));
            drain.start();

            drain.stop(); // the drain times out with the queue full
            assertThat(meters.find("logwarden.websocket.dropped").counter()).as("not dropped while Camel may still send").isNull();
            camel.stop();
            drain.countUnsentMessages(); // Spring calls it once every lifecycle bean, Camel among them, has stopped

            assertThat(meters.find("logwarden.websocket.dropped").counter()).isNotNull()
                    .extracting(c -> c.count()).isEqualTo(7.0);
            drain.countUnsentMessages();
            assertThat(meters.get("logwarden.websocket.dropped").counter().count()).as("counted once").isEqualTo(7.0);
        }
    }
}
