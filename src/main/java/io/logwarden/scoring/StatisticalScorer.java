package io.logwarden.scoring;

import io.logwarden.parse.LogEvent;
import io.logwarden.parse.WarmUpSource;
import io.logwarden.window.Window;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Next-key model from transition counts, learned online: it judges the newest line of each window by
 * how often its template followed the previous one so far. It needs no training, so it is the scorer
 * of a fresh install and the fallback whenever the learned model cannot answer.
 *
 * <p>Score mapping (documented in the README):
 * <ul>
 *   <li>template never seen: 9.5 (CRITICAL);</li>
 *   <li>transition never seen after its predecessor: 8.0 rising towards 9.0 the more often the
 *       predecessor was followed by something else (HIGH, an alert with the default threshold);</li>
 *   <li>seen transition with probability p: 2.5 * -log10(p), capped at 6.9 (LOW for p above 2.5%,
 *       MEDIUM below), so a rare but known order is reported and never alerts on its own.</li>
 * </ul>
 * Alerts are suppressed until {@code warmupWindows} windows were learned: everything is new at first.
 * While the learned model answers, this scorer keeps learning the windows it scored ({@link #learn(List)}).
 */
@Component
public class StatisticalScorer implements WindowScorer {

    static final double UNSEEN_TEMPLATE_SCORE = 9.5;
    static final double UNSEEN_TRANSITION_SCORE = 8.0;
    static final double KNOWN_TRANSITION_CAP = 6.9;
    private static final int EXPECTED_SHOWN = 3;

    private final ScoringProperties scale;
    private final Map<Integer, Map<Integer, Long>> transitions = new HashMap<>();
    private final Map<Integer, Long> outgoing = new HashMap<>();
    private final Map<Integer, String> templates = new HashMap<>();
    private long learnedWindows;

    public StatisticalScorer(ScoringProperties scale) {
        this.scale = scale;
    }

    @Override
    public String name() {
        return "statistical";
    }

    @Override
    public synchronized List<Score> score(List<Window> windows) {
        List<Score> scores = new ArrayList<>(windows.size());
        for (Window window : windows) {
            scores.add(scoreOne(window));
            learn(window);
        }
        return scores;
    }

    /**
     * Learns windows another scorer judged. The scoring route feeds it every batch the model scored,
     * so that a fallback in the middle of a stream answers warm instead of staying silent for its
     * warm-up.
     */
    public synchronized void learn(List<Window> windows) {
        windows.forEach(this::learn);
    }

    public synchronized long learnedWindows() {
        return learnedWindows;
    }

    private Score scoreOne(Window window) {
        LogEvent newest = window.newest();
        int next = newest.templateId();
        boolean warm = learnedWindows >= scale.warmupWindows();
        double score;
        String reason;
        List<Prediction> expected = List.of();
        boolean unseenTemplate = !templates.containsKey(next);
        if (unseenTemplate) {
            score = UNSEEN_TEMPLATE_SCORE;
            reason = "template " + next + " was never seen before";
        } else if (window.events().size() < 2) {
            score = 0;
            reason = "single-line window: known template";
        } else {
            int previous = window.events().get(window.events().size() - 2).templateId();
            long total = outgoing.getOrDefault(previous, 0L);
            long count = transitions.getOrDefault(previous, Map.of()).getOrDefault(next, 0L);
            expected = mostLikelyAfter(previous, total);
            if (total == 0) {
                score = UNSEEN_TRANSITION_SCORE;
                reason = "template " + previous + " was never followed by anything before";
            } else if (count == 0) {
                score = UNSEEN_TRANSITION_SCORE + Math.min(1.0, Math.log10(total) / 3.0);
                reason = "template " + next + " never followed template " + previous + " in " + total + " times";
            } else {
                double probability = (double) count / total;
                score = Math.min(KNOWN_TRANSITION_CAP, 2.5 * -Math.log10(probability));
                reason = String.format("template %d followed template %d in %.1f%% of %d times",
                        next, previous, 100 * probability, total);
            }
        }
        score = Math.round(score * 100) / 100.0;
        if (!warm) {
            reason = reason + " (warming up: " + learnedWindows + "/" + scale.warmupWindows() + " windows learned, no alert)";
        }
        return new Score(score, scale.severityOf(score), warm && scale.isAlert(score), window.sequence(), Instant.now(),
                window.source(), window.key(), window.firstLine(), window.lastLine(), window.templates(),
                window.lines(), name(), unseenTemplate, expected, reason);
    }

    private List<Prediction> mostLikelyAfter(int previous, long total) {
        if (total == 0) {
            return List.of();
        }
        return transitions.get(previous).entrySet().stream()
                .sorted(Map.Entry.<Integer, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(EXPECTED_SHOWN)
                .map(e -> new Prediction(e.getKey(), templates.get(e.getKey()), (double) e.getValue() / total))
                .toList();
    }

    private void learn(Window window) {
        if (WarmUpSource.is(window.source())) {
            return; // the start-up warm-up's lines are not the service's traffic
        }
        List<LogEvent> events = window.events();
        events.forEach(e -> templates.put(e.templateId(), e.template()));
        if (events.size() >= 2) {
            int previous = events.get(events.size() - 2).templateId();
            int next = window.newest().templateId();
            transitions.computeIfAbsent(previous, k -> new HashMap<>()).merge(next, 1L, Long::sum);
            outgoing.merge(previous, 1L, Long::sum);
        }
        learnedWindows++;
    }
}
