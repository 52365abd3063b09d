package io.logwarden.scoring;

/** One template the scorer expected next, with its probability: part of every score's explanation. */
public record Prediction(int templateId, String template, double probability) {
}
