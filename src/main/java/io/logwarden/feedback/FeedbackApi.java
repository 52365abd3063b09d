package io.logwarden.feedback;

import com.fasterxml.jackson.annotation.JsonProperty;
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
import org.springframework.data.domain.Page;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * POST /api/v1/alerts/{id}/feedback, POST /api/v1/incidents/{id}/feedback, POST /api/v1/feedback (a window that
 * raised no alert), GET /api/v1/feedback, the learned-normal set per model.
 */
@Component
public class FeedbackApi {

    static final int MAX_SEQUENCE = 1000;
    static final int MAX_PAGE_SIZE = 500;

    private final FeedbackService feedback;
    private final AlertService alerts;
    private final IncidentService incidents;
    private final LearnedNormal learnedNormal;

    public FeedbackApi(FeedbackService feedback, AlertService alerts, IncidentService incidents, LearnedNormal learnedNormal) {
        this.feedback = feedback;
        this.alerts = alerts;
        this.incidents = incidents;
        this.learnedNormal = learnedNormal;
    }

    /** {"verdict": "normal" | "anomaly", "comment"?} */
    public record FeedbackRequest(String verdict, String comment) {
    }

    public Map<String, Object> onAlert(@Header("id") String id, @Body FeedbackRequest body, Exchange exchange) {
        long alertId = QueryParams.id("alert", id);
        FeedbackRequest request = checked(body);
        Alert alert = alerts.find(alertId).orElseThrow(() -> new ApiException(404, "alert_not_found", "no alert with id " + alertId));
        return feedback.onAlert(alert, request.verdict(), request.comment(), Actors.of(exchange));
    }

    /** A window the detector let through that the operator judges anomalous (POST /api/v1/feedback). */
    public record WindowFeedback(String verdict, String source, @JsonProperty("first_line") Long firstLine,
                                 @JsonProperty("last_line") Long lastLine, List<Integer> sequence, String comment) {
    }

    public Map<String, Object> onWindow(@Body WindowFeedback body, Exchange exchange) {
        WindowFeedback request = JsonRequests.required(body);
        if (FeedbackService.NORMAL.equals(request.verdict())) {
            throw new ApiException(400, "verdict_not_applicable", "a window that raised no alert is already judged normal; "
                    + "\"normal\" applies to an alert or an incident (POST /api/v1/alerts/{id}/feedback)");
        }
        if (!FeedbackService.ANOMALY.equals(request.verdict())) {
            throw new ApiException(400, "invalid_verdict", "\"verdict\" must be \"anomaly\" for a window, got "
                    + ApiException.shorten(String.valueOf(request.verdict())));
        }
        if (request.source() == null || request.source().isBlank() || request.source().length() > 4096) {
            throw new ApiException(400, "invalid_source", "\"source\" must name the window's source (at most 4096 characters)");
        }
        if (request.firstLine() == null || request.lastLine() == null || request.firstLine() < 1 || request.lastLine() < request.firstLine()) {
            throw new ApiException(400, "invalid_lines", "\"first_line\" and \"last_line\" must be line numbers (from 1), "
                    + "first_line <= last_line, as in the score message's firstLine and lastLine");
        }
        List<Integer> sequence = request.sequence();
        if (sequence == null || sequence.isEmpty() || sequence.size() > MAX_SEQUENCE || sequence.stream().anyMatch(id -> id == null || id < 0)) {
            throw new ApiException(400, "invalid_sequence", "\"sequence\" must list the window's template ids (1 to "
                    + MAX_SEQUENCE + " non-negative integers), as in the score message");
        }
        QueryParams.comment(request.comment());
        return feedback.onWindow(request.source(), request.firstLine(), request.lastLine(), sequence, request.comment(),
                Actors.of(exchange));
    }

    /** A page of verdicts, newest first, and the totals of the filter. */
    public record FeedbackPage(List<Feedback> feedback, int page, int size, long total,
                               @JsonProperty("total_pages") int totalPages) {
    }

    /** GET /api/v1/feedback: every verdict, newest first; {@code verdict} filters. */
    public FeedbackPage listFeedback(@Header("verdict") String verdict, @Header("page") String page, @Header("size") String size) {
        String wanted = QueryParams.blankToNull(verdict);
        if (wanted != null && !List.of(FeedbackService.NORMAL, FeedbackService.ANOMALY, "forget").contains(wanted)) {
            throw new ApiException(400, "invalid_verdict", "\"verdict\" must be normal, anomaly or forget, got \""
                    + ApiException.shorten(wanted) + "\"");
        }
        QueryParams.Paging paging = QueryParams.paging(page, size, MAX_PAGE_SIZE);
        Page<Feedback> result = feedback.find(wanted, paging.page(), paging.size());
        return new FeedbackPage(result.getContent(), paging.page(), paging.size(), result.getTotalElements(), result.getTotalPages());
    }

    public Map<String, Object> onIncident(@Header("id") String id, @Body FeedbackRequest body, Exchange exchange) {
        long incidentId = QueryParams.id("incident", id);
        FeedbackRequest request = checked(body);
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

    private static FeedbackRequest checked(FeedbackRequest body) {
        FeedbackRequest request = JsonRequests.required(body);
        if (!FeedbackService.NORMAL.equals(request.verdict()) && !FeedbackService.ANOMALY.equals(request.verdict())) {
            throw new ApiException(400, "invalid_verdict", "\"verdict\" must be \"normal\" or \"anomaly\", got " + request.verdict());
        }
        QueryParams.comment(request.comment());
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
