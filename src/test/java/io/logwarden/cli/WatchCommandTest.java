package io.logwarden.cli;

import io.logwarden.support.FreePort;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The watch client against a WebSocket server that is down at first and comes up later. */
class WatchCommandTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void waitsWithBackoffUntilTheServerComesUpAndPrintsEachMessageOnOneLine() throws Exception {
        int port = FreePort.find();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        WatchCommand watch = new WatchCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(watch)
                .execute("ws://localhost:" + port + "/api/v1/streaming/ws", "--count", "2", "--max-backoff", "1"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot connect").contains("reconnecting in"));
        HttpServer server = vertx.createHttpServer().webSocketHandler(socket -> {
            socket.writeTextMessage("{\"type\":\"connection\",\"status\":\"connected\"}");
            socket.textMessageHandler(text -> socket.writeTextMessage("{\"type\":\"pong\",\n\"echo\":" + text.length() + "}"));
        });
        server.listen(port).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(exit.get(15, TimeUnit.SECONDS)).isZero();
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).isEqualTo("{\"type\":\"connection\",\"status\":\"connected\"}");
        assertThat(lines[1]).startsWith("{\"type\":\"pong\",").doesNotContain("\n");
    }

    @Test
    void logsInWithATokenAndStopsWithAMessageWhenRefused() throws Exception {
        int port = FreePort.find();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            if ("t0ken-for-the-watch-test".equals(request.getHeader("X-API-Token"))) {
                request.toWebSocket().onSuccess(socket -> socket.writeTextMessage("{\"type\":\"connection\"}"));
            } else {
                request.response().setStatusCode(401).end("{\"error\":\"unauthorized\",\"message\":\"log in\"}");
            }
        });
        server.listen(port).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        String url = "ws://localhost:" + port + "/api/v1/streaming/ws";

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WatchCommand watch = new WatchCommand(new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(new CommandLine(watch).execute(url, "--count", "1", "--no-ping", "--token", "t0ken-for-the-watch-test")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"connection\"");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        WatchCommand refused = new WatchCommand(System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(new CommandLine(refused).execute(url, "--count", "1", "--token", "wrong-token")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("HTTP 401").contains("--token");
    }

    @Test
    void refusesAUrlThatIsNotAWebSocket() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        WatchCommand watch = new WatchCommand(System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(new CommandLine(watch).execute("http://localhost:8000/")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ws://");
    }
}
