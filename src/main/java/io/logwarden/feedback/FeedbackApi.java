package io.logwarden.feedback;

import io.logwarden.alert.Alert;
import io.logwarden.alert.AlertService;
import io.logwarden.incident.Actors;
import io.logwarden.incident.IncidentService;
import io.logwarden.web.ApiException;
import io.logwarden.web.JsonRequests;
import io.logwarden.web.QueryParams;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import java.util.Map;

/** POST /api/v1/alerts/{id}/feedback, POST /api/v1/incidents/{id}/feedback, the learned-normal set per model. */
@Component
public class FeedbackApi {

    private final FeedbackService feedback;
    private final AlertService alerts;
    private final IncidentService incidents;
    private final LearnedNormal learnedNormal;
    private final JsonRequests json;

    public FeedbackApi(FeedbackService feedback, AlertService alerts, IncidentService incidents, LearnedNormal learnedNormal,
                       JsonRequests json) {
        this.feedback = feedback;
        this.alerts = alerts;
        this.incidents = incidents;
        this.learnedNormal = learnedNormal;
        this.json = json;
    }

    /** {"verdict": "normal" | "anomaly", "comment"?} */
    public record FeedbackRequest(String verdict, String comment) {
    }

    public Map<String, Object> onAlert(@Header("id") String id, @Body String body, Exchange exchange) {
        long alertId = QueryParams.id("alert", id);
        FeedbackRequest request = read(body);
        Alert alert = alerts.find(alertId).orElseThrow(() -> new ApiException(404, "alert_not_found", "no alert with id " + alertId));
        return feedback.onAlert(alert, request.verdict(), request.comment(), Actors.of(exchange));
    }

    public Map<String, Object> onIncident(@Header("id") String id, @Body String body, Exchange exchange) {
        long incidentId = QueryParams.id("incident", id);
        FeedbackRequest request = read(body);
        incidents.find(incidentId).orElseThrow(() -> new ApiException(404, "incident_not_found", "no incident with id " + incidentId));
        return feedback.onIncident(incidentId, request.verdict(), request.comment(), Actors.of(exchange));
    }

    public LearnedNormalFile list(@Header("name") String model) {
        return learnedNormal.list(model(model));
    }

    public LearnedNormalFile remove(@Header("name") String model, @Header("entry") String entry, Exchange exchange) {
        LearnedNormalFile after = feedback.forget(model(model), entry, Actors.of(exchange));
        if (after == null) {
            throw new ApiException(404, "pattern_not_found", "model " + model + " has no learned-normal entry " + entry);
        }
        return after;
    }

    private FeedbackRequest read(String body) {
        FeedbackRequest request = json.read(body, FeedbackRequest.class, null);
        if (!FeedbackService.NORMAL.equals(request.verdict()) && !FeedbackService.ANOMALY.equals(request.verdict())) {
            throw new ApiException(400, "invalid_verdict", "\"verdict\" must be \"normal\" or \"anomaly\", got " + request.verdict());
        }
        if (request.comment() != null && request.comment().length() > 4000) {
            throw new ApiException(400, "invalid_comment", "a comment may have at most 4000 characters");
        }
        return request;
    }

    private static String model(String model) {
        try {
            return LearnedNormal.checkName(model);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid_model", e.getMessage());
        }
    }
}
