package io.logwarden.tail;

import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/** The settings of a service test that follows files under {@code <data>/logs}: own data dir, fast scans, no demo. */
final class TailServiceProperties {

    private TailServiceProperties() {
    }

    static void register(DynamicPropertyRegistry registry, Path data) throws IOException {
        registry.add("logwarden.data-dir", () -> data.toString());
        registry.add("logwarden.models-dir", () -> data.resolve("models").toString());
        registry.add("logwarden.tail.allowed-roots", () -> data.resolve("logs").toString());
        registry.add("logwarden.tail.scan-stream-delay", () -> "20");
        registry.add("logwarden.demo.enabled", () -> "false");
        registry.add("camel.main.routes-reload-enabled", () -> "false");
        try (ServerSocket socket = new ServerSocket(0)) {
            int port = socket.getLocalPort();
            registry.add("logwarden.websocket.port", () -> port);
        }
    }
}
