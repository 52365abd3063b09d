package io.logwarden.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.logwarden.alert.Alert;
import io.logwarden.alert.AlertRepository;
import io.logwarden.scoring.Prediction;
import io.logwarden.scoring.Severity;
import io.logwarden.support.LogwardenTestContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/v1/alerts (paging and filters), GET one, POST ack, and their errors. */
class AlertsApiTest extends LogwardenTestContext {

    @Autowired
    AlertRepository repository;

    private Alert store(String source, Severity severity, Instant createdAt) {
        return repository.save(new Alert(createdAt, source, severity, 8.5, List.of(1, 2, 3), List.of("a <*>", "b", "c"),
                List.of("a 1", "b", "c"), 1, 3, "statistical", "test alert", List.of(new Prediction(2, "b", 0.9))));
    }

    @Test
    void listsFiltersAndPagesAlertsNewestFirst() {
        String source = "alerts-api-" + System.nanoTime();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Alert old = store(source, Severity.HIGH, now.minus(2, ChronoUnit.HOURS));
        Alert critical = store(source, Severity.CRITICAL, now.minus(1, ChronoUnit.MINUTES));
        Alert newest = store(source, Severity.HIGH, now);

        JsonNode all = get("/api/v1/alerts?source=" + source).json();
        assertThat(all.path("total").asLong()).isEqualTo(3);
        assertThat(all.path("alerts").get(0).path("id").asLong()).isEqualTo(newest.getId());

        JsonNode highOnly = get("/api/v1/alerts?source=" + source + "&severity=high").json();
        assertThat(highOnly.path("total").asLong()).isEqualTo(2);

        JsonNode recent = get("/api/v1/alerts?source=" + source + "&since=" + now.minus(1, ChronoUnit.HOURS)).json();
        assertThat(recent.path("alerts").findValuesAsText("id")).containsExactly(newest.getId().toString(), critical.getId().toString());

        JsonNode page = get("/api/v1/alerts?source=" + source + "&size=2&page=1").json();
        assertThat(page.path("alerts")).hasSize(1);
        assertThat(page.path("alerts").get(0).path("id").asLong()).isEqualTo(old.getId());
        assertThat(page.path("total_pages").asInt()).isEqualTo(2);

        JsonNode after = get("/api/v1/alerts?source=" + source + "&after_id=" + critical.getId()).json();
        assertThat(after.path("alerts")).hasSize(1);
    }

    @Test
    void getsAndAcknowledgesOneAlert() {
        Alert alert = store("ack-" + System.nanoTime(), Severity.CRITICAL, Instant.now());
        Response one = get("/api/v1/alerts/" + alert.getId());
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().path("templates")).hasSize(3);
        assertThat(one.json().path("sampleLines").get(0).asText()).isEqualTo("a 1");
        assertThat(one.json().path("expected").get(0).path("probability").asDouble()).isEqualTo(0.9);
        assertThat(one.json().path("acknowledged").asBoolean()).isFalse();

        // an incident's ack takes a comment, an alert's does not: a comment sent here would be lost without a word
        Response comment = post("/api/v1/alerts/" + alert.getId() + "/ack", "{\"comment\":\"known\"}");
        assertError(comment, 400, "unknown_field");
        assertThat(comment.json().path("message").asText()).contains("\"comment\"").contains("takes no fields");
        assertThat(repository.findById(alert.getId()).orElseThrow().isAcknowledged()).isFalse();
        assertThat(post("/api/v1/alerts/" + alert.getId() + "/ack", "{}").status()).isEqualTo(200);

        Response acked = post("/api/v1/alerts/" + alert.getId() + "/ack", "");
        assertThat(acked.status()).isEqualTo(200);
        assertThat(acked.json().path("acknowledged").asBoolean()).isTrue();
        assertThat(repository.findById(alert.getId()).orElseThrow().isAcknowledged()).isTrue();
        assertThat(repository.findById(alert.getId()).orElseThrow().getAcknowledgedAt()).isNotNull();
    }

    @Test
    void anAlertFromAContainerLogShowsItsKubernetesLabels() {
        String source = "/var/log/containers/checkout-5c6f-abcde_shop_app-" + String.format("%064x", System.nanoTime()) + ".log";
        Alert k8s = store(source, Severity.HIGH, Instant.now());
        Alert plain = store("plain-" + System.nanoTime(), Severity.HIGH, Instant.now());

        JsonNode labels = get("/api/v1/alerts/" + k8s.getId()).json().path("labels");
        assertThat(labels.path("namespace").asText()).isEqualTo("shop");
        assertThat(labels.path("pod").asText()).isEqualTo("checkout-5c6f-abcde");
        assertThat(labels.path("container").asText()).isEqualTo("app");
        JsonNode listed = get("/api/v1/alerts?source=" + source).json().path("alerts");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("labels").path("namespace").asText()).isEqualTo("shop");
        // no labels for a source that is not a kubelet container log: left out, like every absent value
        assertThat(get("/api/v1/alerts/" + plain.getId()).json().has("labels")).isFalse();
    }

    @Test
    void answersBadAlertRequestsWithJsonErrors() {
        assertError(get("/api/v1/alerts/999999999"), 404, "alert_not_found");
        assertError(post("/api/v1/alerts/999999999/ack", ""), 404, "alert_not_found");
        assertError(get("/api/v1/alerts/abc"), 400, "invalid_alert_id");
        assertError(get("/api/v1/alerts?severity=URGENT"), 400, "invalid_severity");
        assertError(get("/api/v1/alerts?size=100000"), 400, "invalid_size");
        assertError(get("/api/v1/alerts?page=-1"), 400, "invalid_page");
        assertError(get("/api/v1/alerts?since=yesterday"), 400, "invalid_since");
    }
}
