package io.logwarden.live;

import io.logwarden.alert.Alert;
import io.logwarden.scoring.Score;
import io.logwarden.scoring.Severity;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class StreamingStatsTest {

    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private final WebSocketClients clients = new WebSocketClients();
    private final StreamingStats stats = new StreamingStats(registry, clients);

    @Test
    void aFilesLinesMeterAppearsWithItsFirstLineAndLeavesWhenTheFileIsForgotten() {
        assertThat(registry.find("logwarden.lines.read").meters()).as("no source seen yet").isEmpty();
        stats.lineProcessed("/var/log/a.log");
        stats.lineProcessed("/var/log/a.log");
        stats.lineProcessed("/var/log/b.log");
        assertThat(linesRead("/var/log/a.log")).isEqualTo(2);
        assertThat(linesRead("/var/log/b.log")).isEqualTo(1);

        stats.forget("/var/log/a.log");
        assertThat(registry.find("logwarden.lines.read").tag("file", "/var/log/a.log").functionCounter()).isNull();
        assertThat(stats.sources()).extracting(SourceStats::source).containsExactly("/var/log/b.log");
        stats.lineProcessed("/var/log/a.log");
        assertThat(linesRead("/var/log/a.log")).as("counted afresh after it was forgotten").isEqualTo(1);
        assertThat(stats.total().lines()).as("the total keeps what forgotten files read").isEqualTo(4);
    }

    @Test
    void theStagesCountPerSourceInTotalAndInTheOperatorsMeters() {
        stats.windowScored(score("/var/log/a.log", true));
        stats.windowScored(score("/var/log/a.log", false));
        stats.alertStored(alert("/var/log/a.log", Severity.HIGH));
        stats.error("/var/log/a.log", "store-alert", "constraint violated");
        stats.error(null, "parse-lines", "bad line");
        stats.retriesAbandoned("store-alert");
        stats.websocketMessageDropped("{}");
        // a scored batch's score messages travel and are dropped together
        stats.websocketMessageDropped(List.of("{}", "{}", "{}"));

        SourceStats a = stats.of("/var/log/a.log");
        assertThat(List.of(a.sequences(), a.unseenTemplates(), a.alerts(), a.errors())).containsExactly(2L, 1L, 1L, 1L);
        assertThat(a.lastError()).isEqualTo("constraint violated");
        assertThat(stats.of("unknown").errors()).as("a failure without a source").isEqualTo(1);
        assertThat(registry.get("logwarden.windows.scored").functionCounter().count()).isEqualTo(2);
        assertThat(registry.get("logwarden.unseen.templates").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("logwarden.alerts").tag("severity", "HIGH").counter().count()).isEqualTo(1);
        assertThat(registry.get("logwarden.alerts").tag("severity", "CRITICAL").counter().count())
                .as("every severity shown before its first alert").isZero();
        assertThat(registry.get("logwarden.errors").tag("stage", "store-alert").counter().count())
                .as("dropped, and abandoned at shutdown").isEqualTo(2);
        assertThat(registry.get("logwarden.errors").tag("stage", "parse-lines").counter().count()).isEqualTo(1);
        assertThat(stats.total().errors()).as("an abandoned retry drops nothing").isEqualTo(2);
        assertThat(registry.get("logwarden.websocket.dropped").counter().count()).as("messages, not exchanges").isEqualTo(4);
        assertThat(registry.get("logwarden.websocket.clients").gauge().value()).isZero();
    }

    @Test
    void theTotalsKeepTheStatsMessagesFieldsAndOrder() {
        stats.lineProcessed("/var/log/a.log");
        stats.alertStored(alert("/var/log/a.log", Severity.LOW));
        assertThat(stats.totals()).containsExactly(java.util.Map.entry("processed", 1L), java.util.Map.entry("alerts", 1L),
                java.util.Map.entry("errors", 0L), java.util.Map.entry("throughput", 0.0),
                java.util.Map.entry("sequences", 0L), java.util.Map.entry("unseen_templates", 0L));
    }

    /** Each second's lines are folded into an average that keeps one half per second; idle seconds fold in zeros. */
    @Test
    void throughputFollowsTheClockWithoutATicker() {
        lines("/var/log/a.log", 10);
        clock.add(Duration.ofSeconds(1));
        assertThat(stats.total().throughput()).isEqualTo(5.0);
        assertThat(stats.of("/var/log/a.log").throughput()).isEqualTo(5.0);
        lines("/var/log/a.log", 20);
        clock.add(Duration.ofSeconds(1));
        assertThat(stats.total().throughput()).isEqualTo(12.5);
        assertThat(stats.of("/var/log/a.log").throughput()).isEqualTo(12.5);
        assertThat(stats.of("/var/log/a.log").throughput()).as("read again at once: unchanged").isEqualTo(12.5);
        clock.add(Duration.ofSeconds(2));
        assertThat(stats.total().throughput()).as("two idle seconds").isEqualTo(3.1);
        clock.add(Duration.ofHours(1));
        assertThat(stats.total().throughput()).isZero();
    }

    @Test
    void aWaiterIsWokenWhenTheLastFormedWindowIsScoredOrFails() throws Exception {
        for (int i = 0; i < 3; i++) {
            stats.windowFormed(window("upload:a"));
        }
        CompletableFuture<Boolean> settled = CompletableFuture.supplyAsync(() -> {
            try {
                return stats.of("upload:a").awaitScored(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        stats.windowScored(score("upload:a"));
        stats.windowScored(score("upload:b")); // another source's window settles nothing here
        stats.windowScored(score("upload:a"));
        assertThat(settled).as("one window of upload:a is still being scored").isNotDone();
        stats.error("upload:a", "score-windows", "scoring failed");
        // woken by the failure, long before the minute
        assertThat(settled.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theWaitEndsFalseWhenAWindowIsNeverScored() throws Exception {
        stats.windowFormed(window("upload:c"));
        assertThat(stats.of("upload:c").awaitScored(Duration.ofMillis(50))).isFalse();
        assertThat(stats.of("upload:none").awaitScored(Duration.ZERO)).as("nothing formed, nothing to wait for").isTrue();
    }

    private double linesRead(String file) {
        return registry.get("logwarden.lines.read").tag("file", file).functionCounter().count();
    }

    private void lines(String source, int count) {
        for (int i = 0; i < count; i++) {
            stats.lineProcessed(source);
        }
    }

    private static io.logwarden.window.Window window(String source) {
        return new io.logwarden.window.Window(source, source, List.of());
    }

    private static Score score(String source) {
        return score(source, false);
    }

    private static Score score(String source, boolean unseenTemplate) {
        return new Score(0.1, Severity.LOW, false, List.of(1, 2), Instant.now(), source, source, 1, 2, List.of(),
                List.of(), "test", unseenTemplate, List.of(), "");
    }

    private static Alert alert(String source, Severity severity) {
        return new Alert(Instant.now(), source, severity, 8.5, List.of(1), List.of("a"), List.of("a"), 1, 1, "statistical",
                "test", List.of());
    }
}
