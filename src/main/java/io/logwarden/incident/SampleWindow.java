package io.logwarden.incident;

import io.logwarden.scoring.Severity;

import java.util.List;

/** One alert's window kept on its incident, so the incident explains itself without loading every alert. */
public record SampleWindow(long alertId, double score, Severity severity, long firstLine, long lastLine,
                           List<String> templates, List<String> lines, String reason) {
}
