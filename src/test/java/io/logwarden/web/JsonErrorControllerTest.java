package io.logwarden.web;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A black-box tester polled GET /api/v1/streaming/status while the service started: for 14 s the web server
 * answered 404 "nothing at /api/v1/streaming/status", before the API's routes had started.
 */
class JsonErrorControllerTest {

    private final ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();

    private ResponseEntity<ApiError> notFound(String path) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 404);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, path);
        return new JsonErrorController(availability).error(request);
    }

    private void ready(ReadinessState state) {
        availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, state));
    }

    @Test
    void anApiPathWhileStartingIsA503StartingNotA404() {
        ResponseEntity<ApiError> starting = notFound("/api/v1/streaming/status");
        assertThat(starting.getStatusCode().value()).isEqualTo(503);
        assertThat(starting.getBody().error()).isEqualTo("starting");
        assertThat(starting.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        // not the API's: a page that does not exist is not found, started or not
        assertThat(notFound("/nothing-here").getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void anUnknownApiPathOnceStartedIsA404() {
        ready(ReadinessState.ACCEPTING_TRAFFIC);
        ResponseEntity<ApiError> missing = notFound("/api/v1/nothing");
        assertThat(missing.getStatusCode().value()).isEqualTo(404);
        assertThat(missing.getBody().error()).isEqualTo("not_found");
        ready(ReadinessState.REFUSING_TRAFFIC); // shutting down: the routes stop before the web server
        ResponseEntity<ApiError> stopping = notFound("/api/v1/streaming/status");
        assertThat(stopping.getStatusCode().value()).isEqualTo(503);
        assertThat(stopping.getBody().error()).isEqualTo("unavailable");
    }
}
