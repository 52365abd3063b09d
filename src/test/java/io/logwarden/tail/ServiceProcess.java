package io.logwarden.tail;

import io.logwarden.support.TestCredentials;
import io.logwarden.support.FreePort;
import io.logwarden.support.WebSocketRecorder;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Logwarden in a child JVM (the test classpath, {@link ServiceMain}), on free ports, with its own data
 * directory, the statistical scorer (no model) and the repository's routes/. It is stopped the way
 * production stops it: SIGTERM ({@link #sigterm}) or SIGKILL ({@link #sigkill}), never from inside.
 */
public final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Process process;
    private final int httpPort;
    private final int websocketPort;
    private final Path output;

    private ServiceProcess(Process process, int httpPort, int websocketPort, Path output) {
        this.process = process;
        this.httpPort = httpPort;
        this.websocketPort = websocketPort;
        this.output = output;
    }

    /** Starts the service on the home directory (logs/, data/, models/ under it) with extra --settings. */
    public static ServiceProcess start(Path home, String name, List<String> settings) throws IOException {
        Files.createDirectories(home.resolve("logs"));
        Files.createDirectories(home.resolve("models"));
        int http = FreePort.find();
        int ws = FreePort.find();
        Path routes = Path.of("routes").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // C1 only: on two busy cores C2's compiler threads doubled the start-up (17-21 s against 8-9 s),
                // and these runs are mostly start-ups and short backlogs
                "-Xmx768m", "-XX:TieredStopAtLevel=1", "-Dai.djl.offline=true", "-Dlogwarden.test.await-websocket=true",
                "-cp", System.getProperty("java.class.path"),
                ServiceMain.class.getName(),
                "--server.port=" + http,
                "--logwarden.websocket.port=" + ws,
                "--logwarden.data-dir=" + home.resolve("data"),
                "--logwarden.models-dir=" + home.resolve("models"),
                "--logwarden.routes-dir=" + routes,
                "--logwarden.demo.enabled=false",
                // the API and the WebSocket need a login (issue 11): the test acts as an operator by token
                "--logwarden.security.tokens[0].name=crash-test-operator",
                "--logwarden.security.tokens[0].token=" + TestCredentials.OPERATOR_TOKEN,
                "--logwarden.security.tokens[0].role=operator",
                "--logwarden.tail.allowed-roots=" + home.resolve("logs"),
                "--logwarden.tail.scan-stream-delay=50",
                "--camel.main.routes-reload-enabled=false",
                "--camel.main.jmx-enabled=false",
                "--spring.jmx.enabled=false",
                // every window raises an alert: the alert table then holds every line's fate, and every
                // line read again after a crash tries to store its alert a second time
                "--logwarden.scoring.alert=0",
                "--logwarden.scoring.warmup-windows=0",
                "--logwarden.websocket.queue-size=1000000",
                // an alert per line makes this pipeline slow here; keep the SIGTERM drain within its timeout
                "--logwarden.tail.max-lines-in-flight=2000",
                "--logging.level.root=WARN",
                "--logging.level.io.logwarden.tail=INFO",
                "--logging.level.io.logwarden.alerts=ERROR")); // one WARN line per alert would dominate the run
        command.addAll(settings);
        Path output = home.resolve(name + ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        return new ServiceProcess(process, http, ws, output);
    }

    /** Connects a recorder as soon as the WebSocket server accepts (the child then restores its followed files). */
    public WebSocketRecorder connect(Duration timeout) throws Exception {
        AtomicReference<RuntimeException> refused = new AtomicReference<>();
        try {
            return starting("the WebSocket accepts", timeout).until(() -> {
                try {
                    return WebSocketRecorder.connect("ws://localhost:" + websocketPort + "/api/v1/streaming/ws",
                            "X-API-Token", TestCredentials.OPERATOR_TOKEN);
                } catch (RuntimeException e) {
                    refused.set(e);
                    return null;
                }
            }, Objects::nonNull);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw notStarted("the WebSocket never accepted", refused.get() == null ? e : refused.get());
        }
    }

    /** Waits until the HTTP API answers. */
    public void awaitHttp(Duration timeout) throws Exception {
        try {
            starting("the HTTP API answers", timeout).until(() -> {
                try {
                    return get("/api/v1/streaming/status").statusCode() == 200;
                } catch (IOException e) {
                    return false; // not listening yet
                }
            });
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw notStarted("the HTTP API never answered", e);
        }
    }

    /** Polls the starting child; stops at once when it exits. */
    private ConditionFactory starting(String what, Duration timeout) {
        return Awaitility.await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                .failFast("the service exited", () -> !process.isAlive());
    }

    private AssertionError notStarted(String what, Throwable cause) {
        String exit = process.isAlive() ? "" : " (the service exited with " + process.exitValue() + ")";
        return new AssertionError(what + exit + ":\n" + tail(), cause);
    }

    public HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(TestCredentials.asOperator(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(TestCredentials.asOperator(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** kill -9: no shutdown hook, no drain, nothing saved. */
    public void sigkill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("SIGKILL did not end the service");
        }
    }

    /** kill -TERM, then waits for the orderly stop; returns how long it took. */
    public Duration sigterm(Duration timeout) throws InterruptedException {
        long started = System.nanoTime();
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the service did not stop within " + timeout + " after SIGTERM:\n" + tail());
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    public String tail() {
        String all = output();
        return all.length() > 6000 ? all.substring(all.length() - 6000) : all;
    }

    public void destroy() {
        process.destroyForcibly();
    }
}
