package io.logwarden.scoring;

/**
 * What the status endpoint and health say about scoring.
 *
 * @param scorer the scorer answering now
 * @param state  UP, or DEGRADED when the learned model is missing or failing and the fallback answers
 * @param reason why DEGRADED; null when UP
 * @param errors failures of the learned model so far
 * @param model  the active model's name, null when none is active
 */
public record ScorerStatus(String scorer, String state, String reason, long errors, String model) {
}
