package io.logwarden.model;

import java.time.Instant;
import java.util.Map;

/** metadata.json of a model directory: what it was trained on and how well it did. */
public record ModelMetadata(String name, Instant trainedAt, long lines, int templates, long windows, int epochs,
                            double finalLoss, double validationTopGAccuracy, double trainingSeconds, long seed,
                            String input, Map<String, String> libraries) {
}
