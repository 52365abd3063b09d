package io.logwarden.ops;

import io.logwarden.support.FreePort;
import io.logwarden.tail.TailManager;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Editing the routes directory of a running service: a new file's route runs, an edit changes it, a
 * deleted file's route goes, a broken file is reported (log + routesReload health DEGRADED) while the
 * routes already running, the pipeline's and the per-file tail routes included, keep working.
 * Also: with the default settings the REST API needs no token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RoutesHotReloadTest {

    static Path dir;
    static Path routes;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        dir = Files.createTempDirectory("logwarden-reload");
        routes = Files.createDirectories(dir.resolve("routes"));
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        Files.createDirectories(dir.resolve("logs"));
        registry.add("logwarden.routes-dir", () -> routes.toString());
        registry.add("logwarden.data-dir", () -> dir.resolve("data").toString());
        // never the repository's models/: the service writes learned templates next to the model
        registry.add("logwarden.models-dir", () -> dir.resolve("models").toString());
        registry.add("logwarden.tail.allowed-roots", () -> dir.resolve("logs").toString());
        registry.add("logwarden.demo.enabled", () -> "false");
        registry.add("logwarden.websocket.port", FreePort::find);
        io.logwarden.support.TestCredentials.register(registry);
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    TailManager tailManager;
    @LocalServerPort
    int port;

    static String probeRoute(String reply) {
        return """
                - route:
                    id: reload-probe
                    from:
                      uri: direct:reload-probe
                      steps:
                        - setBody:
                            constant: "%s"
                """.formatted(reply);
    }

    String probe() {
        return camel.getRoute("reload-probe") == null ? null : producer.requestBody("direct:reload-probe", "ping", String.class);
    }

    String health() throws Exception {
        return HttpClient.newHttpClient().send(io.logwarden.support.TestCredentials.asOperator(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Replaces the file in one step, as an editor's save or a ConfigMap swap does, so Camel never reads half a file. */
    static void write(Path file, String content) throws IOException {
        Path temp = Files.writeString(dir.resolve(file.getFileName() + ".tmp"), content);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    String healthOrError() {
        try {
            return health();
        } catch (Exception e) {
            return e.toString();
        }
    }

    static void await(String what, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(condition);
    }

    @Test
    void addEditBreakFixAndRemoveARouteFileWithoutRestart() throws Exception {
        Path log = dir.resolve("logs/app.log");
        Files.writeString(log, "");
        String tailRoute = tailManager.start(log.toString(), null, "end").file().routeId();
        Path file = routes.resolve("probe.yaml");

        write(file, probeRoute("v1"));
        await("the new route answers v1", () -> "v1".equals(probe()));

        write(file, probeRoute("v2"));
        await("the edited route answers v2", () -> "v2".equals(probe()));

        write(file, "- route:\n    id: reload-probe\n    from:\n      uri: direct:reload-probe\n      steps:\n        - noSuchStep: {}\n");
        Awaitility.await("health reports the broken file").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(healthOrError()).contains("\"routesReload\":{\"status\":\"DEGRADED\""));
        String health = health();
        assertThat(health).contains("noSuchStep").contains("\"failed\":1");
        assertThat(probe()).as("the previous version keeps running").isEqualTo("v2");
        assertThat(camel.getRoute("route-scores")).isNotNull();
        assertThat(camel.getRoute(tailRoute)).as("tail routes created from the template survive").isNotNull();

        write(file, probeRoute("v3"));
        await("the fixed route answers v3", () -> "v3".equals(probe()));
        assertThat(health()).contains("\"routesReload\":{\"status\":\"UP\"");

        Files.delete(file);
        await("the removed file's route is gone", () -> camel.getRoute("reload-probe") == null);
        assertThat(camel.getRoute("route-scores")).isNotNull();
        assertThat(camel.getRoute(tailRoute)).isNotNull();

        // Later edits still load: the deleted file is forgotten, not reported missing at every reload.
        Path other = routes.resolve("probe2.yaml");
        write(other, probeRoute("v4"));
        await("a route added after the deletion answers v4", () -> "v4".equals(probe()));
        assertThat(health()).contains("\"routesReload\":{\"status\":\"UP\"");

        // The reloaded REST routes follow the access rules: a viewer reads, nobody anonymous does.
        HttpResponse<String> status = HttpClient.newHttpClient().send(io.logwarden.support.TestCredentials.asViewer(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/streaming/status"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).isEqualTo(200);
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/streaming/status")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        tailManager.stop(log.toString());
    }
}
