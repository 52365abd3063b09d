package io.logwarden.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwarden.support.LogwardenTestContext;
import io.logwarden.support.TestCredentials;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST binding reads request bodies into the verbs' types: what it cannot read answers the same
 * {"error","message"} 400 as every other refusal, and the OpenAPI document it describes needs a login.
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
        // an element of a list is named by its place, not as "null"
        Response element = post("/api/v1/incidents/resolve", "{\"ids\":[1,\"two\"]}");
        assertError(element, 400, "invalid_field");
        assertThat(element.json().path("message").asText()).contains("\"ids[1]\"");
        assertError(post("/api/v1/incidents/1/ack", "{\"comment\":5}"), 400, "invalid_field");
        assertError(post("/api/v1/feedback", "{\"verdict\":\"anomaly\",\"source\":\"s\",\"first_line\":\"3\"}"),
                400, "invalid_field");
        assertError(post("/api/v1/incidents/1/feedback", "{\"verdict\":true}"), 400, "invalid_field");
    }

    /** A black-box tester's typos were answered 2xx: the comment was lost, the file started with the default window. */
    @Test
    void aFieldTheRequestDoesNotTakeIsA400NamingItAndTheFieldsItTakes() {
        String log = ROOT.resolve("logs").resolve("typo.log").toString();
        Response window = post("/api/v1/streaming/start", "{\"log_file\":\"" + log + "\",\"window\":10}");
        assertError(window, 400, "unknown_field");
        assertThat(window.json().path("message").asText()).contains("\"window\"").contains("window_size").contains("log_file");
        assertThat(get("/api/v1/streaming/status").json().path("files").toString()).doesNotContain("typo.log");
        Response comment = post("/api/v1/incidents/ack", "{\"ids\":[1],\"coment\":\"known\"}");
        assertError(comment, 400, "unknown_field");
        assertThat(comment.json().path("message").asText()).contains("\"coment\"").contains("comment");
        assertError(post("/api/v1/models/train", "{\"log_file\":\"x.log\",\"name\":\"m\",\"epoch\":5}"), 400, "unknown_field");
    }

    @Test
    void aMissingBodyIsA400() {
        assertError(post("/api/v1/models/train", ""), 400, "missing_body");
        assertError(post("/api/v1/incidents/ack", ""), 400, "missing_body");
        // blanks are no body either (the binding leaves them unread, the bean cannot take them)
        assertError(post("/api/v1/streaming/start", "   "), 400, "missing_body");
        assertError(post("/api/v1/incidents/1/ack", " \n "), 400, "missing_body");
    }

    @Test
    void contentAfterTheJsonValueIsMalformedAndNothingIsDone() {
        assertError(post("/api/v1/incidents/1/ack", "{} x"), 400, "malformed_json");
        Response two = post("/api/v1/streaming/start", "{\"log_file\":\"a.log\"}{\"a\":1}");
        assertError(two, 400, "malformed_json");
        // Jackson's own text named the Java class bound and its FAIL_ON_TRAILING_TOKENS setting
        assertThat(two.json().path("message").asText()).contains("more than one JSON value").doesNotContain("io.logwarden")
                .doesNotContain("FAIL_ON");
        assertError(post("/api/v1/models/train", "{\"log_file\":\"x.log\",\"name\":\"m\"} trailing"), 400, "malformed_json");
    }

    @Test
    void onlyTheBindingReadsStrictlyTheSharedMapperIsUnchanged() throws Exception {
        // the binding's strict reader is its own: answers and stored JSON keep Spring's mapper as configured
        assertThat(springJson.readValue("{\"log_file\":\"a\",\"window_size\":\"10\"}", StartRequest.class).windowSize())
                .isEqualTo(10);
    }

    @Test
    void answersWrittenFromRecordsKeepTheirWireNames() {
        JsonNode models = get("/api/v1/models").json();
        assertThat(models.has("models_dir")).as(models.toString()).isTrue();
        assertThat(models.has("active")).as("active is written even when null: %s", models).isTrue();
        JsonNode status = get("/api/v1/streaming/status").json();
        assertThat(status.path("websocket").has("url")).as(status.toString()).isTrue();
        assertThat(status.path("templates").has("rare_template_lines")).as(status.toString()).isTrue();
        JsonNode stopped = post("/api/v1/streaming/stop", "").json();
        assertThat(stopped.path("status").asText()).isEqualTo("stopped");
        assertThat(stopped.path("stopped").isArray()).isTrue();
    }

    @Test
    void theOpenApiDocumentListsTheApiAndNeedsALogin() {
        Response doc = get("/api/v1/openapi.json");
        assertThat(doc.status()).as(doc.body()).isEqualTo(200);
        JsonNode json = doc.json();
        assertThat(json.path("openapi").asText()).startsWith("3.");
        assertThat(json.path("info").path("title").asText()).isEqualTo("Logwarden API");
        List<String> paths = new ArrayList<>();
        json.path("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains("/api/v1/alerts", "/api/v1/incidents", "/api/v1/streaming/start", "/api/v1/models/train");
        assertThat(json.path("components").path("schemas").toString()).as("request and answer types are described")
                .contains("log_file", "window_size", "total_pages", "bucket_seconds");
        assertThat(json.path("paths").path("/api/v1/alerts").path("get").path("parameters").findValuesAsText("name"))
                .as("the alert list's query parameters").contains("page", "size", "severity", "since", "after_id", "acknowledged");
        assertThat(json.path("paths").path("/api/v1/incidents").path("get").path("parameters").findValuesAsText("name"))
                .contains("state", "min_severity", "q");

        Response viewer = send(HttpRequest.newBuilder(uri("/api/v1/openapi.json"))
                .header("X-API-Token", TestCredentials.VIEWER_TOKEN).GET().build());
        assertThat(viewer.status()).isEqualTo(200);
        Response anonymous = sendAnonymously(HttpRequest.newBuilder(uri("/api/v1/openapi.json")).GET().build());
        assertError(anonymous, 401, "unauthorized");
    }
}
