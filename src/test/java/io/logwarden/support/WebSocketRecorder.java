package io.logwarden.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** A real WebSocket client (the JDK's) that records every message the server sends, parsed as JSON. */
public final class WebSocketRecorder implements WebSocket.Listener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    private WebSocketRecorder(URI url, String... headers) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        this.socket = builder.buildAsync(url, this).join();
    }

    /** Connects with the given handshake headers (name, value, name, value...), e.g. "X-API-Token", token. */
    public static WebSocketRecorder connect(String url, String... headers) {
        return new WebSocketRecorder(URI.create(url), headers);
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public List<JsonNode> messages() {
        return List.copyOf(messages);
    }

    public List<JsonNode> ofType(String type) {
        return messages.stream().filter(m -> type.equals(m.path("type").asText())).toList();
    }

    public JsonNode awaitMessage(Duration timeout, Predicate<JsonNode> matching) {
        await().atMost(timeout).until(() -> messages.stream().anyMatch(matching));
        return messages.stream().filter(matching).findFirst().orElseThrow();
    }

    public JsonNode awaitType(String type, Duration timeout) {
        return awaitMessage(timeout, m -> type.equals(m.path("type").asText()));
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                messages.add(JSON.readTree(partial.toString()));
            } catch (Exception e) {
                throw new IllegalStateException("server sent a frame that is not JSON: " + partial, e);
            } finally {
                partial.setLength(0);
            }
        }
        webSocket.request(1);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
