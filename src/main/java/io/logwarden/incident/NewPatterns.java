package io.logwarden.incident;

import io.logwarden.model.Score;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * "New pattern" is reported once per template: the first alerting window whose judged line has a
 * template the scorer never saw is stored; later windows judging the same unseen template (a model does
 * not learn online, so every occurrence would alert again) are counted in
 * {@code logwarden_alerts_suppressed_total{reason="new_pattern_repeat"}} and not stored, for as long as
 * an incident stays open without news ({@code logwarden.incidents.resolve-after}): a recurrence after
 * that is reported again, so an attack that comes back days later is not silent. Remembered per scorer
 * and template id while the service runs (bounded); after a restart a template is reported once more.
 */
@Component("newPatterns")
public class NewPatterns {

    static final int MAX_REMEMBERED = 100_000;
    private final Map<String, Instant> reported = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };
    private final Counter repeats;
    private final Duration memory;

    public NewPatterns(MeterRegistry registry, IncidentProperties incidents) {
        this.memory = incidents.resolveAfter();
        repeats = Counter.builder("logwarden.alerts.suppressed").tag("reason", "new_pattern_repeat")
                .description("Alerting windows not stored because their never-seen template was already reported once")
                .register(registry);
    }

    /** True when this alert only repeats a new pattern already reported. */
    public synchronized boolean alreadyReported(Score score) {
        if (!score.alert() || !score.unseenTemplate() || score.sequence() == null || score.sequence().isEmpty()) {
            return false;
        }
        String key = score.scorer() + "/" + score.sequence().get(score.sequence().size() - 1);
        Instant at = score.timestamp() == null ? Instant.now() : score.timestamp();
        Instant last = reported.get(key);
        if (last == null || !at.isBefore(last.plus(memory))) {
            reported.put(key, at);
            return false;
        }
        repeats.increment();
        return true;
    }
}
