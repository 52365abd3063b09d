package io.logwarden.window;

import io.logwarden.live.StreamingStats;
import io.logwarden.live.WebSocketClients;
import io.logwarden.parse.LineHeaders;
import io.logwarden.parse.LogEvent;
import io.logwarden.tail.LineAcks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The real routes/windows.yaml on a plain Camel context: sliding windows per key, bounded keys. */
class SlidingWindowRouteTest {

    private final List<Window> windows = new CopyOnWriteArrayList<>();
    private final List<io.logwarden.scoring.Score> scores = new CopyOnWriteArrayList<>();
    private final List<SessionLines> sessions = new CopyOnWriteArrayList<>();
    /** Last lines of the windows that reached direct:windows marked as the last their reader had. */
    private final List<Long> lastOfRead = new CopyOnWriteArrayList<>();
    private CamelContext camel;
    private SlidingWindowStrategy strategy;
    /** The clock idle keys are measured by, moved on by hand. */
    private final AtomicLong nanos = new AtomicLong();
    private final StreamingStats stats = new StreamingStats(new SimpleMeterRegistry(), new WebSocketClients());

    private ProducerTemplate start(WindowProperties properties) throws Exception {
        camel = new DefaultCamelContext();
        strategy = new SlidingWindowStrategy(properties, nanos::get);
        camel.getRegistry().bind("slidingWindowStrategy", strategy);
        camel.getRegistry().bind("windowKeys", new WindowKeys(properties));
        camel.getRegistry().bind("lineAcks", new LineAcks());
        camel.getRegistry().bind("streamingStats", stats);
        camel.getRegistry().bind("sessionLinesStrategy", new SessionLinesStrategy(properties));
        camel.getRegistry().bind("sessionJudge", new RecordingJudge(sessions));
        camel.getPropertiesComponent().setInitialProperties(propertiesOf(properties));
        camel.addRoutes(new RouteConfigurationBuilder() {
            @Override
            public void configuration() {
                routeConfiguration("pipeline-errors").onException(Exception.class).handled(false);
                routeConfiguration("line-errors").onException(Exception.class).handled(false);
            }
        });
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "file:routes/windows.yaml"));
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "file:routes/sessions.yaml"));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:windows").process(e -> {
                    windows.add(e.getMessage().getBody(Window.class));
                    if (e.getMessage().getHeader(LineHeaders.LAST_OF_READ, false, Boolean.class)) {
                        lastOfRead.add(e.getMessage().getBody(Window.class).lastLine());
                    }
                });
                from("direct:scores").process(e -> scores.add(e.getMessage().getBody(io.logwarden.scoring.Score.class)));
            }
        });
        camel.start();
        return camel.createProducerTemplate();
    }

    private static java.util.Properties propertiesOf(WindowProperties properties) {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("logwarden.window.idle-timeout", String.valueOf(properties.idleTimeout().toMillis()));
        p.setProperty("logwarden.window.session-idle-gap", String.valueOf(properties.sessionIdleGap().toMillis()));
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
    void idleExpiryKeepsOneTaskQueuedNotOnePerLine() throws Exception {
        // the expiry executor is shared by every window cache in this JVM: other tests' caches may have tasks queued
        int queuedBefore = SlidingWindowStrategy.pendingExpiryTasks();
        ProducerTemplate producer = start(new WindowProperties(5, 1, 100, "", 100, Duration.ofMinutes(10)));
        int lines = 5_000;
        for (int i = 1; i <= lines; i++) {
            producer.sendBody("direct:log-events", event("busy.log", i, 1 + i % 3, "line " + i));
        }
        await().until(() -> windows.size() == lines);
        // a scheduler that keeps the idle-timeout tasks Caffeine cancels queued would hold more and more of them
        assertThat(SlidingWindowStrategy.pendingExpiryTasks() - queuedBefore).isBetween(0, 5);
    }

    @Test
    void everyLineCompletesAWindowShortOnesAtTheStartThenSlidingByOne() throws Exception {
        ProducerTemplate producer = start(new WindowProperties(3, 2, 100, "", 100, Duration.ofMinutes(10)));
        for (int i = 1; i <= 10; i++) {
            producer.sendBodyAndHeader("direct:log-events", event("a.log", i, i, "line " + i), WindowHeaders.SIZE, 3);
        }
        // every line is judged, the first ones with a short history that the model pads
        assertThat(windows).hasSize(10);
        assertThat(stats.of("a.log").windowsFormed()).isEqualTo(10);
        assertThat(windows).extracting(Window::lastLine).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(windows.get(0).sequence()).containsExactly(1);
        assertThat(windows.get(0).history()).isEmpty();
        assertThat(windows.get(2).sequence()).containsExactly(1, 2, 3);
        assertThat(windows.get(3).sequence()).containsExactly(1, 2, 3, 4);
        assertThat(windows.get(4).sequence()).containsExactly(2, 3, 4, 5);
        assertThat(windows.get(9).sequence()).containsExactly(7, 8, 9, 10);
        assertThat(windows.get(9).history()).extracting(LogEvent::templateId).containsExactly(7, 8, 9);
        assertThat(windows.get(9).firstLine()).isEqualTo(7);
        assertThat(windows.get(9).lastLine()).isEqualTo(10);
    }

    @Test
    void theWindowOfTheLastLineReadKeepsItsMarkForTheScoringBatch() throws Exception {
        ProducerTemplate producer = start(new WindowProperties(3, 2, 100, "", 100, Duration.ofMinutes(10)));
        for (int i = 1; i <= 4; i++) {
            Map<String, Object> headers = i == 2 || i == 4 ? Map.of(LineHeaders.LAST_OF_READ, true) : Map.of();
            producer.sendBodyAndHeaders("direct:log-events", event("a.log", i, i, "line " + i), headers);
        }
        assertThat(windows).hasSize(4);
        assertThat(lastOfRead).containsExactly(2L, 4L);
    }

    @Test
    void interleavedSessionsGetTheirOwnWindows() throws Exception {
        ProducerTemplate producer = start(new WindowProperties(2, 2, 100, "pid=(\\d+)", 100, Duration.ofMinutes(10)));
        for (int i = 1; i <= 6; i++) {
            producer.sendBody("direct:log-events", event("s.log", 2L * i - 1, 100 + i, "pid=1 step " + i));
            producer.sendBody("direct:log-events", event("s.log", 2L * i, 200 + i, "pid=2 step " + i));
        }
        assertThat(windows).hasSize(2 * 6);
        assertThat(windows).allSatisfy(w -> assertThat(w.sequence()).allMatch(id -> id / 100 == w.sequence().get(0) / 100));
        assertThat(windows).extracting(Window::key).containsOnly("s.log#1", "s.log#2");
    }

    /** Stands in for the model's session judge: records each session the route completes. */
    public static final class RecordingJudge {
        private final List<SessionLines> sessions;

        RecordingJudge(List<SessionLines> sessions) {
            this.sessions = sessions;
        }

        public io.logwarden.scoring.Score judge(SessionLines session) {
            sessions.add(session);
            return null;
        }
    }

    @Test
    void aSessionEndsAfterItsIdleGapAndIsJudgedWhole() throws Exception {
        ProducerTemplate producer = start(new WindowProperties(2, 2, 100, "pid=(\\d+)", 100, Duration.ofMinutes(10),
                Duration.ofMillis(400), "", 1000));
        for (int i = 1; i <= 4; i++) {
            producer.sendBody("direct:log-events", event("s.log", 2L * i - 1, 100 + i, "pid=1 step " + i));
            producer.sendBody("direct:log-events", event("s.log", 2L * i, 200 + i, "pid=2 step " + i));
        }
        // lines without a session key are windowed per source and belong to no session
        producer.sendBody("direct:log-events", event("s.log", 9, 999, "no session here"));
        assertThat(sessions).as("nothing is judged while the sessions may still go on").isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> sessions.size() == 2);
        assertThat(sessions).extracting(SessionLines::key).containsExactlyInAnyOrder("s.log#1", "s.log#2");
        SessionLines first = sessions.stream().filter(x -> x.key().equals("s.log#1")).findFirst().orElseThrow();
        assertThat(first.events()).extracting(LogEvent::templateId).containsExactly(101, 102, 103, 104);
        // a line after the gap starts a new session of the same key
        producer.sendBody("direct:log-events", event("s.log", 10, 105, "pid=1 step 5"));
        await().atMost(Duration.ofSeconds(10)).until(() -> sessions.size() == 3);
        assertThat(sessions.get(2).events()).extracting(LogEvent::templateId).containsExactly(105);
        assertThat(windows).hasSize(10);
    }

    @Test
    void aSessionEndsAtItsEndPatternOrItsMaximumLength() throws Exception {
        ProducerTemplate producer = start(new WindowProperties(2, 2, 100, "pid=(\\d+)", 100, Duration.ofMinutes(10),
                Duration.ofHours(1), "closed$", 3));
        producer.sendBody("direct:log-events", event("e.log", 1, 1, "pid=7 open"));
        producer.sendBody("direct:log-events", event("e.log", 2, 2, "pid=7 closed"));
        // the aggregator may hand a completed session to its own thread: wait for it, with the idle gap an hour away
        await().atMost(Duration.ofSeconds(10)).until(() -> sessions.size() == 1);
        assertThat(sessions.get(0).events()).extracting(LogEvent::lineNumber).containsExactly(1L, 2L);
        for (int i = 3; i <= 9; i++) producer.sendBody("direct:log-events", event("e.log", i, 3, "pid=8 work"));
        await().atMost(Duration.ofSeconds(10)).until(() -> sessions.size() == 3);
        assertThat(sessions.get(1).events()).hasSize(3);
        assertThat(sessions.get(2).events()).extracting(LogEvent::lineNumber).containsExactly(6L, 7L, 8L);
        camel.stop();
        // the rest of an open session is judged when the routes stop, not dropped
        assertThat(sessions).hasSize(4);
        assertThat(sessions.get(3).events()).extracting(LogEvent::lineNumber).containsExactly(9L);
    }

    @Test
    void theNumberOfOpenKeysIsBounded() throws Exception {
        ProducerTemplate producer = start(new WindowProperties(2, 2, 100, "user=(\\w+)", 3, Duration.ofMinutes(10)));
        for (int user = 0; user < 20; user++) {
            for (int i = 1; i <= 3; i++) {
                producer.sendBody("direct:log-events", event("u.log", i, i, "user=u" + user + " step " + i));
            }
        }
        assertThat(windows).hasSize(20 * 3);
        assertThat(strategy.openKeys()).isLessThanOrEqualTo(3);
        assertThat(strategy.evictedKeys()).isGreaterThanOrEqualTo(17);
    }

    @Test
    void idleKeysAreForgotten() throws Exception {
        ProducerTemplate producer = start(new WindowProperties(2, 2, 100, "", 100, Duration.ofMinutes(10)));
        for (int i = 1; i <= 3; i++) {
            producer.sendBody("direct:log-events", event("idle.log", i, i, "x"));
            nanos.addAndGet(Duration.ofMinutes(9).toNanos()); // lines 9 minutes apart keep the key open
        }
        assertThat(windows.get(2).events()).extracting(LogEvent::lineNumber).containsExactly(1L, 2L, 3L);
        assertThat(strategy.openKeys()).isEqualTo(1);
        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(strategy.openKeys()).isZero();
        assertThat(strategy.evictedKeys()).isEqualTo(1);
        // the key's next line starts a new window: its history was forgotten
        producer.sendBody("direct:log-events", event("idle.log", 4, 4, "x"));
        assertThat(windows.get(3).events()).extracting(LogEvent::lineNumber).containsExactly(4L);
    }
}
