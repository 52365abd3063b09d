package io.logwarden.web;

import io.logwarden.alert.Alert;
import io.logwarden.alert.AlertFilter;
import io.logwarden.alert.AlertService;
import io.logwarden.model.Severity;
import org.apache.camel.Header;
import org.springframework.data.domain.Page;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The /api/v1/alerts operations the REST routes call. */
@Component
public class AlertsApi {

    static final int MAX_PAGE_SIZE = 500;
    private final AlertService alerts;

    public AlertsApi(AlertService alerts) {
        this.alerts = alerts;
    }

    public Map<String, Object> list(@Header("page") String page, @Header("size") String size,
                                    @Header("severity") String severity, @Header("source") String source,
                                    @Header("since") String since, @Header("until") String until,
                                    @Header("after_id") String afterId, @Header("acknowledged") String acknowledged) {
        int pageNumber = intParam("page", page, 0, 0, Integer.MAX_VALUE);
        int pageSize = intParam("size", size, 50, 1, MAX_PAGE_SIZE);
        if ((long) pageNumber * pageSize > Integer.MAX_VALUE) {
            // the database takes the row offset as a 32-bit int: past that, the query would fail (a 500 before)
            throw new ApiException(400, "invalid_page", "\"page\" times \"size\" must stay below " + Integer.MAX_VALUE
                    + " rows, got page " + pageNumber + " of size " + pageSize);
        }
        AlertFilter filter = new AlertFilter(severities(severity), blankToNull(source), instant("since", since),
                instant("until", until), afterId == null || afterId.isBlank() ? null : (long) intParam("after_id", afterId, 0, 0, Integer.MAX_VALUE),
                acknowledged == null || acknowledged.isBlank() ? null : bool("acknowledged", acknowledged));
        Page<Alert> result = alerts.find(filter, pageNumber, pageSize);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("alerts", result.getContent());
        answer.put("page", pageNumber);
        answer.put("size", pageSize);
        answer.put("total", result.getTotalElements());
        answer.put("total_pages", result.getTotalPages());
        return answer;
    }

    public Alert get(@Header("id") String id) {
        long alertId = id(id);
        return alerts.find(alertId).orElseThrow(() -> unknown(alertId));
    }

    public Alert acknowledge(@Header("id") String id) {
        long alertId = id(id);
        return alerts.acknowledge(alertId).orElseThrow(() -> unknown(alertId));
    }

    private static ApiException unknown(long id) {
        return new ApiException(404, "alert_not_found", "no alert with id " + id);
    }

    private static long id(String id) {
        try {
            long value = Long.parseLong(id);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException | NullPointerException ignored) {
            // answered below
        }
        throw new ApiException(400, "invalid_alert_id", "alert id must be a positive integer, got \"" + ApiException.shorten(id) + "\"");
    }

    private static int intParam(String name, String value, int whenAbsent, int min, int max) {
        if (value == null || value.isBlank()) {
            return whenAbsent;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new ApiException(400, "invalid_" + name, "\"" + name + "\" must be an integer between " + min + " and " + max + ", got \""
                + ApiException.shorten(value) + "\"");
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

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "invalid_" + name, "\"" + name + "\" must be an ISO-8601 instant such as 2024-01-01T12:00:00Z, got \"" + value + "\"");
        }
    }

    private static boolean bool(String name, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ApiException(400, "invalid_" + name, "\"" + name + "\" must be true or false, got \"" + value + "\"");
        };
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
