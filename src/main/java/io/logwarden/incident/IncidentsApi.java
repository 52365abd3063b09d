package io.logwarden.incident;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.logwarden.alert.Alert;
import io.logwarden.alert.AlertService;
import io.logwarden.scoring.Severity;
import io.logwarden.web.ApiException;
import io.logwarden.web.JsonRequests;
import org.apache.camel.Body;
import io.logwarden.web.QueryParams;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.data.domain.Page;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The /api/v1/incidents operations and the alert context, called by routes/incidents-api.yaml. */
@Component
public class IncidentsApi {

    static final int MAX_PAGE_SIZE = 500;
    static final int MAX_BULK = 1000;
    private static final Duration MAX_SNOOZE = Duration.ofDays(30);

    private final IncidentService incidents;
    private final AlertService alerts;
    private final AlertContext context;

    public IncidentsApi(IncidentService incidents, AlertService alerts, AlertContext context) {
        this.incidents = incidents;
        this.alerts = alerts;
        this.context = context;
    }

    /** What a state change answers (reply) and announces (events). */
    public record Outcome(List<IncidentEvent> events, Object reply) {
    }

    /** Body of ack, resolve, snooze, reopen; {@code ids} only in the bulk forms. */
    public record ActionRequest(List<Long> ids, String comment, String until, @JsonProperty("for") String duration) {
    }

