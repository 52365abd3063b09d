package io.logwarden.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwarden.alert.Alert;
import io.logwarden.scoring.Score;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the WebSocket messages in exactly the original specification's shapes
 * ({@code {"type":..., "data":{...}, "timestamp":...}}); extra fields are added, none renamed.
 */
@Component
public class WebSocketMessages {

    private final ObjectMapper json;
    private final StreamingStats stats;

    public WebSocketMessages(ObjectMapper json, StreamingStats stats) {
        this.json = json;
        this.stats = stats;
    }

    public String connection() {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "connection");
        message.put("status", "connected");
        message.put("timestamp", Instant.now());
        return write(message);
    }

    public String pong() {
        return write(envelope("pong", null));
    }

    public String score(Score score) {
        return write(envelope("score", score));
    }

    public String alert(Alert alert) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", alert.getId());
        data.put("severity", alert.getSeverity());
        data.put("score", alert.getScore());
        data.put("sequence", alert.getSequence());
        data.put("created_at", alert.getCreatedAt());
        data.put("source", alert.getSource());
        Map<String, String> labels = alert.getLabels();
        if (labels != null) {
            data.put("labels", labels);
        }
        data.put("first_line", alert.getFirstLine());
        data.put("last_line", alert.getLastLine());
        data.put("templates", alert.getTemplates());
        data.put("sample_lines", alert.getSampleLines());
        data.put("expected", alert.getExpected());
        data.put("reason", alert.getReason());
        data.put("scorer", alert.getScorer());
        data.put("acknowledged", alert.isAcknowledged());
        data.put("incident_id", alert.getIncidentId());
        return write(envelope("alert", data));
    }

    /**
     * {"type":"incident","data":{"event":"opened|updated|escalated|...","incident":{...},"actor":...}}.
     * Takes the incident package's event as any object, so this package does not depend on it
     * (incident already depends on stream: a cycle otherwise, see PackageCyclesTest).
     */
    public String incident(Object event) {
        return write(envelope("incident", event));
    }

    public String stats() {
        return write(envelope("stats", stats.totals()));
    }

    public String error(String message) {
        return write(envelope("error", Map.of("message", message)));
    }

    /** True when an inbound text frame is the original specification's {"type":"ping"}. */
    public boolean isPing(String frame) {
        try {
            JsonNode node = json.readTree(frame);
            return node != null && "ping".equals(node.path("type").asText());
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static Map<String, Object> envelope(String type, Object data) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", type);
        if (data != null) {
            message.put("data", data);
        }
        message.put("timestamp", Instant.now());
        return message;
    }

    private String write(Object message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise WebSocket message", e);
        }
    }
}
