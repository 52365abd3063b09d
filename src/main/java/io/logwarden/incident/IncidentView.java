package io.logwarden.incident;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.logwarden.parse.KubernetesLogPath;
import io.logwarden.scoring.Severity;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An incident as the API and the WebSocket show it (snake_case, like the WebSocket alert message). The
 * list shows summaries, without sample windows (null, left out of the JSON).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record IncidentView(long id, IncidentState state, String source, String groupKey, Instant snoozedUntil,
                           Instant firstSeen, Instant lastSeen, long alertCount, Severity severity, double highestScore,
                           List<String> templates, List<SampleWindow> sampleWindows, Instant updatedAt,
                           Instant resolvedAt) {

    /** Like an alert's labels: namespace, pod and container of a kubelet container log source, else null. */
    @JsonProperty("labels")
    public Map<String, String> labels() {
        return KubernetesLogPath.labelsOfSource(source);
    }

    public static IncidentView of(Incident incident) {
        return view(incident, List.copyOf(incident.getSampleWindows()));
    }

    public static IncidentView summary(Incident incident) {
        return view(incident, null);
    }

    private static IncidentView view(Incident incident, List<SampleWindow> samples) {
        return new IncidentView(incident.getId(), incident.getState(), incident.getSource(), incident.getGroupKey(),
                incident.getSnoozedUntil(), incident.getFirstSeen(), incident.getLastSeen(), incident.getAlertCount(),
                incident.getSeverity(), incident.getHighestScore(), List.copyOf(incident.getTemplates()),
                samples, incident.getUpdatedAt(), incident.getResolvedAt());
    }
}
