package io.logwarden.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.logwarden.support.LogwardenTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** POST start/stop and GET status with good and bad input, through the real REST routes. */
class StreamingApiTest extends LogwardenTestContext {

    @AfterEach
    void stopAll() {
        post("/api/v1/streaming/stop", "");
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.apache.camel.CamelContext camel;

    @Test
    void theDemoWriterRouteDoesNotRunWhenTheDemoIsOff() {
        assertThat(camel.getRoute("demo-log-writer")).as("routes/demo.yaml is loaded").isNotNull();
        assertThat(camel.getRouteController().getRouteStatus("demo-log-writer")).isNotEqualTo(org.apache.camel.ServiceStatus.Started);
    }

    @Test
    void startsFollowingAFileOnceAndReportsItInStatus() throws Exception {
        Path log = newLogFile("start.log");
        Response started = post("/api/v1/streaming/start", "{\"log_file\":\"" + log + "\",\"window_size\":5}");
        assertThat(started.status()).isEqualTo(200);
        assertThat(started.json().path("status").asText()).isEqualTo("started");
        assertThat(started.json().path("file").path("window_size").asInt()).isEqualTo(5);

        Response again = post("/api/v1/streaming/start", "{\"log_file\":\"" + log + "\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("status").asText()).isEqualTo("already_following");
        assertThat(again.json().path("message").asText()).contains("already followed");

        JsonNode status = get("/api/v1/streaming/status").json();
        assertThat(status.path("state").asText()).isEqualTo("streaming");
        assertThat(status.path("files")).hasSize(1);
        JsonNode file = status.path("files").get(0);
        assertThat(file.path("log_file").asText()).isEqualTo(log.toString());
        assertThat(file.path("state").asText()).isEqualTo("Started");
        for (String field : new String[] {"lines", "sequences", "unseen_templates", "alerts", "errors", "throughput"}) {
            assertThat(file.has(field)).as("file field %s", field).isTrue();
        }
        for (String field : new String[] {"processed", "sequences", "unseen_templates", "alerts", "errors", "throughput"}) {
            assertThat(status.path("totals").has(field)).as("totals field %s", field).isTrue();
        }
        assertThat(status.path("scorer").path("scorer").asText()).isNotBlank();
        assertThat(status.path("websocket").path("url").asText()).isEqualTo(websocketUrlWithoutCredentials());
        assertThat(status.path("websocket").path("clients").isInt()).isTrue();
    }

    @Test
    void startRunsAFileWhoseRouteWasStoppedElsewhereAgain() throws Exception {
        Path log = newLogFile("stopped-elsewhere.log");
        String routeId = post("/api/v1/streaming/start", "{\"log_file\":\"" + log + "\"}").json().path("file").path("route_id").asText();
        camel.getRouteController().stopRoute(routeId); // as Hawtio's Stop does
        assertThat(get("/api/v1/streaming/status").json().path("files").get(0).path("state").asText()).isEqualTo("Stopped");

        Response again = post("/api/v1/streaming/start", "{\"log_file\":\"" + log + "\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("status").asText()).isEqualTo("started_again");
        assertThat(again.json().path("file").path("state").asText()).isEqualTo("Started");
        assertThat(camel.getRouteController().getRouteStatus(routeId)).isEqualTo(org.apache.camel.ServiceStatus.Started);
    }

    @Test
    void behindATlsProxyTheAnnouncedWebSocketIsWssOnTheProxysHost() {
        // localhost is a host the origin policy trusts (loopback); the proxy serves the WebSocket path on its own port
        java.net.http.HttpRequest proxied = java.net.http.HttpRequest.newBuilder(uri("/api/v1/streaming/status"))
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "localhost:8443").GET().build();
        assertThat(send(proxied).json().path("websocket").path("url").asText()).isEqualTo("wss://localhost:8443/api/v1/streaming/ws");
        java.net.http.HttpRequest ticket = java.net.http.HttpRequest.newBuilder(uri("/api/v1/streaming/ws-ticket"))
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "localhost:8443").GET().build();
        assertThat(send(ticket).json().path("url").asText()).startsWith("wss://localhost:8443/api/v1/streaming/ws?ticket=");

        // a host nobody configured is not followed: the page would hand its ticket to it
        java.net.http.HttpRequest forged = java.net.http.HttpRequest.newBuilder(uri("/api/v1/streaming/status"))
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "evil.example").GET().build();
        assertThat(send(forged).json().path("websocket").path("url").asText()).isEqualTo(websocketUrlWithoutCredentials());
    }

