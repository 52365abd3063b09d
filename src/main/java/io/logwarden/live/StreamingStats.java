package io.logwarden.live;

import io.logwarden.scoring.Score;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counts what the pipeline did, per source and in total; the stats message and status endpoint read it. */
@Component
public class StreamingStats {

    private final Map<String, SourceStats> sources = new ConcurrentHashMap<>();
    private final SourceStats total = new SourceStats("*");

    public void lineProcessed(String source) {
        SourceStats stats = of(source);
        stats.lines.incrementAndGet();
        stats.throughput.count();
        total.lines.incrementAndGet();
        total.throughput.count();
    }

    public void windowFormed(String source) {
        of(source).windowsFormed.incrementAndGet();
    }

    /**
     * Counted when the window's score was broadcast and its alert, if any, stored. A judged line whose
     * template the scorer never saw is counted separately too: many of them mean the model is out of
     * date for this log (retrain it), not that the log is under attack.
     */
    public void windowScored(Score score) {
        SourceStats stats = of(score.source());
        stats.sequences.incrementAndGet();
        total.sequences.incrementAndGet();
        if (score.unseenTemplate()) {
            stats.unseenTemplates.incrementAndGet();
            total.unseenTemplates.incrementAndGet();
        }
        stats.windowSettled();
    }

    public void alertStored(String source) {
        of(source).alerts.incrementAndGet();
        total.alerts.incrementAndGet();
    }

    public void error(String source, String message) {
        SourceStats stats = of(source == null ? "unknown" : source);
        stats.errors.incrementAndGet();
        stats.lastError = message;
        stats.windowSettled();
        total.errors.incrementAndGet();
        total.lastError = message;
    }

    public SourceStats of(String source) {
        return sources.computeIfAbsent(source, SourceStats::new);
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
        return sources.values();
    }

    public void forget(String source) {
        sources.remove(source);
    }

    @Scheduled(fixedRate = 1000)
    public void tick() {
        total.throughput.tick();
        sources.values().forEach(s -> s.throughput.tick());
    }
}
