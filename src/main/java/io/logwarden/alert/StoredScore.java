package io.logwarden.alert;

import io.logwarden.scoring.Severity;

import java.time.Instant;

/** The columns of a stored alert that the score history needs (a projection: no JSON columns are read). */
public record StoredScore(String source, Instant createdAt, double score, Severity severity) {
}
