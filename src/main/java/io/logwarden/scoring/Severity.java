package io.logwarden.scoring;

/** Severity bands of the 0-10 anomaly score; the band limits are settings (logwarden.scoring.*). */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL
}
