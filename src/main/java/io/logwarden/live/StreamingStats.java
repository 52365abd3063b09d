package io.logwarden.live;

import io.logwarden.alert.Alert;
import io.logwarden.parse.WarmUpSource;
import io.logwarden.scoring.Score;
import io.logwarden.scoring.Severity;
import io.logwarden.window.Window;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the pipeline did, per source and in total: the stats message and the status endpoint read the counters,
 * and the same counters are the meters an operator reads at /actuator/prometheus. Each stage of routes/*.yaml
 * calls it once:
 * <ul>
 * <li>{@code logwarden_lines_read_total{file}}: lines parsed per followed file or upload (routes/parse.yaml calls
 *     {@link #lineProcessed}); the meter is registered with the source's first count and removed by {@link #forget}</li>
 * <li>{@code logwarden_windows_scored_total}: windows the scorer judged (routes/alerts.yaml calls {@link #windowScored})</li>
 * <li>{@code logwarden_unseen_templates_total}: judged lines whose template the scorer never saw (retrain when it climbs)</li>
 * <li>{@code logwarden_alerts_total{severity}}: alerts stored, per severity (routes/alerts.yaml calls {@link #alertStored})</li>
 * <li>{@code logwarden_errors_total{stage}}: dropped messages per failing route id (routes/errors.yaml calls
 *     {@link #error}, or {@link #retriesAbandoned} when Camel stopped while the database was unavailable)</li>
 * <li>{@code logwarden_websocket_clients}: connected WebSocket peers</li>
 * <li>{@code logwarden_websocket_dropped_total}: messages dropped because the broadcast queue was full
 *     (routes/websocket.yaml calls {@link #websocketMessageDropped}) or still queued when Camel stopped
 *     (io.logwarden.tail.TailDrain adds those)</li>
 * </ul>
 * The database write latency ({@code logwarden_alerts_db_write_seconds}) is a camel-micrometer timer in routes/alerts.yaml.
 * The counts live here rather than in Micrometer counters, which a meter filter or a step registry (counts per
 * publishing interval) would turn into something other than the totals the status endpoint shows.
 */
@Component
public class StreamingStats {

    static final String LINES_READ = "logwarden.lines.read";

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Tracked> sources = new ConcurrentHashMap<>();
    private final SourceStats total;
    private final Counter websocketDropped;

    /** A source's counters and its lines-read meter, created and removed together. */
    private record Tracked(SourceStats stats, Meter linesRead) {
    }

    public StreamingStats(MeterRegistry registry, WebSocketClients clients) {
        this.registry = registry;
        this.clock = registry.config().clock();
        this.total = new SourceStats("*", clock);
        FunctionCounter.builder("logwarden.windows.scored", total, SourceStats::sequences)
                .description("Windows of log events the scorer judged").register(registry);
        FunctionCounter.builder("logwarden.unseen.templates", total, SourceStats::unseenTemplates)
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

    /** Called by routes/parse.yaml for every parsed line. */
    public void lineProcessed(String source) {
        SourceStats stats = of(source);
        stats.lines.incrementAndGet();
        stats.throughput.count();
        if (WarmUpSource.is(source)) {
            return; // counted for its own source only, which the warm-up forgets: the service's totals start at 0
        }
        total.lines.incrementAndGet();
        total.throughput.count();
    }

    /**
     * Called by routes/windows.yaml when a window is handed to scoring. It takes the window, not
     * {@code ${body.source}}: Camel looks an OGNL call up by the body object, hashing the whole window's
     * events for every window (6% of the reading thread in a profile).
     */
    public void windowFormed(Window window) {
        of(window.source()).windowsFormed.incrementAndGet();
    }

    /**
     * Called by routes/alerts.yaml when the window's score was broadcast and its alert, if any, stored. A judged
     * line whose template the scorer never saw is counted separately too: many of them mean the model is out of
     * date for this log (retrain it), not that the log is under attack.
     */
    public void windowScored(Score score) {
        SourceStats stats = of(score.source());
        stats.sequences.incrementAndGet();
        if (score.unseenTemplate()) {
            stats.unseenTemplates.incrementAndGet();
        }
        if (!WarmUpSource.is(score.source())) { // the start-up warm-up is counted for its own source only
            total.sequences.incrementAndGet();
            if (score.unseenTemplate()) {
                total.unseenTemplates.incrementAndGet();
            }
        }
        stats.windowSettled();
    }

    /** Called by routes/alerts.yaml after the alert is in the database. */
    public void alertStored(Alert alert) {
        of(alert.getSource()).alerts.incrementAndGet();
        total.alerts.incrementAndGet();
        alertCounter(alert.getSeverity() == null ? "UNKNOWN" : alert.getSeverity().name()).increment();
    }

    /** Called by routes/errors.yaml when a message is dropped: stage is the id of the route where it failed. */
    public void error(String source, String stage, String message) {
        SourceStats stats = of(source == null ? "unknown" : source);
        stats.errors.incrementAndGet();
        stats.lastError = message;
        stats.windowSettled();
        total.errors.incrementAndGet();
        total.lastError = message;
        errorCounter(stage).increment();
    }

    /**
     * Called by routes/errors.yaml when Camel stopped while a step still waited for the database: counted per stage
     * only, as the line is not dropped (it stays unacknowledged and is read again after the restart).
     */
    public void retriesAbandoned(String stage) {
        errorCounter(stage).increment();
    }

    /** Called by routes/websocket.yaml when the broadcast queue is full: a message, or a batch's messages, dropped. */
    public void websocketMessageDropped(Object message) {
        websocketDropped.increment(WebSocketBacklog.frames(message).size());
    }

    public SourceStats of(String source) {
        Tracked tracked = sources.get(source);
        return (tracked != null ? tracked : sources.computeIfAbsent(source, this::track)).stats();
    }

    /** The source's counters when it has any, without starting them (and its meter) for a source not counted. */
    public java.util.Optional<SourceStats> find(String source) {
        return java.util.Optional.ofNullable(sources.get(source)).map(Tracked::stats);
    }

    public SourceStats total() {
        return total;
    }

    /** The totals as the stats message and the status endpoint show them. */
    public Map<String, Object> totals() {
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("processed", total.lines());
        totals.put("alerts", total.alerts());
        totals.put("errors", total.errors());
        totals.put("throughput", total.throughput());
        totals.put("sequences", total.sequences());
        totals.put("unseen_templates", total.unseenTemplates());
        return totals;
    }

    public Collection<SourceStats> sources() {
        return sources.values().stream().map(Tracked::stats).toList();
    }

    /** Drops the source's counters and its lines-read meter; a later line of it starts both from 0. */
    public void forget(String source) {
        // under the map's lock for this source, so a concurrent first line cannot find the old meter still registered
        sources.computeIfPresent(source, (key, tracked) -> {
            registry.remove(tracked.linesRead());
            return null;
        });
    }

    private Tracked track(String source) {
        SourceStats stats = new SourceStats(source, clock);
        Meter linesRead = FunctionCounter.builder(LINES_READ, stats, SourceStats::lines)
                .description("Log lines read and parsed, per file").tag("file", source).register(registry);
        return new Tracked(stats, linesRead);
    }

    private Counter alertCounter(String severity) {
        return Counter.builder("logwarden.alerts").description("Alerts stored, per severity")
                .tag("severity", severity).register(registry);
    }

    private Counter errorCounter(String stage) {
        return Counter.builder("logwarden.errors").description("Messages dropped after a failure, per route (stage)")
                .tag("stage", stage == null || stage.isBlank() ? "unknown" : stage).register(registry);
    }
}
