package io.logwarden.incident;

import io.logwarden.model.Score;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * "New pattern" is reported once per template: the first alerting window whose judged line has a
 * template the scorer never saw is stored; later windows judging the same unseen template (a model does
 * not learn online, so every occurrence would alert again) are counted in
 * {@code logwarden_alerts_suppressed_total{reason="new_pattern_repeat"}} and not stored. Remembered per
 * scorer and template id while the service runs (bounded); after a restart a template is reported once more.
 */
@Component("newPatterns")
public class NewPatterns {

    static final int MAX_REMEMBERED = 100_000;
    private final Map<String, Boolean> reported = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };
    private final Counter repeats;

    public NewPatterns(MeterRegistry registry) {
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
        if (reported.putIfAbsent(key, Boolean.TRUE) == null) {
            return false;
        }
        repeats.increment();
        return true;
    }
}
