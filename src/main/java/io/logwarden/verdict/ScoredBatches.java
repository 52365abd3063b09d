package io.logwarden.verdict;

import io.logwarden.feedback.LearnedNormal;
import io.logwarden.incident.NewPatterns;
import io.logwarden.live.ScoreMessages;
import io.logwarden.live.StreamingStats;
import io.logwarden.live.WebSocketMessages;
import io.logwarden.parse.WarmUpSource;
import io.logwarden.scoring.Score;
import io.logwarden.tail.LineAcks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * The stages routes/alerts.yaml runs on a whole scored batch, one exchange per batch: a profile of the routes
 * that took one exchange per window found the routing thread spending most of its time copying exchanges
 * (multicast, splitter, {@code method:} predicates), not judging. Only the windows that raise an alert leave the
 * batch, one exchange each, to be stored through JPA.
 *
 * <p>Each window is handled as a window was on its own exchange: a step that fails for one window counts and logs
 * that window's error (as routes/errors.yaml does, under the stage's former route id) and the batch's other windows
 * go on; the filters see the windows in their order, so their state (a new pattern reported once, its burst
 * context) evolves as before. A window is finished (counted as scored, or not if it failed, and its line
 * acknowledged) only after its alert, if any, is stored and its messages are queued, and the windows of a batch
 * are finished in their order, so a line's acknowledgement and its alert's idempotency key are found as before.
 */
@Component
public class ScoredBatches {

    static final String SCORE_TO_WEBSOCKET = "score-to-websocket";
    static final String ALERT_FILTER = "alert-filter";
    private static final Logger alerts = LoggerFactory.getLogger("io.logwarden.alerts");
    private static final Logger pipeline = LoggerFactory.getLogger("io.logwarden.pipeline");

    private final WebSocketMessages messages;
    private final LearnedNormal learnedNormal;
    private final NewPatterns newPatterns;
    private final StreamingStats stats;
    private final LineAcks lineAcks;
    private final ScoreMessages sampling;

    public ScoredBatches(WebSocketMessages messages, LearnedNormal learnedNormal, NewPatterns newPatterns, StreamingStats stats,
                         LineAcks lineAcks, ScoreMessages sampling) {
        this.messages = messages;
        this.learnedNormal = learnedNormal;
        this.newPatterns = newPatterns;
        this.stats = stats;
        this.lineAcks = lineAcks;
        this.sampling = sampling;
    }

    /** A scored batch (a list of scores) or one score sent on its own (a session's verdict, tests). */
    @SuppressWarnings("unchecked")
    public ScoredBatch of(Object body) {
        if (body instanceof Score score) {
            return new ScoredBatch(List.of(score));
        }
        if (body instanceof List<?> list && list.stream().allMatch(Score.class::isInstance)) {
            return new ScoredBatch((List<Score>) list);
        }
        throw new IllegalArgumentException("not a score or a list of scores: " + (body == null ? null : body.getClass().getName()));
    }

    /**
     * The batch's {@code score} messages, one frame each, in the batch's order, to be queued in one exchange; above
     * {@code logwarden.websocket.score-rate} only alerting windows, the batch's last and what the rate allows
     * ({@link ScoreMessages}).
     */
    public List<String> toWebSocket(ScoredBatch batch) {
        List<String> frames = new ArrayList<>(batch.size());
        int last = batch.size() - 1;
        for (int i = 0; i < batch.size(); i++) {
            try {
                Score score = batch.score(i);
                if (sampling.send(score.alert() || i == last)) {
                    frames.add(messages.score(score));
                }
            } catch (RuntimeException e) {
                failed(batch, i, SCORE_TO_WEBSOCKET, e);
            }
        }
        // the start-up warm-up's messages are built (that code is warmed too) but nobody receives them
        return isWarmUp(batch) ? List.of() : frames;
    }

