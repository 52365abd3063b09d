package io.logwarden.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service on random ports with a temporary data directory and allowed root, the real
 * routes from routes/, no demo, and a short warm-up so a test sees alerts after a few windows.
 * Every test class extending it (with the same extra properties) shares one Spring context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "logwarden.demo.enabled=false",
        "logwarden.scoring.warmup-windows=5",
        "logwarden.tail.scan-stream-delay=50",
        "camel.main.routes-reload-enabled=false"
})
public abstract class LogwardenTestContext {

    protected static final Path ROOT = createRoot();
    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    protected int httpPort;

    /** Each context gets its own free port: cached contexts (H2, PostgreSQL) live side by side. */
    @Value("${logwarden.websocket.port}")
    protected int websocketPort;

    @DynamicPropertySource
    static void paths(DynamicPropertyRegistry registry) {
        TestCredentials.register(registry);
        registry.add("logwarden.data-dir", () -> ROOT.resolve("data").toString());
        registry.add("logwarden.tail.allowed-roots", () -> ROOT.resolve("logs").toString());
        int websocketPort = FreePort.find();
        registry.add("logwarden.websocket.port", () -> websocketPort);
        registry.add("logwarden.models-dir", () -> ROOT.resolve("models").toString());
    }

    private static Path createRoot() {
        try {
            Path root = Files.createTempDirectory("logwarden-it");
            Files.createDirectories(root.resolve("logs"));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The WebSocket URL with a fresh single-use ticket, fetched as the dashboard does (GET /api/v1/streaming/ws-ticket as a viewer). */
    protected String websocketUrl() {
        Response ticket = send(TestCredentials.asViewer(HttpRequest.newBuilder(uri("/api/v1/streaming/ws-ticket"))).GET().build());
        if (ticket.status() != 200) {
            throw new AssertionError("no WebSocket ticket: " + ticket);
        }
        return websocketUrlWithoutCredentials() + "?ticket=" + ticket.json().path("ticket").asText();
    }

    protected String websocketUrlWithoutCredentials() {
        return "ws://localhost:" + websocketPort + "/api/v1/streaming/ws";
    }

    protected Path newLogFile(String name) throws IOException {
        Path file = ROOT.resolve("logs").resolve(name);
        Files.deleteIfExists(file);
        return Files.createFile(file);
    }

    protected static void append(Path file, List<String> lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** POST as the operator (API token). */
    protected Response post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** GET as the operator (API token). */
    protected Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    /** Sends as the operator unless the request already carries credentials (a token, Authorization or a Cookie). */
    protected Response send(HttpRequest request) {
        if (!TestCredentials.authenticated(request)) {
            request = TestCredentials.asOperator(HttpRequest.newBuilder(request, (name, value) -> true)).build();
        }
        return sendAnonymously(request);
    }

    /** Sends exactly what the request carries: no credentials are added. */
    protected Response sendAnonymously(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected URI uri(String path) {
        return URI.create("http://localhost:" + httpPort + path);
    }

    /** A 4xx/5xx answer in the API's {"error","message"} shape, without a stack trace. */
    protected static void assertError(Response response, int status, String code) {
        assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.json().path("error").asText()).as("error code in %s", response.body()).isEqualTo(code);
        assertThat(response.json().path("message").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** An HTTP answer; {@code json()} parses the body. */
    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("response body is not JSON: " + body, e);
            }
        }
    }

    /** Lines of an sshd session, always in the same order: what the scorer learns as normal. */
    protected static List<String> normalSession(int n) {
        return List.of(
                "sshd[" + (1000 + n) + "]: Accepted publickey for deploy from 10.0.0." + (n % 200) + " port " + (40000 + n) + " ssh2",
                "sshd[" + (1000 + n) + "]: pam_unix(sshd:session): session opened for user deploy by (uid=0)",
                "sshd[" + (1000 + n) + "]: Received disconnect from 10.0.0." + (n % 200) + " port " + (40000 + n) + ":11: disconnected by user",
                "sshd[" + (1000 + n) + "]: pam_unix(sshd:session): session closed for user deploy");
    }
}
