package io.logwarden.notify;

import io.logwarden.incident.IncidentView;

import java.time.Instant;
import java.util.List;

/**
 * One message for one channel about one incident.
 *
 * @param kind    opened, escalated or digest (the updates since the last message)
 * @param events  for a digest: what happened since the last message, oldest first
 * @param delivery the delivery id: the same on every retry and on a resend after a restart
 * @param outboxId its entry in the outbox, deleted once it is sent or dead-lettered
 */
public record Notification(NotifyProperties.Channel channel, String kind, IncidentView incident, List<String> events,
                           Instant at, String delivery, Long outboxId) {

    static Notification of(NotifyProperties.Channel channel, IncidentView incident, List<String> events, Instant at,
                           OutboxEntry stored) {
        return new Notification(channel, stored.getKind(), incident, events, at, stored.getDeliveryId(), stored.getId());
    }

    public String title() {
        String what = switch (kind) {
            case "opened" -> "opened";
            case "escalated" -> "escalated to " + incident.severity();
            default -> "update (" + events.size() + " changes)";
        };
        return "[Logwarden] " + incident.severity() + " incident " + incident.id() + " " + what + ": " + incident.source();
    }

    public String text() {
        StringBuilder text = new StringBuilder(title()).append('\n')
                .append("state: ").append(incident.state()).append(", alerts: ").append(incident.alertCount())
                .append(", highest score: ").append(incident.highestScore()).append('\n')
                .append("first seen: ").append(incident.firstSeen()).append(", last seen: ").append(incident.lastSeen()).append('\n');
        if (!events.isEmpty()) {
            text.append("since the last message: ").append(String.join(", ", events)).append('\n');
        }
        if (!incident.templates().isEmpty()) {
            text.append("templates that broke:\n");
            incident.templates().stream().limit(10).forEach(t -> text.append("  ").append(t).append('\n'));
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return "Notification[" + kind + " of incident " + incident.id() + " to " + channel.name() + "]";
    }
}
