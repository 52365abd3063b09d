package io.logwarden.scoring;

import io.logwarden.model.ModelManager;
import io.logwarden.parse.LineHeaders;
import io.logwarden.window.Window;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ShutdownRoute;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.seda.SedaEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * routes/score.yaml with the shipped models/demo (read-only):
 * <ul>
 *   <li>at shutdown, windows still waiting in the micro-batch aggregator (its interval far away) or
 *       queued on seda:score-batches are scored and delivered before the context stops, not dropped;</li>
 *   <li>batches are handed on without waiting, even when the exchanges expect a reply (an upload
 *       replays its lines request-reply to count templates). Camel's seda producer waits for the
 *       consumer by default in that case, so batching, scoring and routing took turns instead of
 *       running side by side (a 100,000-line upload: 11 s, against 6 s with waitForTaskToComplete=Never);</li>
 *   <li>the window of a line its reader marked as the last it has for now completes its batch at once:
 *       the batch timer is only a safety net.</li>
 * </ul>
 */
class ScoreRouteTest {

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
        List<Window> windows = ScoringFixtures.windows(manager.active(), 700, 3);
        Set<Long> scored = ConcurrentHashMap.newKeySet();
        // a batch never completes by interval during the test: only size (256) or the stop can complete it
        CamelContext camel = ScoringFixtures.context(manager, 256, 600_000, new RouteBuilder() {
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

    @Test
    void theWindowOfTheLastLineReadCompletesTheBatchWithoutWaitingForTheTimer() throws Exception {
        List<Window> windows = ScoringFixtures.windows(manager.active(), 8, 5);
        List<Integer> batchSizes = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        // the batch timer is far away: only size (256), the last-of-read mark or the stop can complete a batch
        CamelContext camel = ScoringFixtures.context(manager, 256, 600_000, new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:scores").shutdownRoute(ShutdownRoute.Defer)
                        .process(e -> batchSizes.add(e.getProperty(org.apache.camel.Exchange.SPLIT_SIZE, Integer.class)));
            }
        });
        ProducerTemplate producer = camel.createProducerTemplate();
        for (Window window : windows.subList(0, 4)) producer.sendBody("direct:windows", window);
        producer.sendBodyAndHeader("direct:windows", windows.get(4), LineHeaders.LAST_OF_READ, true);

        await().atMost(Duration.ofSeconds(20)).until(() -> batchSizes.size() == 5);
        assertThat(batchSizes).as("one batch, the marked window in it").containsOnly(5);

        // unmarked windows wait for more (here until the stop completes their batch)
        for (Window window : windows.subList(5, 8)) producer.sendBody("direct:windows", window);
        camel.stop();
        assertThat(batchSizes).hasSize(8);
        assertThat(batchSizes.subList(5, 8)).containsOnly(3);
    }

    private static int queued(CamelContext camel, String queue) {
        return camel.getEndpoints().stream().filter(e -> e instanceof SedaEndpoint seda && seda.getEndpointUri().startsWith("seda://" + queue + "?"))
                .mapToInt(e -> ((SedaEndpoint) e).getCurrentQueueSize()).findFirst().orElseThrow();
    }

    @Test
    void scoringGoesOnWhileRoutingIsHeldEvenForARequestReplySender() throws Exception {
        List<Window> windows = ScoringFixtures.windows(manager.active(), 512, 4);
        CountDownLatch downstreamHeld = new CountDownLatch(1);
        AtomicInteger routed = new AtomicInteger();
        // the routes after scoring hang until released: a slow database or WebSocket
        CamelContext camel = ScoringFixtures.context(manager, 256, 600_000, new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:scores").process(e -> {
                    downstreamHeld.await(60, TimeUnit.SECONDS);
                    routed.incrementAndGet();
                });
            }
        });
        try {
            ProducerTemplate producer = camel.createProducerTemplate();
            // two whole batches, request-reply: both complete by size
            for (Window window : windows) producer.requestBody("direct:windows", window);

            // the first batch hangs in routing; the second is scored all the same and waits for routing
            await().atMost(Duration.ofSeconds(20)).until(() -> queued(camel, "scored-batches") == 1);
            assertThat(routed).as("nothing routed while the downstream is held").hasValue(0);
            downstreamHeld.countDown();
            await().atMost(Duration.ofSeconds(30)).untilAtomic(routed, equalTo(512));
        } finally {
            downstreamHeld.countDown();
            camel.close();
        }
    }
}
