package io.logwarden.incident;

import io.logwarden.alert.Alert;
import io.logwarden.alert.Columns;
import io.logwarden.scoring.Score;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;

/**
 * The step of routes/incidents.yaml that decides which incident a stored alert belongs to.
 */
@Component("incidentGrouping")
public class IncidentGrouping {

    private final IncidentRepository incidents;
    private final IncidentAuditRepository audit;
    private final IncidentProperties settings;

    public IncidentGrouping(IncidentRepository incidents, IncidentAuditRepository audit, IncidentProperties settings) {
        this.incidents = incidents;
        this.audit = audit;
        this.settings = settings;
    }

    /**
     * One transaction: the unresolved incident of the alert's group whose last alert is within the gap is
     * read with a row lock (an acknowledgement through the API cannot be lost between read and write),
     * updated, or a new one created; the alert then points to it, and an opening is audited.
     */
    @Transactional
    public IncidentEvent group(Alert alert, Score score) {
        String key = groupKey(alert, score);
        List<Incident> joinable = incidents.joinable(key, alert.getCreatedAt().minus(settings.gap()), PageRequest.of(0, 1));
        Incident incident;
        String change;
        if (joinable.isEmpty()) {
            incident = incidents.save(Incident.open(key, alert, settings.maxSamples(), settings.maxTemplates()));
            change = IncidentEvent.OPENED;
            audit.save(new IncidentAudit(incident.getId(), alert.getCreatedAt(), "open", Actors.SYSTEM, null,
                    IncidentState.OPEN, "first alert " + alert.getId()));
        } else {
            incident = joinable.get(0);
            change = incident.add(alert, settings.maxSamples(), settings.maxTemplates()) ? IncidentEvent.ESCALATED : IncidentEvent.UPDATED;
        }
        incidents.linkAlert(alert.getId(), incident.getId());
        alert.assignIncident(incident.getId());
        return new IncidentEvent(change, IncidentView.of(incident), Actors.SYSTEM);
    }

    String groupKey(Alert alert, Score score) {
        String key = "key".equals(settings.groupBy()) && score != null && score.key() != null ? score.key() : alert.getSource();
        if (settings.sameTemplate()) {
            String template = Incident.breakingTemplate(alert);
            key = key + "\n" + (template == null ? "" : template);
        }
        return Columns.fit(key, Columns.TEXT);
    }
}
