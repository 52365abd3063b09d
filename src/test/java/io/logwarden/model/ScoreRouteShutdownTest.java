package io.logwarden.model;

import io.logwarden.window.Window;
import org.apache.camel.CamelContext;
import org.apache.camel.ShutdownRoute;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * routes/score.yaml at shutdown: windows still waiting in the micro-batch aggregator (its interval far
 * away) or queued on seda:score-batches are scored and delivered before the context stops, not dropped.
 * Uses the shipped models/demo read-only.
 */
class ScoreRouteShutdownTest {

    static ModelManager manager;

    @BeforeAll
    static void load() {
        manager = new ModelManager("models", "demo");
        assertThat(manager.active()).as(manager.degradedReason()).isNotNull();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void stoppingTheContextCompletesPendingBatches() throws Exception {
        List<Window> windows = ScoringBenchmark.windows(manager.active(), 700, 3);
        Set<Long> scored = ConcurrentHashMap.newKeySet();
        // a batch never completes by interval during the test: only size (256) or the stop can complete it
        CamelContext camel = ScoringBenchmark.context(manager, 256, 600_000, new RouteBuilder() {
            @Override
            public void configure() {
                // like routes/alerts.yaml's direct:scores, the sink stays up until the scoring routes have drained
                from("direct:scores").shutdownRoute(ShutdownRoute.Defer)
                        .process(e -> scored.add(e.getMessage().getBody(Score.class).lastLine()));
            }
        });
        for (Window window : windows) camel.createFluentProducerTemplate().to("direct:windows").withBody(window).send();

        camel.stop();

        assertThat(scored).hasSize(700);
    }
}