    /**
     * A page of incident summaries and the totals of the filter (after the cursor, when one was given);
     * {@code next_cursor} reads on from the page's last incident, null on the last page.
     */
    public record IncidentPage(List<IncidentView> incidents, int page, int size, long total,
                               @JsonProperty("total_pages") int totalPages,
                               @JsonProperty("next_cursor") @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {
    }

    /** One incident with its latest alerts (at most {@code alerts_shown}) and its audit trail. */
    public record IncidentDetail(IncidentView incident, List<Alert> alerts, @JsonProperty("alerts_shown") int alertsShown,
                                 List<IncidentAudit> audit) {
    }

    /** The answer of a bulk state change: how many incidents changed, and each one as it is now. */
    public record BulkReply(int updated, List<IncidentView> incidents) {
    }

    public IncidentPage list(@Header("page") String page, @Header("size") String size,
                             @Header("state") String state, @Header("min_severity") String minSeverity,
                             @Header("source") String source, @Header("since") String since,
                             @Header("until") String until, @Header("q") String text, @Header("cursor") String cursor) {
        QueryParams.Paging paging = QueryParams.paging(page, size, MAX_PAGE_SIZE);
        String after = QueryParams.blankToNull(cursor);
        if (after != null && paging.page() > 0) {
            throw new ApiException(400, "page_and_cursor", "give either page or cursor: a cursor already says where the page starts");
        }
        IncidentFilter filter = new IncidentFilter(states(state), severity(minSeverity), QueryParams.blankToNull(source),
                QueryParams.instant("since", since), QueryParams.instant("until", until), QueryParams.blankToNull(text),
                after == null ? null : IncidentCursor.decode(after));
        Page<Incident> result = incidents.find(filter, paging.page(), paging.size());
        List<Incident> shown = result.getContent();
        String next = result.hasNext() ? IncidentCursor.of(shown.get(shown.size() - 1)).encode() : null;
        return new IncidentPage(shown.stream().map(IncidentView::summary).toList(), paging.page(), paging.size(),
                result.getTotalElements(), result.getTotalPages(), next);
    }

    public IncidentDetail get(@Header("id") String id) {
        long incidentId = QueryParams.id("incident", id);
        Incident incident = incidents.find(incidentId).orElseThrow(() -> unknown(incidentId));
        List<Alert> shown = incidents.alertsOf(incidentId);
        return new IncidentDetail(IncidentView.of(incident), shown, shown.size(), incidents.auditOf(incidentId));
    }

    /** POST /incidents/{id}/{action}: action is ack, resolve, snooze or reopen. */
    public Outcome act(@Header("id") String id, @Header("action") String action, @Body ActionRequest body,
                       Exchange exchange) {
        long incidentId = QueryParams.id("incident", id);
        ActionRequest request = body == null ? new ActionRequest(null, null, null, null) : body;
        IncidentState to = target(action);
        if (request.ids() != null) {
            throw notTaken("ids", action, "the incident is the one in the path; POST /api/v1/incidents/" + action + " takes \"ids\"");
        }
        onlySnoozeTakesAnEnd(request, to, action);
        Instant snoozeEnd = to == IncidentState.SNOOZED ? snoozeEnd(request) : null;
        IncidentEvent event;
        try {
            event = incidents.move(incidentId, to, snoozeEnd, Actors.of(exchange), QueryParams.comment(request.comment()))
                    .orElseThrow(() -> unknown(incidentId));
        } catch (IncidentService.ResolvedIncident e) {
            throw resolved(e.getMessage());
        }
        return new Outcome(List.of(event), event.incident());
    }

    /** POST /incidents/{action} with {"ids":[...]}: every id must exist, or nothing changes. */
    public Outcome bulk(@Header("action") String action, @Body ActionRequest body, Exchange exchange) {
        IncidentState to = target(action); // an unknown action is named before anything wrong in its body
        ActionRequest request = JsonRequests.required(body);
        if (request.ids() == null || request.ids().isEmpty()) {
            throw new ApiException(400, "missing_ids", "\"ids\" must list the incidents to " + action);
        }
        if (request.ids().size() > MAX_BULK) {
            throw new ApiException(400, "too_many_ids", "at most " + MAX_BULK + " incidents at once, got " + request.ids().size());
        }
        if (request.ids().stream().anyMatch(i -> i == null || i < 1)) {
            throw new ApiException(400, "invalid_ids", "\"ids\" must be incident ids (positive integers), got " + request.ids());
        }
        onlySnoozeTakesAnEnd(request, to, action);
        Set<Long> ids = new LinkedHashSet<>(request.ids());
        List<Long> missing = ids.stream().filter(i -> incidents.find(i).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new ApiException(404, "incident_not_found", "no incident with id " + missing + "; nothing was changed");
        }
        List<Long> resolved = ids.stream().filter(i -> incidents.find(i)
                .filter(incident -> !IncidentService.movable(incident.getState(), to)).isPresent()).toList();
        if (!resolved.isEmpty()) {
            throw resolved("incidents " + resolved + " are resolved; reopen them before you " + action + " them; nothing was changed");
        }
        Instant snoozeEnd = to == IncidentState.SNOOZED ? snoozeEnd(request) : null;
        String actor = Actors.of(exchange);
        List<IncidentEvent> events = new ArrayList<>();
        for (long id : ids) {
            try {
                incidents.move(id, to, snoozeEnd, actor, QueryParams.comment(request.comment())).ifPresent(events::add);
            } catch (IncidentService.ResolvedIncident e) {
                // resolved by the timer since the check above: the ones before it have moved
                throw resolved(e.getMessage() + "; " + events.size() + " incidents before it were changed");
            }
        }
        return new Outcome(events, new BulkReply(events.size(), events.stream().map(IncidentEvent::incident).toList()));
    }

    /** GET /alerts/{id}/context?lines=N */
    public Map<String, Object> alertContext(@Header("id") String id, @Header("lines") String lines) {
        long alertId = QueryParams.id("alert", id);
        int n = QueryParams.integer("lines", lines, 10, 0, AlertContext.MAX_LINES);
        Alert alert = alerts.find(alertId).orElseThrow(() -> new ApiException(404, "alert_not_found", "no alert with id " + alertId));
        return context.around(alert, n);
    }

    private static IncidentState target(String action) {
        return switch (action == null ? "" : action) {
            case "ack" -> IncidentState.ACKNOWLEDGED;
            case "resolve" -> IncidentState.RESOLVED;
            case "snooze" -> IncidentState.SNOOZED;
            case "reopen" -> IncidentState.OPEN;
            default -> throw new ApiException(404, "unknown_action", "no incident action \"" + action + "\" (ack, resolve, snooze, reopen)");
        };
    }

    /** {@code 30m}, {@code 2h}, {@code 1h30m}, and days too ({@code 1d}, {@code 1d12h}: the limit is 30 days). */
    private static Duration snoozeLength(String text) {
        int days = text.indexOf('D');
        return days < 0 ? Duration.parse("PT" + text)
                : Duration.parse("P" + text.substring(0, days + 1) + (days + 1 < text.length() ? "T" + text.substring(days + 1) : ""));
    }

    /**
     * The body is one type for every action: a black-box tester's {"for":"2h"} on ack acknowledged without a word,
     * and {"ids":[...]} on one incident's resolve changed only that one. What an action does not take is refused.
     */
    private static void onlySnoozeTakesAnEnd(ActionRequest request, IncidentState to, String action) {
        if (to != IncidentState.SNOOZED) {
            if (request.until() != null) {
                throw notTaken("until", action, "only snooze takes an end");
            }
            if (request.duration() != null) {
                throw notTaken("for", action, "only snooze takes an end");
            }
        }
    }

    private static ApiException notTaken(String field, String action, String why) {
        return new ApiException(400, "unknown_field", "field \"" + field + "\" is not one " + action + " takes (" + why + ")");
    }

    private static Instant snoozeEnd(ActionRequest request) {
        Instant now = Instant.now();
        Instant end;
        boolean until = request.until() != null && !request.until().isBlank();
        if (until && request.duration() != null && !request.duration().isBlank()) {
            throw new ApiException(400, "until_and_for", "give \"until\" or \"for\", not both");
        }
        if (until) {
            end = QueryParams.instant("until", request.until());
        } else if (request.duration() != null && !request.duration().isBlank()) {
            Duration snooze;
            try {
                snooze = snoozeLength(request.duration().trim().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new ApiException(400, "invalid_for", "\"for\" must be a duration such as 30m, 2h, 1h30m or 1d, got \"" + request.duration() + "\"");
            }
            // compared before it is added: 9223372036854775807s overflowed the instant (a 500)
            if (snooze.isNegative() || snooze.isZero() || snooze.compareTo(MAX_SNOOZE) > 0) {
                throw new ApiException(400, "invalid_until", "a snooze must end in the future and within 30 days, got \"for\": \""
                        + request.duration() + "\"");
            }
            end = now.plus(snooze);
        } else {
            throw new ApiException(400, "missing_until", "a snooze needs \"until\" (ISO-8601 instant) or \"for\" (e.g. 30m)");
        }
        if (!end.isAfter(now) || end.isAfter(now.plus(MAX_SNOOZE))) {
            throw new ApiException(400, "invalid_until", "a snooze must end in the future and within 30 days, got " + end);
        }
        return end;
    }


    private static ApiException unknown(long id) {
        return new ApiException(404, "incident_not_found", "no incident with id " + id);
    }

    private static ApiException resolved(String message) {
        return new ApiException(409, "incident_resolved", message);
    }

    private static List<IncidentState> states(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<IncidentState> result = new ArrayList<>();
        for (String part : value.split(",")) {
            try {
                result.add(IncidentState.valueOf(part.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "invalid_state", "state must be open, acknowledged, snoozed or resolved (comma-separated), got \"" + part + "\"");
            }
        }
        return result;
    }

    private static Severity severity(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Severity.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid_min_severity", "min_severity must be LOW, MEDIUM, HIGH or CRITICAL, got \"" + value + "\"");
        }
    }
}
