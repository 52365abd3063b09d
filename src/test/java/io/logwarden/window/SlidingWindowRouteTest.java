package io.logwarden.window;

import io.logwarden.parse.LogEvent;
import io.logwarden.stream.StreamingStats;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.util.concurrent.SynchronousExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The real routes/windows.yaml on a plain Camel context: sliding windows per key, bounded keys. */
class SlidingWindowRouteTest {

    private final List<Window> windows = new CopyOnWriteArrayList<>();
    private CamelContext camel;
    private SlidingWindowStrategy strategy;
    private final StreamingStats stats = new StreamingStats();

    private ProducerTemplate start(WindowProperties properties) throws Exception {
        camel = new DefaultCamelContext();
        strategy = new SlidingWindowStrategy(properties);
        camel.getRegistry().bind("slidingWindows", strategy);
        camel.getRegistry().bind("windowKeys", new WindowKeys(properties));
        camel.getRegistry().bind("windowCompletionExecutor", new SynchronousExecutorService());
        camel.getRegistry().bind("streamingStats", stats);
        camel.getPropertiesComponent().setInitialProperties(propertiesOf(properties));
        camel.addRoutes(new RouteConfigurationBuilder() {
            @Override
            public void configuration() {
                routeConfiguration("pipeline-errors").onException(Exception.class).handled(false);
            }
        });
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "file:routes/windows.yaml"));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:windows").process(e -> windows.add(e.getMessage().getBody(Window.class)));
            }
        });
        camel.start();
        return camel.createProducerTemplate();
    }

    private static java.util.Properties propertiesOf(WindowProperties properties) {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("logwarden.window.idle-timeout", String.valueOf(properties.idleTimeout().toMillis()));
        return p;
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
    }

    private static LogEvent event(String source, long line, int templateId, String text) {
        return new LogEvent(source, line, text, text, Map.of(), templateId, "t" + templateId, List.of(), Instant.now());
    }

    @Test
    void everyLineAfterTheFirstNCompletesAWindowThatSlidesByOne() throws Exception {
        ProducerTemplate producer = start(new WindowProperties(3, 2, 100, "", 100, Duration.ofMinutes(10)));
        for (int i = 1; i <= 10; i++) {
            producer.sendBodyAndHeader("direct:log-events", event("a.log", i, i, "line " + i), WindowHeaders.SIZE, 3);
        }
        assertThat(windows).hasSize(10 - 3);
        assertThat(stats.of("a.log").windowsFormed()).isEqualTo(10 - 3);
        assertThat(windows.get(0).sequence()).containsExactly(1, 2, 3, 4);
        assertThat(windows.get(1).sequence()).containsExactly(2, 3, 4, 5);
        assertThat(windows.get(6).sequence()).containsExactly(7, 8, 9, 10);
        assertThat(windows.get(6).history()).extracting(LogEvent::templateId).containsExactly(7, 8, 9);
        assertThat(windows.get(6).firstLine()).isEqualTo(7);
        assertThat(windows.get(6).lastLine()).isEqualTo(10);
    }

    @Test
    void interleavedSessionsGetTheirOwnWindows() throws Exception {
        ProducerTemplate producer = start(new WindowProperties(2, 2, 100, "pid=(\\d+)", 100, Duration.ofMinutes(10)));
        for (int i = 1; i <= 6; i++) {
            producer.sendBody("direct:log-events", event("s.log", 2L * i - 1, 100 + i, "pid=1 step " + i));
            producer.sendBody("direct:log-events", event("s.log", 2L * i, 200 + i, "pid=2 step " + i));
        }
        assertThat(windows).hasSize(2 * (6 - 2));
        assertThat(windows).allSatisfy(w -> assertThat(w.sequence()).allMatch(id -> id / 100 == w.sequence().get(0) / 100));
        assertThat(windows).extracting(Window::key).containsOnly("s.log#1", "s.log#2");
    }

    @Test
    void theNumberOfOpenKeysIsBounded() throws Exception {
        ProducerTemplate producer = start(new WindowProperties(2, 2, 100, "user=(\\w+)", 3, Duration.ofMinutes(10)));
        for (int user = 0; user < 20; user++) {
            for (int i = 1; i <= 3; i++) {
                producer.sendBody("direct:log-events", event("u.log", i, i, "user=u" + user + " step " + i));
            }
        }
        assertThat(windows).hasSize(20);
        assertThat(strategy.openKeys()).isLessThanOrEqualTo(3);
        assertThat(strategy.evictedKeys()).isGreaterThanOrEqualTo(17);
    }

    @Test
    void idleKeysAreForgotten() throws Exception {
        ProducerTemplate producer = start(new WindowProperties(2, 2, 100, "", 100, Duration.ofMillis(1)));
        for (int i = 1; i <= 3; i++) {
            producer.sendBody("direct:log-events", event("idle.log", i, i, "x"));
        }
        assertThat(strategy.openKeys()).isEqualTo(1);
        Thread.sleep(5);
        strategy.evictIdleKeys();
        assertThat(strategy.openKeys()).isZero();
    }
}
