package io.logwarden.kafka;

import io.logwarden.support.PostgresServer;
import io.logwarden.support.WebSocketRecorder;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A detector replica for the multi-replica tests: one schema of the test PostgreSQL shared by the replicas,
 * and every window an alert, so the alert table holds every line's fate; and a WebSocket client of it.
 */
final class ReplicaSettings {

    private ReplicaSettings() {
    }

    /** The settings of one replica (a mutable map: a test adds its own). */
    static Map<String, String> detector(String brokers, String topic, String group, String schema, String token, int window,
                                        int websocketPort) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("logwarden.role", "detector");
        settings.put("logwarden.kafka.brokers", brokers);
        settings.put("logwarden.kafka.topic", topic);
        settings.put("logwarden.kafka.group-id", group);
        settings.put("logwarden.websocket.port", String.valueOf(websocketPort));
        settings.put("logwarden.api.token", token);
        settings.put("logwarden.window.size", String.valueOf(window));
        settings.put("logwarden.scoring.alert", "0");
        settings.put("logwarden.scoring.warmup-windows", "0");
        settings.put("logging.level.io.logwarden.alerts", "ERROR");
        settings.put("spring.profiles.active", "postgres");
        settings.put("spring.datasource.url", PostgresServer.urlWithSchema(schema));
        settings.put("spring.datasource.username", PostgresServer.USER);
        settings.put("spring.datasource.password", PostgresServer.PASSWORD);
        settings.put("spring.flyway.schemas", schema);
        settings.put("spring.flyway.create-schemas", "true");
        settings.put("logwarden.admin.password", "test-only-" + schema);
        return settings;
    }

    /** A client of the replica's WebSocket, once the connection message arrived. */
    static WebSocketRecorder listen(int port, String token) {
        WebSocketRecorder recorder = WebSocketRecorder.connect("ws://127.0.0.1:" + port + "/api/v1/streaming/ws", "X-API-Token", token);
        recorder.awaitType("connection", Duration.ofSeconds(10));
        return recorder;
    }
}
