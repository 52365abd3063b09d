package io.logwarden.incident;

import io.logwarden.scoring.Score;
import io.logwarden.scoring.ScoringProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * "New pattern" is reported once per template: the first alerting window whose judged line has a
 * template the scorer never saw is stored; later windows judging the same unseen template (a model does
 * not learn online, so every occurrence would alert again) are counted in
 * {@code logwarden_alerts_suppressed_total{reason="new_pattern_repeat"}} and not stored, for as long as
 * an incident stays open without news ({@code logwarden.incidents.resolve-after}): a recurrence after
 * that is reported again, so an attack that comes back days later is not silent. Remembered per scorer
 * and template id while the service runs (bounded); after a restart a template is reported once more.
 *
 * <p>The severity of a reported new pattern comes from its context, not a fixed CRITICAL ({@link #grade}): a
 * never-seen template has no probability to calibrate, so what tells a benign new message from an attack is
 * what surrounds it. It starts half a point above the HIGH band (7.5 by default: an alert, HIGH) and rises by
 * half a point for each other never-seen template already in the window's history (the window is mostly
 * unknown) and for each other new pattern reported from the same source within the incident gap (a burst of
 * new messages), up to 9.5. One new message among known ones is HIGH; a burst of four or more is CRITICAL.
 */
@Component("newPatterns")
public class NewPatterns {

    static final int MAX_REMEMBERED = 100_000;
    static final double STEP = 0.5;
    static final double CEILING = 9.5;
    /** Sources whose recent new-pattern reports are remembered for the burst context. */
    static final int MAX_SOURCES = 10_000;
    private final Map<String, Instant> reported = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };
    private final Map<String, Deque<Instant>> recentBySource = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > MAX_SOURCES;
        }
    };
    private final Counter repeats;
    private final Duration memory;
    private final Duration burst;
    private final ScoringProperties scale;

    public NewPatterns(MeterRegistry registry, IncidentProperties incidents, ScoringProperties scale) {
        this.memory = incidents.resolveAfter();
        this.burst = incidents.gap();
        this.scale = scale;
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

    /**
     * The severity of a new pattern being reported, from its context (see the class comment). Other scores pass
     * unchanged. Called once per stored alert, after {@link #alreadyReported} let it through.
     */
    public synchronized Score grade(Score score) {
        if (!score.alert() || !score.unseenTemplate() || score.sequence() == null || score.sequence().isEmpty()) {
            return score;
        }
        Instant at = score.timestamp() == null ? Instant.now() : score.timestamp();
        int last = score.sequence().size() - 1;
        long unknownInWindow = score.sequence().subList(0, last).stream().distinct()
                .filter(id -> !id.equals(score.sequence().get(last)) && reported.containsKey(score.scorer() + "/" + id)).count();
        Deque<Instant> recent = recentBySource.computeIfAbsent(score.source() == null ? "" : score.source(), s -> new ArrayDeque<>());
        while (!recent.isEmpty() && recent.peekFirst().isBefore(at.minus(burst))) {
            recent.pollFirst();
        }
        int burstSize = recent.size();
        recent.addLast(at);
        if (recent.size() > 1_000) {
            recent.pollFirst();
        }
        double graded = Math.min(CEILING, scale.high() + STEP + STEP * (unknownInWindow + burstSize));
        graded = Math.max(graded, scale.alert()); // a new pattern always alerts
        String reason = score.reason() + String.format(Locale.ROOT, "; new pattern graded %.1f: %d other never-seen template(s) "
                + "in the window, %d other new pattern(s) from this source in the last %s", graded, unknownInWindow, burstSize,
                burst.toString().substring(2).toLowerCase(Locale.ROOT));
        return new Score(graded, scale.severityOf(graded), true, score.sequence(), score.timestamp(), score.source(),
                score.key(), score.firstLine(), score.lastLine(), score.templates(), score.sampleLines(), score.scorer(), true,
                score.expected(), reason);
    }
}
