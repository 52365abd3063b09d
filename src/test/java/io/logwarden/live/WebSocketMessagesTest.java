package io.logwarden.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwarden.alert.Alert;
import io.logwarden.scoring.Severity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The alert message carries the Kubernetes labels of a container log source, and none for other sources. */
class WebSocketMessagesTest {

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    private final StreamingStats stats = new StreamingStats(new SimpleMeterRegistry(), new WebSocketClients());
    private final WebSocketMessages messages = new WebSocketMessages(json, stats);

    private JsonNode alertData(String source) throws Exception {
        Alert alert = new Alert(Instant.now(), source, Severity.HIGH, 8.5, List.of(1), List.of("a"), List.of("a"),
                1, 1, "statistical", "test", List.of());
        JsonNode message = json.readTree(messages.alert(alert));
        assertThat(message.path("type").asText()).isEqualTo("alert");
        return message.path("data");
    }

    @Test
    void anAlertFromAContainerLogCarriesItsLabels() throws Exception {
        JsonNode data = alertData("/var/log/containers/api-0_payments_server-" + "ab".repeat(32) + ".log");
        assertThat(data.path("labels").path("namespace").asText()).isEqualTo("payments");
        assertThat(data.path("labels").path("pod").asText()).isEqualTo("api-0");
        assertThat(data.path("labels").path("container").asText()).isEqualTo("server");
        assertThat(data.path("labels").has("container_id")).isFalse();
    }

    @Test
    void anAlertFromAPlainFileHasNoLabels() throws Exception {
        JsonNode data = alertData("/var/log/app/server.log");
        assertThat(data.has("source")).isTrue();
        assertThat(data.has("labels")).isFalse();
    }

    @Test
    void theStatsMessageCarriesTheTotalsUnderTheSpecificationsNames() throws Exception {
        stats.lineProcessed("/var/log/app/server.log");
        stats.lineProcessed("/var/log/app/server.log");
        stats.error("/var/log/app/server.log", "parse-lines", "bad line");
        JsonNode message = json.readTree(messages.stats());
        assertThat(message.path("type").asText()).isEqualTo("stats");
        assertThat(message.has("timestamp")).isTrue();
        JsonNode data = message.path("data");
        assertThat(data.fieldNames()).toIterable()
                .containsExactly("processed", "alerts", "errors", "throughput", "sequences", "unseen_templates");
        assertThat(data.path("processed").asLong()).isEqualTo(2);
        assertThat(data.path("errors").asLong()).isEqualTo(1);
        assertThat(data.path("throughput").isNumber()).isTrue();
    }
}
