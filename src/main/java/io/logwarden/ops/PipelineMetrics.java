package io.logwarden.ops;

import io.logwarden.live.SourceStats;
import io.logwarden.live.StreamingStats;
import io.logwarden.live.WebSocketClients;
import io.logwarden.scoring.Severity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The meters an operator reads at /actuator/prometheus, named for what they count:
 * <ul>
 * <li>{@code logwarden_lines_read_total{file}}: lines parsed per followed file or upload (from StreamingStats)</li>
 * <li>{@code logwarden_windows_scored_total}: windows the scorer judged</li>
 * <li>{@code logwarden_unseen_templates_total}: judged lines whose template the scorer never saw (retrain when it climbs)</li>
 * <li>{@code logwarden_alerts_total{severity}}: alerts stored, per severity (routes/alerts.yaml calls {@link #alertStored})</li>
 * <li>{@code logwarden_errors_total{stage}}: dropped messages per failing route id (routes/errors.yaml calls {@link #error})</li>
 * <li>{@code logwarden_websocket_clients}: connected WebSocket peers</li>
 * <li>{@code logwarden_websocket_dropped_total}: messages dropped because the broadcast queue was full
 *     (routes/websocket.yaml calls {@link #websocketMessageDropped}) or still queued when Camel stopped
 *     (io.logwarden.tail.TailDrain adds those)</li>
 * </ul>
 * The database write latency ({@code logwarden_alerts_db_write_seconds}) is a camel-micrometer timer in routes/alerts.yaml.
 */
@Component
public class PipelineMetrics {

    static final String LINES_READ = "logwarden.lines.read";

    private final MeterRegistry registry;
    private final StreamingStats stats;
    private final Counter websocketDropped;
    private final Map<String, Registered> perFile = new HashMap<>();

    private record Registered(SourceStats stats, Meter meter) {
    }

    public PipelineMetrics(MeterRegistry registry, StreamingStats stats, WebSocketClients clients) {
        this.registry = registry;
        this.stats = stats;
        FunctionCounter.builder("logwarden.windows.scored", stats, s -> s.total().sequences())
                .description("Windows of log events the scorer judged").register(registry);
        FunctionCounter.builder("logwarden.unseen.templates", stats, s -> s.total().unseenTemplates())
                .description("Judged lines whose template the scorer never saw: always anomalous; retrain the model when this climbs")
                .register(registry);
        Gauge.builder("logwarden.websocket.clients", clients, WebSocketClients::count)
                .description("Peers connected to the WebSocket").register(registry);
        websocketDropped = Counter.builder("logwarden.websocket.dropped")
                .description("WebSocket messages dropped because the broadcast queue was full (dashboards could not keep up) or still queued at shutdown")
                .register(registry);
        // Every severity from the start, so a dashboard shows 0 rather than "no data" before the first alert.
        for (Severity severity : Severity.values()) {
            alertCounter(severity.name());
        }
    }

    /** Called by routes/alerts.yaml after the alert is in the database. */
    public void alertStored(Object severity) {
        alertCounter(severity == null ? "UNKNOWN" : severity.toString()).increment();
    }

    /** Called by routes/websocket.yaml when the broadcast queue is full. */
    public void websocketMessageDropped() {
        websocketDropped.increment();
    }

    /** Called by routes/errors.yaml: stage is the id of the route where the message failed. */
    public void error(String stage) {
        Counter.builder("logwarden.errors").description("Messages dropped after a failure, per route (stage)")
                .tag("stage", stage == null || stage.isBlank() ? "unknown" : stage).register(registry).increment();
    }

    /** Follows StreamingStats' sources: a counter per file appears with its first line and leaves when the file is forgotten. */
    @Scheduled(fixedDelay = 1000, initialDelay = 1000)
    public synchronized void syncFiles() {
        Map<String, SourceStats> current = stats.sources().stream()
                .collect(Collectors.toMap(SourceStats::source, s -> s, (a, b) -> a));
        for (String gone : Set.copyOf(perFile.keySet())) {
            Registered registered = perFile.get(gone);
            if (current.get(gone) != registered.stats()) {
                registry.remove(registered.meter());
                perFile.remove(gone);
            }
        }
        current.forEach((file, sourceStats) -> perFile.computeIfAbsent(file, f -> new Registered(sourceStats,
                FunctionCounter.builder(LINES_READ, sourceStats, SourceStats::lines)
                        .description("Log lines read and parsed, per file").tag("file", f).register(registry))));
    }

    private Counter alertCounter(String severity) {
        return Counter.builder("logwarden.alerts").description("Alerts stored, per severity")
                .tag("severity", severity).register(registry);
    }
}
