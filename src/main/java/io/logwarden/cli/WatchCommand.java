package io.logwarden.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

/**
 * The original specification's client example, in Java: prints every WebSocket message on one line
 * and reconnects with exponential backoff when the server goes away. Uses the JDK's WebSocket client.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Print the service's live WebSocket messages, one per line.", "Reconnects with backoff."})
public class WatchCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", defaultValue = "ws://localhost:8001/api/v1/streaming/ws",
            description = "WebSocket URL (default: ${DEFAULT-VALUE})")
    URI url;

    @Option(names = "--max-backoff", defaultValue = "30", description = "longest wait between reconnects, seconds")
    int maxBackoffSeconds;

    @Option(names = "--ping", defaultValue = "true", negatable = true, description = "send {\"type\":\"ping\"} after connecting")
    boolean ping;

    @Option(names = "--count", defaultValue = "0", description = "exit after this many messages (0: never)")
    long count;

    @Option(names = "--token", defaultValue = "${env:LOGWARDEN_API_TOKEN}",
            description = "API token sent in the handshake (default: env LOGWARDEN_API_TOKEN)")
    String token;

    @Option(names = "--user", defaultValue = "${env:LOGWARDEN_USER}", description = "log in as this user (default: env LOGWARDEN_USER)")
    String user;

    @Option(names = "--password", defaultValue = "${env:LOGWARDEN_PASSWORD}",
            description = "the user's password (default: env LOGWARDEN_PASSWORD; prefer the variable to the command line)")
    String password;

    private final PrintStream out;
    private final PrintStream err;
    private long received;

    public WatchCommand() {
        this(System.out, System.err);
    }

    WatchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (url.getScheme() == null || !(url.getScheme().equals("ws") || url.getScheme().equals("wss"))) {
            err.println("watch: the URL must start with ws:// or wss://, got " + url);
            return 2;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long backoffMillis = 500;
        while (count == 0 || received < count) {
            CountDownLatch closed = new CountDownLatch(1);
            try {
                WebSocket.Builder builder = http.newWebSocketBuilder();
                if (token != null && !token.isBlank()) {
                    builder.header("X-API-Token", token.trim());
                } else if (user != null && !user.isBlank() && password != null) {
                    builder.header("Authorization", "Basic " + java.util.Base64.getEncoder()
                            .encodeToString((user.trim() + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                }
                WebSocket socket = builder.buildAsync(url, new Printer(closed)).join();
                err.println(Instant.now() + " watch: connected to " + url);
                backoffMillis = 500;
                if (ping) {
                    socket.sendText("{\"type\":\"ping\"}", true);
                }
                closed.await();
                socket.abort();
            } catch (RuntimeException e) {
                int refused = refusedStatus(e);
                if (refused == 401 || refused == 403) {
                    err.println("watch: " + url + " refused the connection (HTTP " + refused + "): "
                            + (refused == 401 ? "log in with --token (or LOGWARDEN_API_TOKEN), or --user and LOGWARDEN_PASSWORD"
                            : "this origin or login may not watch"));
                    return 1;
                }
                err.println(Instant.now() + " watch: cannot connect to " + url + " (" + rootMessage(e) + ")");
            }
            if (count != 0 && received >= count) {
                break;
            }
            err.println(Instant.now() + " watch: reconnecting in " + backoffMillis + " ms");
            Thread.sleep(backoffMillis);
            backoffMillis = Math.min(backoffMillis * 2, maxBackoffSeconds * 1000L);
        }
        return 0;
    }

    /** The HTTP status of a refused handshake, or 0 when the failure was not a refusal. */
    private static int refusedStatus(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.http.WebSocketHandshakeException handshake) {
                return handshake.getResponse().statusCode();
            }
        }
        return 0;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private final class Printer implements WebSocket.Listener {
        private final CountDownLatch closed;
        private final StringBuilder partial = new StringBuilder();

        Printer(CountDownLatch closed) {
            this.closed = closed;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                out.println(partial.toString().replace("\r", "").replace("\n", " "));
                out.flush();
                partial.setLength(0);
                received++;
                if (count != 0 && received >= count) {
                    closed.countDown();
                }
            }
            webSocket.request(1);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            err.println(Instant.now() + " watch: server closed the connection (" + statusCode + ")");
            closed.countDown();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            err.println(Instant.now() + " watch: connection lost (" + rootMessage(error) + ")");
            closed.countDown();
        }
    }
}
