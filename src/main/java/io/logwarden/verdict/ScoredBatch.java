package io.logwarden.verdict;

import io.logwarden.scoring.Score;

import java.util.List;

/**
 * One scored batch on its way through routes/alerts.yaml, with what happened to each of its windows: the
 * windows are finished (counted and acknowledged) in their order, each once, however the batch's steps went.
 */
public final class ScoredBatch {

    private final List<Score> scores;
    /** A step failed for the window and counted it as an error: it is not counted as scored. */
    private final boolean[] failed;
    /** The window's alert is to be stored. */
    private final boolean[] awaitsStore;
    /** The window's alert was stored (or found stored) and announced. */
    private final boolean[] stored;
    /** Windows before this index are finished. */
    private int finished;

    ScoredBatch(List<Score> scores) {
        this.scores = scores;
        this.failed = new boolean[scores.size()];
        this.awaitsStore = new boolean[scores.size()];
        this.stored = new boolean[scores.size()];
    }

    public List<Score> scores() {
        return scores;
    }

    public int size() {
        return scores.size();
    }

    Score score(int index) {
        return scores.get(index);
    }

    void failed(int index) {
        failed[index] = true;
    }

    boolean hasFailed(int index) {
        return failed[index];
    }

    void awaitsStore(int index) {
        awaitsStore[index] = true;
    }

    boolean awaitedStore(int index) {
        return awaitsStore[index];
    }

    void stored(int index) {
        stored[index] = true;
    }

    boolean wasStored(int index) {
        return stored[index];
    }

    int finished() {
        return finished;
    }

    void finishedUpTo(int end) {
        finished = Math.max(finished, end);
    }

    /**
     * A window whose score raises an alert, to be stored on its own exchange.
     *
     * @param score the window's score as the scorer gave it (the idempotency key and the incident are found by it)
     * @param alert what is stored: the score graded by its context (a new pattern's severity)
     */
    public record Alerting(ScoredBatch batch, int index, Score score, Score alert) {
    }
}