    /**
     * The windows whose alert is to be stored: alerting windows, less those whose judged transition an operator marked
     * normal (feedback) and those that only repeat a new pattern already reported; a new pattern is graded by its
     * context. A window whose score message failed is still judged here: its alert is not lost with its message.
     */
    public List<ScoredBatch.Alerting> filter(ScoredBatch batch) {
        List<ScoredBatch.Alerting> alerting = new ArrayList<>();
        if (isWarmUp(batch)) {
            return alerting; // no alert, incident or notification comes from the start-up warm-up's lines
        }
        for (int i = 0; i < batch.size(); i++) {
            Score score = batch.score(i);
            if (!score.alert()) {
                continue;
            }
            try {
                if (learnedNormal.matches(score)) {
                    alerts.debug("No alert for {} line {}: its transition is in the learned-normal set", score.source(), score.lastLine());
                } else if (newPatterns.alreadyReported(score)) {
                    alerts.debug("No alert for {} line {}: new pattern already reported", score.source(), score.lastLine());
                } else {
                    alerting.add(new ScoredBatch.Alerting(batch, i, score, newPatterns.grade(score)));
                    batch.awaitsStore(i);
                }
            } catch (RuntimeException e) {
                failed(batch, i, ALERT_FILTER, e);
            }
        }
        return alerting;
    }

    /**
     * The start-up warm-up's windows reach scoring as batches of their own (each chunk's windows, routes/chunks.yaml),
     * never through the aggregator that mixes sources, so its first window tells the whole batch.
     */
    private static boolean isWarmUp(ScoredBatch batch) {
        return batch.size() > 0 && WarmUpSource.is(batch.score(0).source());
    }

    /** Before an alert is stored: the windows of its batch before it are finished, in their order. */
    public void finishBefore(ScoredBatch.Alerting alerting) {
        finish(alerting.batch(), alerting.index());
    }

    /** The alert was stored (or found already stored) and announced; not called when storing it failed. */
    public void stored(ScoredBatch.Alerting alerting) {
        alerting.batch().stored(alerting.index());
    }

    /** After the alert's store, failed or not: its window is finished. */
    public void finishAlerting(ScoredBatch.Alerting alerting) {
        finish(alerting.batch(), alerting.index() + 1);
    }

    /** The batch's last stage: every window not finished yet is counted and acknowledged. */
    public void count(ScoredBatch batch) {
        finish(batch, batch.size());
    }

    /**
     * A stage failed for the whole batch (not for one window): each window not finished yet is counted as an error of
     * {@code stage} and acknowledged, as each would have been on an exchange of its own.
     */
    public void batchFailed(ScoredBatch batch, Exception exception, String stage) {
        int from = batch.finished();
        for (int i = from; i < batch.size(); i++) {
            if (!batch.hasFailed(i)) {
                batch.failed(i);
                stats.error(batch.score(i).source(), stage, exception == null ? null : exception.getMessage());
            }
        }
        if (from < batch.size()) {
            Score first = batch.score(from);
            pipeline.warn("Dropped {} window(s) from {} line {} on in route {}: {}", batch.size() - from, first.source(),
                    first.lastLine(), stage, exception == null ? "" : exception.getClass().getSimpleName() + ": " + exception.getMessage());
        }
        finish(batch, batch.size());
    }

    private void failed(ScoredBatch batch, int index, String stage, RuntimeException e) {
        Score score = batch.score(index);
        batch.failed(index);
        stats.error(score.source(), stage, e.getMessage());
        pipeline.warn("Dropped a message of {} line {} in route {}: {}: {}", score.source(), score.lastLine(), stage,
                e.getClass().getSimpleName(), e.getMessage());
    }

    /**
     * Windows up to {@code end} (exclusive) are finished in their order: counted as scored unless a step failed for
     * them (already counted as an error) or their alert was not stored (the store's error counted it), then their
     * line is acknowledged. Each window once: the mark moves before the calls, so a failing call is not repeated.
     */
    private void finish(ScoredBatch batch, int end) {
        for (int i = batch.finished(); i < end; i = batch.finished()) {
            batch.finishedUpTo(i + 1);
            Score score = batch.score(i);
            try {
                if (!batch.hasFailed(i) && (!batch.awaitedStore(i) || batch.wasStored(i))) {
                    stats.windowScored(score);
                }
            } finally {
                lineAcks.scored(score);
            }
        }
    }
}
