package io.logwarden.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.logwarden.alert.Alert;
import io.logwarden.alert.AlertFilter;
import io.logwarden.alert.AlertService;
import io.logwarden.scoring.Severity;
import org.apache.camel.Header;
import org.springframework.data.domain.Page;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The /api/v1/alerts operations the REST routes call. */
@Component
public class AlertsApi {

    static final int MAX_PAGE_SIZE = 500;
    private final AlertService alerts;

    public AlertsApi(AlertService alerts) {
        this.alerts = alerts;
    }

    /** A page of alerts, newest first, and the totals of the filter. */
    public record AlertPage(List<Alert> alerts, int page, int size, long total, @JsonProperty("total_pages") int totalPages) {
    }

    public AlertPage list(@Header("page") String page, @Header("size") String size,
                                    @Header("severity") String severity, @Header("source") String source,
                                    @Header("since") String since, @Header("until") String until,
                                    @Header("after_id") String afterId, @Header("acknowledged") String acknowledged) {
        QueryParams.Paging paging = QueryParams.paging(page, size, MAX_PAGE_SIZE);
        AlertFilter filter = new AlertFilter(severities(severity), QueryParams.blankToNull(source),
                QueryParams.instant("since", since), QueryParams.instant("until", until),
                afterId == null || afterId.isBlank() ? null : (long) QueryParams.integer("after_id", afterId, 0, 0, Integer.MAX_VALUE),
                QueryParams.bool("acknowledged", acknowledged));
        Page<Alert> result = alerts.find(filter, paging.page(), paging.size());
        return new AlertPage(result.getContent(), paging.page(), paging.size(), result.getTotalElements(), result.getTotalPages());
    }

    public Alert get(@Header("id") String id) {
        long alertId = QueryParams.id("alert", id);
        return alerts.find(alertId).orElseThrow(() -> unknown(alertId));
    }

    public Alert acknowledge(@Header("id") String id) {
        long alertId = QueryParams.id("alert", id);
        return alerts.acknowledge(alertId).orElseThrow(() -> unknown(alertId));
    }

    private static ApiException unknown(long id) {
        return new ApiException(404, "alert_not_found", "no alert with id " + id);
    }

    private static List<Severity> severities(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<Severity> result = new ArrayList<>();
        for (String part : value.split(",")) {
            try {
                result.add(Severity.valueOf(part.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "invalid_severity", "severity must be LOW, MEDIUM, HIGH or CRITICAL (comma-separated), got \"" + ApiException.shorten(part) + "\"");
            }
        }
        return result;
    }
}
