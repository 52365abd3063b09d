package io.logwarden.ops;

import io.logwarden.scoring.Score;
import io.logwarden.scoring.Severity;
import io.logwarden.support.FreePort;
import io.logwarden.tail.TailManager;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import jakarta.persistence.EntityManagerFactory;
import org.apache.camel.component.jpa.JpaComponent;
import org.apache.camel.component.jpa.JpaEndpoint;
import org.apache.camel.component.micrometer.MicrometerTimerAction;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as an operator meets it: metrics behind the admin login, public health probes, Hawtio and
 * Jolokia behind the login, the API behind a token, and a tail route stopped and started over JMX.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false) // tests switch the Prometheus registry off unless asked
class OpsIntegrationTest {

    static final String ADMIN = "operator";
    static final String PASSWORD = "s3cret-for-tests";
    static final String TOKEN = "token-for-tests-0123456789";
    static Path dir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        dir = Files.createTempDirectory("logwarden-ops");
        Files.createDirectories(dir.resolve("logs"));
        registry.add("logwarden.data-dir", () -> dir.resolve("data").toString());
        // never the repository's models/: the service writes learned templates next to the model
        registry.add("logwarden.models-dir", () -> dir.resolve("models").toString());
        registry.add("logwarden.tail.allowed-roots", () -> dir.resolve("logs").toString());
        registry.add("logwarden.demo.enabled", () -> "false");
        registry.add("logwarden.websocket.port", FreePort::find);
        registry.add("logwarden.admin.user", () -> ADMIN);
        registry.add("logwarden.admin.password", () -> PASSWORD);
        registry.add("logwarden.api.token", () -> TOKEN);
        registry.add("logwarden.tail.scan-stream-delay", () -> "50");
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }


    @LocalServerPort
    int port;
    @Autowired
    TailManager tailManager;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    CamelContext camel;
    @Autowired
    EntityManagerFactory entityManagerFactory;
    @Value("${logwarden.websocket.queue-size}")
    int websocketQueueSize;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The first answer of path that meets condition; after 20 s the last one, so the caller's asserts say what was missing. */
    HttpResponse<String> await(String path, Predicate<String> condition, String... headers) {
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        try {
            return Awaitility.await(path).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> { last.set(get(path, headers)); return last.get(); },
                            response -> response.statusCode() == 200 && condition.test(response.body()));
        } catch (ConditionTimeoutException timeout) {
            return last.get();
        }
    }

    @Test
    void prometheusNeedsTheAdminLoginAndShowsThePipelineMeters() throws Exception {
        assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(401);
        assertThat(get("/actuator/prometheus", "Authorization", basic(ADMIN, "wrong")).statusCode()).isEqualTo(401);

        Path log = dir.resolve("logs/metrics.log");
        Files.writeString(log, "");
        tailManager.start(log.toString(), 3, "beginning");
        for (int i = 0; i < 20; i++) {
            Files.writeString(log, "Accepted password for user" + i + " from 10.0.0." + i + " port 22\n", StandardOpenOption.APPEND);
        }
        String fileTag = "file=\"" + log.toAbsolutePath() + "\"";
        HttpResponse<String> metrics = await("/actuator/prometheus",
                body -> body.lines().anyMatch(l -> l.startsWith("logwarden_lines_read_total{") && l.contains(fileTag) && l.endsWith(" 20.0")),
                "Authorization", basic(ADMIN, PASSWORD));
        String body = metrics.body();
        assertThat(body.lines().filter(l -> l.startsWith("logwarden_lines_read_total{") && l.contains(fileTag)))
                .as(body.lines().filter(l -> l.startsWith("logwarden_")).toList().toString()).singleElement().asString().endsWith(" 20.0");
        assertThat(body).contains("logwarden_windows_scored_total", "logwarden_alerts_total{", "severity=\"CRITICAL\"",
                "logwarden_websocket_clients", "camel_exchanges_total", "camel_route_policy_seconds");
        assertThat(body.lines().filter(l -> l.startsWith("logwarden_windows_scored_total")).findFirst().orElseThrow())
                .doesNotEndWith(" 0.0");
        // no model in this test: the statistical scorer meets every template for the first time at least once
        assertThat(body.lines().filter(l -> l.startsWith("logwarden_unseen_templates_total")).findFirst().orElseThrow())
                .doesNotEndWith(" 0.0");
        tailManager.stop(log.toString());
    }

    @Test
    void anAlertIsCountedBySeverityAndItsDatabaseWriteTimed() throws Exception {
        producer.sendBody("direct:scores", new Score(8.5, Severity.HIGH, true, List.of(1, 2, 3), Instant.now(), "/var/log/test.log",
                "k", 1, 3, List.of("a <*>"), List.of("a b"), "test", false, List.of(), "test alert"));
        HttpResponse<String> metrics = await("/actuator/prometheus",
                body -> body.lines().anyMatch(l -> l.startsWith("logwarden_alerts_total{") && l.contains("severity=\"HIGH\"") && l.endsWith(" 1.0")),
                "Authorization", basic(ADMIN, PASSWORD));
        assertThat(metrics.body().lines().filter(l -> l.startsWith("logwarden_alerts_total{") && l.contains("severity=\"HIGH\"")))
                .singleElement().asString().endsWith(" 1.0");
        assertThat(metrics.body().lines().filter(l -> l.startsWith("logwarden_alerts_db_write_seconds_count")))
                .singleElement().asString().endsWith(" 1");
        // the alert was stored through the application's EntityManagerFactory, not one the jpa: component made up
        // (application.yaml silences the jpa component's start-up warning that says otherwise)
        assertThat(camel.getComponent("jpa", JpaComponent.class).getEntityManagerFactory()).isSameAs(entityManagerFactory);
        assertThat(camel.getEndpoints()).filteredOn(JpaEndpoint.class::isInstance).isNotEmpty()
                .allSatisfy(e -> assertThat(((JpaEndpoint) e).getEntityManagerFactory()).isSameAs(entityManagerFactory));
        // the timer's action converts through our converter, not through a registry scan per exchange
        assertThat(camel.getTypeConverterRegistry().lookup(MicrometerTimerAction.class, String.class))
                .as("String -> MicrometerTimerAction converter registered").isNotNull();
    }

    @Test
    void webSocketMessagesThatFindTheBroadcastQueueFullAreDroppedAndCounted() throws Exception {
        // the broadcaster stops draining, as if the dashboards could not keep up
        camel.getRouteController().stopRoute("websocket-broadcast");
        try {
            for (int i = 0; i < websocketQueueSize + 5; i++) producer.sendBody("direct:websocket-enqueue", "{\"type\":\"test\"}");
        } finally {
            camel.getRouteController().startRoute("websocket-broadcast");
        }
        HttpResponse<String> metrics = await("/actuator/prometheus",
                body -> body.lines().anyMatch(l -> l.startsWith("logwarden_websocket_dropped_total") && !l.endsWith(" 0.0")),
                "Authorization", basic(ADMIN, PASSWORD));
        String dropped = metrics.body().lines().filter(l -> l.startsWith("logwarden_websocket_dropped_total")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(dropped.substring(dropped.lastIndexOf(' ') + 1))).isGreaterThanOrEqualTo(5);
    }

    @Test
    void errorsAreCountedByTheFailingRoute() throws Exception {
        // A body that is not a Score cannot become an alert entity: the store-alert route fails and drops it.
        producer.sendBody("direct:store-alert", "not a score");
        HttpResponse<String> metrics = await("/actuator/prometheus",
                body -> body.contains("logwarden_errors_total{") && body.contains("stage=\"store-alert\""),
                "Authorization", basic(ADMIN, PASSWORD));
        assertThat(metrics.body().lines().filter(l -> l.startsWith("logwarden_errors_total{") && l.contains("stage=\"store-alert\"")))
                .singleElement().asString().endsWith(" 1.0");
    }

    @Test
    void healthGroupsArePublicAndReflectCamelAndTheDatabase() throws Exception {
        // probes are anonymous and see the status only; the operator sees the checks
        HttpResponse<String> probe = get("/actuator/health/readiness");
        assertThat(probe.statusCode()).isEqualTo(200);
        assertThat(probe.body()).matches("\\{\"status\":\"(UP|DEGRADED)\"}"); // DEGRADED: no model in this test
        HttpResponse<String> readiness = get("/actuator/health/readiness", "Authorization", basic(ADMIN, PASSWORD));
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"", "\"db\"", "\"camelHealth\"", "\"camelReadinessState\"", "\"readinessState\"");
        HttpResponse<String> liveness = get("/actuator/health/liveness");
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(liveness.body()).contains("\"status\":\"UP\"");
        assertThat(get("/actuator/health", "Authorization", basic(ADMIN, PASSWORD)).body()).contains("\"routesReload\"");
    }

    @Test
    void hawtioAndJolokiaRefuseWithoutLoginAndListTheRoutesWithIt() throws Exception {
        HttpResponse<String> anonymous = get("/hawtio");
        assertThat(anonymous.statusCode()).isIn(302, 401);
        if (anonymous.statusCode() == 302) {
            assertThat(anonymous.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        }
        assertThat(get("/actuator/hawtio/").statusCode()).isIn(302, 401);
        assertThat(get("/actuator/jolokia/version").statusCode()).isEqualTo(401);

        String login = basic(ADMIN, PASSWORD);
        assertThat(get("/hawtio", "Authorization", login).headers().firstValue("Location").orElseThrow()).endsWith("/actuator/hawtio/");
        HttpResponse<String> console = get("/actuator/hawtio/", "Authorization", login);
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).containsIgnoringCase("hawtio");

        HttpResponse<String> routes = get("/actuator/jolokia/search/org.apache.camel:type=routes,*", "Authorization", login);
        assertThat(routes.statusCode()).isEqualTo(200);
        assertThat(routes.body()).contains("\"status\":200", "route-scores", "store-alert", "parse-lines");
        // Other test contexts in the same JVM also register a "logwarden" Camel context, so Camel may
        // have suffixed this one's management name: read whichever store-alert MBean this context has.
        String contextName = camel.getManagementName();
        HttpResponse<String> state = get("/actuator/jolokia/read/org.apache.camel:context=" + contextName
                + ",type=routes,name=%22store-alert%22/State", "Authorization", login);
        assertThat(state.body()).contains("\"value\":\"Started\"");

        // Hawtio's Jolokia calls are POSTs carrying the XSRF-TOKEN cookie back as X-XSRF-TOKEN.
        String xsrf = console.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("XSRF-TOKEN="))
                .map(c -> c.substring("XSRF-TOKEN=".length(), c.indexOf(';'))).findFirst().orElseThrow();
        String search = "{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=routes,*\"}";
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/jolokia"))
                .header("Authorization", login).header("Content-Type", "text/json").header("Cookie", "XSRF-TOKEN=" + xsrf)
                .header("X-XSRF-TOKEN", xsrf).POST(HttpRequest.BodyPublishers.ofString(search)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(post.body()).contains("route-scores");
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/jolokia"))
                .header("Authorization", login).header("Content-Type", "text/json")
                .POST(HttpRequest.BodyPublishers.ofString(search)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).as("a POST without the CSRF token").isEqualTo(403);
    }

    /**
     * A hostile tester's operator token read /etc/passwd, wrote outside the allowed roots and added a route through
     * the Camel context's sendBody/requestBody over Jolokia, and read the command line's secrets. Route lifecycle
     * (what Hawtio's Camel tab offers) still runs.
     */
    @Test
    void jolokiaRunsRouteLifecycleButNoSendToAnEndpointAndShowsNoCommandLine() throws Exception {
        String login = basic(ADMIN, PASSWORD);
        String xsrf = get("/actuator/hawtio/", "Authorization", login).headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("XSRF-TOKEN=")).map(c -> c.substring("XSRF-TOKEN=".length(), c.indexOf(';')))
                .findFirst().orElseThrow();
        String context = "org.apache.camel:context=" + camel.getManagementName() + ",type=context,name=\\\"" + camel.getName() + "\\\"";
        Path written = dir.resolve("outside-roots.txt");
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOPSECRET");

        String send = jolokia(login, xsrf, "{\"type\":\"exec\",\"mbean\":\"" + context + "\",\"operation\":"
                + "\"sendBody(java.lang.String,java.lang.Object)\",\"arguments\":[\"file:" + dir + "?fileName=outside-roots.txt\",\"x\"]}");
        assertThat(send).contains("\"status\":403");
        assertThat(written).doesNotExist();
        String request = jolokia(login, xsrf, "{\"type\":\"exec\",\"mbean\":\"" + context + "\",\"operation\":"
                + "\"requestBody(java.lang.String,java.lang.Object)\",\"arguments\":[\"language:constant:resource:file:" + secret + "\",\"\"]}");
        assertThat(request).contains("\"status\":403").doesNotContain("TOPSECRET");
        assertThat(jolokia(login, xsrf, "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\","
                + "\"operation\":\"dumpHeap\",\"arguments\":[\"" + dir.resolve("heap.hprof") + "\",true]}")).contains("\"status\":403");
        assertThat(jolokia(login, xsrf, "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"SystemProperties\"}"))
                .contains("\"status\":403");
        assertThat(jolokia(login, xsrf, "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\"}"))
                .as("all attributes at once: refused as a whole (Jolokia checks each)").contains("\"status\":403")
                .doesNotContain("sun.java.command");
        assertThat(jolokia(login, xsrf, "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Uptime\"}"))
                .contains("\"status\":200");
        assertThat(jolokia(login, xsrf, "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true}"))
                .contains("\"status\":403");

        String route = "org.apache.camel:context=" + camel.getManagementName() + ",type=routes,name=\\\"store-alert\\\"";
        try {
            assertThat(jolokia(login, xsrf, "{\"type\":\"exec\",\"mbean\":\"" + route + "\",\"operation\":\"stop()\"}"))
                    .contains("\"status\":200");
            assertThat(camel.getRouteController().getRouteStatus("store-alert").isStopped()).isTrue();
        } finally {
            assertThat(jolokia(login, xsrf, "{\"type\":\"exec\",\"mbean\":\"" + route + "\",\"operation\":\"start()\"}"))
                    .contains("\"status\":200");
        }
        assertThat(camel.getRouteController().getRouteStatus("store-alert").isStarted()).isTrue();
    }

    /** One Jolokia POST as Hawtio sends it (login and the XSRF cookie echoed); returns Jolokia's JSON answer. */
    private String jolokia(String login, String xsrf, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/jolokia"))
                .header("Authorization", login).header("Content-Type", "text/json").header("Cookie", "XSRF-TOKEN=" + xsrf)
                .header("X-XSRF-TOKEN", xsrf).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    @Test
    void theApiNeedsTheTokenWhenRequired() throws Exception {
        HttpResponse<String> none = get("/api/v1/streaming/status");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("\"error\":\"unauthorized\"", "\"message\":");
        HttpResponse<String> wrong = get("/api/v1/streaming/status", "X-API-Token", "nope");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("wrong");
        assertThat(get("/api/v1/streaming/status", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/streaming/status", "X-API-Token", TOKEN).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/streaming/status", "Authorization", basic(ADMIN, PASSWORD)).statusCode()).isEqualTo(200);
        // the dashboard needs a login too: a browser is sent to the login form
        HttpResponse<String> dashboard = get("/");
        assertThat(dashboard.statusCode()).isEqualTo(302);
        assertThat(dashboard.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    }

    @Test
    void aTailRouteStopsAndStartsFromJmx() throws Exception {
        Path log = dir.resolve("logs/jmx.log");
        Files.writeString(log, "first line\n");
        TailManager.Started started = tailManager.start(log.toString(), null, "end");
        String routeId = started.file().routeId();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = server.queryNames(new ObjectName("org.apache.camel:type=routes,name=\"" + routeId + "\",*"), null);
        assertThat(names).hasSize(1);
        ObjectName route = names.iterator().next();
        assertThat(server.getAttribute(route, "State")).isEqualTo("Started");

        server.invoke(route, "stop", null, null);
        assertThat(server.getAttribute(route, "State")).isEqualTo("Stopped");
        assertThat(tailManager.routeState(started.file())).isEqualTo("Stopped");

        server.invoke(route, "start", null, null);
        assertThat(server.getAttribute(route, "State")).isEqualTo("Started");
        assertThat(tailManager.routeState(started.file())).isEqualTo("Started");
        tailManager.stop(log.toString());
    }
}
