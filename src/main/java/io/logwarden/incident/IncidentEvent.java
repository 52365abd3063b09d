package io.logwarden.incident;

import java.util.Locale;

/**
 * What happened to an incident, for the WebSocket {@code incident} message and the notification routes.
 *
 * @param event    opened, updated, escalated, acknowledged, snoozed, resolved or reopened
 * @param incident the incident after the change
 * @param actor    who caused it ("logwarden" for grouping and the quiet-period resolver)
 */
public record IncidentEvent(String event, IncidentView incident, String actor) {

    public static final String OPENED = "opened";
    public static final String UPDATED = "updated";
    public static final String ESCALATED = "escalated";

    static IncidentEvent of(IncidentState state, Incident incident, String actor) {
        String event = switch (state) {
            case OPEN -> "reopened";
            case ACKNOWLEDGED -> "acknowledged";
            case SNOOZED -> "snoozed";
            case RESOLVED -> "resolved";
        };
        return new IncidentEvent(event, IncidentView.of(incident), actor);
    }

    public String describe() {
        return "incident " + incident.id() + " " + event + " (" + incident.severity().name().toLowerCase(Locale.ROOT) + ", "
                + incident.alertCount() + " alerts, " + incident.source() + ")";
    }
}
