package io.logwarden.incident;

/** Where an incident stands; only OPEN, ACKNOWLEDGED and SNOOZED incidents take new alerts. */
public enum IncidentState {
    OPEN, ACKNOWLEDGED, SNOOZED, RESOLVED
}
