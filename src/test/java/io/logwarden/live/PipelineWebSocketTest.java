package io.logwarden.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.logwarden.alert.Alert;
import io.logwarden.alert.AlertRepository;
import io.logwarden.support.LogwardenTestContext;
import io.logwarden.support.WebSocketRecorder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end through the real routes: lines appended to a followed file come out of a real WebSocket
 * client as the original specification's messages, and the alert lands in the database.
 */
abstract class PipelineWebSocketTest extends LogwardenTestContext {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    AlertRepository alerts;

    @Test
    void linesBecomeScoresAlertsAndStatsOnTheWebSocket() throws Exception {
        try (WebSocketRecorder client = WebSocketRecorder.connect(websocketUrl())) {
            JsonNode connection = client.awaitType("connection", WAIT);
            assertThat(connection.path("status").asText()).isEqualTo("connected");
            assertIsoTimestamp(connection.path("timestamp"));

            client.send("{\"type\":\"ping\"}");
            assertIsoTimestamp(client.awaitType("pong", WAIT).path("timestamp"));

            Path log = newLogFile(getClass().getSimpleName() + ".log");
            assertThat(post("/api/v1/streaming/start", "{\"log_file\":\"" + log + "\",\"window_size\":5,\"from\":\"beginning\"}").status())
                    .isEqualTo(200);
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                lines.addAll(normalSession(i));
            }
            append(log, lines);
            // every line is scored, the first ones with a padded short history: wait for a full window (5 + 1)
            JsonNode score = client.awaitMessage(WAIT, m -> "score".equals(m.path("type").asText())
                    && m.path("data").path("source").asText().equals(log.toString()) && m.path("data").path("sequence").size() == 6);
            JsonNode data = score.path("data");
            assertThat(data.path("score").isNumber()).isTrue();
            assertThat(data.path("score").asDouble()).isBetween(0.0, 10.0);
            assertThat(data.path("severity").asText()).isIn("LOW", "MEDIUM", "HIGH", "CRITICAL");
            assertThat(data.path("alert").isBoolean()).isTrue();
            assertThat(data.path("sequence").isArray()).isTrue();
            assertThat(data.path("sequence")).hasSize(6);
            assertIsoTimestamp(data.path("timestamp"));
            assertIsoTimestamp(score.path("timestamp"));

            append(log, List.of("kernel: Out of memory: Killed process 4242 (java) total-vm:123456kB"));
            // every line is judged (padded windows at the start), so an earlier window may alert too: wait for this one
            JsonNode alert = client.awaitMessage(WAIT, m -> "alert".equals(m.path("type").asText())
                    && m.path("data").path("source").asText().equals(log.toString())
                    && m.path("data").path("sample_lines").toString().contains("Out of memory"));
            JsonNode alertData = alert.path("data");
            long id = alertData.path("id").asLong();
            assertThat(id).isPositive();
            assertThat(alertData.path("severity").asText()).isIn("HIGH", "CRITICAL");
            assertThat(alertData.path("score").asDouble()).isGreaterThanOrEqualTo(7.0);
            // the template learned from that line is saved while the service runs (routes/parse.yaml's timer), so a
            // kill -9 keeps its id; no shutdown has written it
            Path learned = ROOT.resolve("data/templates/demo/templates.json");
            org.awaitility.Awaitility.await("the learned template saved").atMost(WAIT)
                    .until(() -> Files.exists(learned) && Files.readString(learned).contains("Out of memory"));
            assertThat(alertData.path("sequence")).hasSize(6);
            assertIsoTimestamp(alertData.path("created_at"));
            assertThat(alertData.path("sample_lines").toString()).contains("Out of memory");

            Alert stored = alerts.findById(id).orElseThrow();
            assertThat(stored.getSource()).isEqualTo(log.toString());
            assertThat(stored.getSampleLines()).last().asString().contains("Out of memory");
            assertThat(stored.getSequence()).hasSize(6);
            assertThat(stored.isAcknowledged()).isFalse();

            JsonNode stats = client.awaitMessage(WAIT, m -> "stats".equals(m.path("type").asText())
                    && m.path("data").path("processed").asLong() >= lines.size() + 1
                    && m.path("data").path("alerts").asLong() >= 1);
            assertThat(stats.path("data").path("alerts").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(stats.path("data").has("errors")).isTrue();
            assertThat(stats.path("data").path("throughput").isNumber()).isTrue();

            assertThat(client.ofType("pong")).hasSize(1);
        }
    }

    private static void assertIsoTimestamp(JsonNode value) {
        assertThat(value.isTextual()).as("timestamp %s is text", value).isTrue();
        assertThat(Instant.parse(value.asText())).isBefore(Instant.now().plusSeconds(5));
    }
}
