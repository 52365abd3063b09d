package io.logwarden.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's error page: whatever ends in the container's error dispatch (404 of an unknown path,
 * 405 of a wrong method, 400 of a malformed request, 413 of a body over the container's limit, exceptions no route
 * handled) answers {@code {"error","message"}} like the API's own errors, never a white-label page or a trace.
 */
@RestController
public class JsonErrorController implements ErrorController {

    private final ApplicationAvailability availability;

    public JsonErrorController(ApplicationAvailability availability) {
        this.availability = availability;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ApiError> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code == null) {
            // asked for directly, not forwarded after an error: there is no failure to report, and "the log has
            // the details" would send an operator looking for one
            return ResponseEntity.status(404).contentType(MediaType.APPLICATION_JSON)
                    .body(new ApiError("not_found", "nothing at " + request.getRequestURI()));
        }
        int status = code instanceof Integer i ? i : 500;
        HttpStatus known = HttpStatus.resolve(status);
        String path = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        if (path.length() > 200) {
            path = path.substring(0, 200) + "...";
        }
        if (status == 404 && path.startsWith("/api/") && availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
            // the web server answers before the API's routes have started (14 s seen by a black-box tester) and after
            // they stopped: a probe or a script told "nothing at /api/v1/streaming/status" would give up on a path
            // that exists
            boolean stopping = availability.getLastChangeEvent(ReadinessState.class) != null;
            return ResponseEntity.status(503).header("Retry-After", "5").contentType(MediaType.APPLICATION_JSON)
                    .body(stopping ? new ApiError("unavailable", "the service is stopping")
                            : new ApiError("starting", "the service is still starting; try again in a few seconds"));
        }
        ApiError body = switch (status) {
            case 400 -> new ApiError("bad_request", "the request is malformed");
            case 401 -> new ApiError("unauthorized", "log in first");
            case 403 -> new ApiError("forbidden", "not allowed");
            case 404 -> new ApiError("not_found", "nothing at " + path);
            case 405 -> new ApiError("method_not_allowed", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) == null
                    ? "method not allowed" : "this method is not allowed on " + path);
            case 413 -> new ApiError("payload_too_large", "the request body is larger than this service accepts");
            case 415 -> new ApiError("unsupported_media_type", "send JSON (Content-Type: application/json)");
            case 429 -> new ApiError("too_many_requests", "too many requests; try again later");
            case 503 -> new ApiError("unavailable", "the service cannot answer right now");
            default -> status >= 500
                    ? new ApiError("internal_error", "the request failed inside the service; the log has the details")
                    : new ApiError(known == null ? "error_" + status : known.name().toLowerCase(), known == null ? "error " + status : known.getReasonPhrase());
        };
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
