package io.logwarden.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwarden.support.LogwardenTestContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static io.logwarden.web.StreamingApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST binding reads request bodies into the verbs' types: what it cannot read answers the same
 * {"error","message"} 400 as every other refusal.
 */
class RestBindingTest extends LogwardenTestContext {

    @Autowired
    ObjectMapper springJson;

    @Test
    void malformedJsonIsA400ForEveryBoundBody() {
        assertError(post("/api/v1/models/train", "{\"log_file\": "), 400, "malformed_json");
        assertError(post("/api/v1/incidents/ack", "{\"ids\":[1,"), 400, "malformed_json");
        assertError(post("/api/v1/feedback", "verdict=anomaly"), 400, "malformed_json");
        assertError(post("/api/v1/alerts/1/feedback", "{\"verdict\" \"normal\"}"), 400, "malformed_json");
    }

    @Test
    void aWrongTypedFieldIsA400NamingTheField() {
        Response epochs = post("/api/v1/models/train", "{\"log_file\":\"x.log\",\"name\":\"m\",\"epochs\":\"5\"}");
        assertError(epochs, 400, "invalid_field");
        assertThat(epochs.json().path("message").asText()).contains("\"epochs\"");
        Response ids = post("/api/v1/incidents/resolve", "{\"ids\":\"1,2\"}");
        assertError(ids, 400, "invalid_field");
        assertThat(ids.json().path("message").asText()).contains("\"ids\"");
        assertError(post("/api/v1/incidents/1/ack", "{\"comment\":5}"), 400, "invalid_field");
        assertError(post("/api/v1/feedback", "{\"verdict\":\"anomaly\",\"source\":\"s\",\"first_line\":\"3\"}"),
                400, "invalid_field");
        assertError(post("/api/v1/incidents/1/feedback", "{\"verdict\":true}"), 400, "invalid_field");
    }

    @Test
    void aMissingBodyIsA400() {
        assertError(post("/api/v1/models/train", ""), 400, "missing_body");
        assertError(post("/api/v1/incidents/ack", ""), 400, "missing_body");
    }

    @Test
    void onlyTheBindingReadsStrictlyTheSharedMapperIsUnchanged() throws Exception {
        // the binding's strict reader is its own: answers and stored JSON keep Spring's mapper as configured
        assertThat(springJson.readValue("{\"log_file\":\"a\",\"window_size\":\"10\"}", StartRequest.class).windowSize())
                .isEqualTo(10);
    }
}