    @Test
    void stopsOneFileOrAll() throws Exception {
        Path first = newLogFile("first.log");
        Path second = newLogFile("second.log");
        post("/api/v1/streaming/start", "{\"log_file\":\"" + first + "\"}");
        post("/api/v1/streaming/start", "{\"log_file\":\"" + second + "\"}");

        Response one = post("/api/v1/streaming/stop", "{\"log_file\":\"" + first + "\"}");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().path("stopped").get(0).asText()).isEqualTo(first.toString());
        assertThat(get("/api/v1/streaming/status").json().path("files")).hasSize(1);

        Response unknown = post("/api/v1/streaming/stop", "{\"log_file\":\"" + first + "\"}");
        assertError(unknown, 404, "not_following");

        // a body that names no file is a client's unset variable, not "stop everything and forget positions"
        assertError(post("/api/v1/streaming/stop", "{}"), 400, "missing_log_file");
        assertError(post("/api/v1/streaming/stop", "{\"log_file\":null}"), 400, "missing_log_file");
        // a black-box tester: the literal null stopped every followed file
        assertError(post("/api/v1/streaming/stop", "null"), 400, "missing_log_file");
        assertError(post("/api/v1/streaming/stop", "{\"log_file\":\"/logs/a\\u0000b\"}"), 400, "invalid_path");
        // a start's body sent to stop: its window_size would be ignored silently, and the client never learns
        Response startsFields = post("/api/v1/streaming/stop", "{\"log_file\":\"" + second + "\",\"window_size\":5}");
        assertError(startsFields, 400, "unknown_field");
        assertThat(startsFields.json().path("message").asText()).contains("log_file").doesNotContain("StopRequest");
        assertError(post("/api/v1/streaming/stop", "{\"a\":".repeat(1001) + "1" + "}".repeat(1001)), 400, "malformed_json");
        assertThat(get("/api/v1/streaming/status").json().path("files")).hasSize(1);

        Response all = post("/api/v1/streaming/stop", "");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().path("stopped")).hasSize(1);
        assertThat(get("/api/v1/streaming/status").json().path("state").asText()).isEqualTo("idle");
    }

    @Test
    void refusesBadStartRequestsWithAClearJsonError() throws Exception {
        Path log = newLogFile("bad-requests.log");
        Path directory = Files.createDirectories(ROOT.resolve("logs").resolve("a-directory"));
        assertError(post("/api/v1/streaming/start", "{}"), 400, "missing_log_file");
        assertError(post("/api/v1/streaming/start", "{\"log_file\":\"  \"}"), 400, "missing_log_file");
        assertError(post("/api/v1/streaming/start", ""), 400, "missing_body");
        assertError(post("/api/v1/streaming/start", "{\"log_file\": "), 400, "malformed_json");
        assertError(post("/api/v1/streaming/start", "[1,2]"), 400, "invalid_field");
        assertError(post("/api/v1/streaming/start", "{\"log_file\":\"" + ROOT.resolve("logs/missing.log") + "\"}"), 404, "file_not_found");
        assertError(post("/api/v1/streaming/start", "{\"log_file\":\"" + directory + "\"}"), 400, "not_a_file");
        assertError(post("/api/v1/streaming/start", "{\"log_file\":\"" + log + "\",\"window_size\":0}"), 400, "invalid_window_size");
        assertError(post("/api/v1/streaming/start", "{\"log_file\":\"" + log + "\",\"window_size\":100000}"), 400, "invalid_window_size");
        assertError(post("/api/v1/streaming/start", "{\"log_file\":\"" + log + "\",\"window_size\":\"ten\"}"), 400, "invalid_field");
        assertError(post("/api/v1/streaming/start", "{\"log_file\":\"" + log + "\",\"from\":\"middle\"}"), 400, "invalid_from");
        assertThat(get("/api/v1/streaming/status").json().path("files")).isEmpty();
    }

    @Test
    void refusesPathsOutsideTheAllowedRoots() throws Exception {
        Path outside = Files.createTempFile("outside-roots", ".log");
        assertError(post("/api/v1/streaming/start", "{\"log_file\":\"/etc/passwd\"}"), 403, "path_not_allowed");
        assertError(post("/api/v1/streaming/start", "{\"log_file\":\"" + outside + "\"}"), 403, "path_not_allowed");
        String dotDot = ROOT.resolve("logs") + "/../../" + ROOT.getParent().relativize(outside);
        assertError(post("/api/v1/streaming/start", "{\"log_file\":\"" + dotDot + "\"}"), 403, "path_not_allowed");
        Path link = ROOT.resolve("logs").resolve("escape.log");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, outside);
        Response viaLink = post("/api/v1/streaming/start", "{\"log_file\":\"" + link + "\"}");
        assertError(viaLink, 403, "path_not_allowed");
        assertThat(viaLink.json().path("message").asText()).contains("resolves to");
    }
}
