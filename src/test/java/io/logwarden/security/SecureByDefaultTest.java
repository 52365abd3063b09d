package io.logwarden.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.logwarden.support.BrowserSession;
import io.logwarden.support.LogwardenTestContext;
import io.logwarden.support.TestCredentials;
import io.logwarden.support.WebSocketRecorder;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The holes of issue 11 reproduced as an attacker or a new user would, against the running service:
 * cross-site control, anonymous API and WebSocket, Jolokia for any origin, listening on every interface,
 * answers that are not {"error","message"}, unbounded bodies, loose types, raw control characters in the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecureByDefaultTest extends LogwardenTestContext {

    static final String EVIL = "http://evil.example";

    @Autowired
    CamelContext camel;

    // ---- hole 2: cross-site control -------------------------------------------------------------------------

    @Test
    void aCrossSiteFormPostCanNeitherStopNorAcknowledgeNorStartEvenWithALoggedInBrowser() throws IOException {
        Path file = newLogFile("cross-site.log");
        assertThat(post("/api/v1/streaming/start", "{\"log_file\":\"" + file + "\"}").status()).isEqualTo(200);
        BrowserSession browser = BrowserSession.login(httpPort, TestCredentials.OPERATOR, TestCredentials.OPERATOR_PASSWORD);

        // the form any web page can submit, carrying the victim's session cookie
        HttpResponse<String> stop = browser.send(HttpRequest.newBuilder(browser.uri("/api/v1/streaming/stop"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", EVIL)
                .POST(HttpRequest.BodyPublishers.ofString("log_file=" + file)).build());
        assertError(stop, 403, "cross_origin");
        HttpResponse<String> ack = browser.send(HttpRequest.newBuilder(browser.uri("/api/v1/alerts/1/ack"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", EVIL)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertError(ack, 403, "cross_origin");
        // same form without an Origin header (older browsers, privacy proxies): not JSON, refused before the API
        HttpResponse<String> plain = browser.send(HttpRequest.newBuilder(browser.uri("/api/v1/streaming/start"))
                .header("Content-Type", "text/plain").header("X-XSRF-TOKEN", browser.csrf())
                .POST(HttpRequest.BodyPublishers.ofString("{\"log_file\":\"" + file + "\"}")).build());
        assertError(plain, 415, "unsupported_media_type");
        // a type that only starts like JSON's (a black-box tester's "application/jsonx" passed)
        HttpResponse<String> lookalike = browser.send(HttpRequest.newBuilder(browser.uri("/api/v1/streaming/start"))
                .header("Content-Type", "application/jsonx").header("X-XSRF-TOKEN", browser.csrf())
                .POST(HttpRequest.BodyPublishers.ofString("{\"log_file\":\"" + file + "\"}")).build());
        assertError(lookalike, 415, "unsupported_media_type");
        // JSON with the session but without the CSRF token (what a cross-site fetch could at most send)
        HttpResponse<String> noCsrf = browser.send(HttpRequest.newBuilder(browser.uri("/api/v1/streaming/stop"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertError(noCsrf, 403, "csrf_token_missing");
        // the token in the address (where logs, proxies and Referer headers keep it) is not read
        HttpResponse<String> inUrl = browser.send(HttpRequest.newBuilder(browser.uri("/api/v1/streaming/stop?_csrf="
                        + java.net.URLEncoder.encode(browser.csrf(), java.nio.charset.StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertError(inUrl, 403, "csrf_token_missing");
        // nor from a multipart upload's part (a black-box tester's -F _csrf=... was accepted): uploads send the header
        String boundary = "logwarden-test-boundary";
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + browser.csrf()
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"up.log\"\r\n"
                + "Content-Type: text/plain\r\n\r\nline one\r\n--" + boundary + "--\r\n";
        HttpResponse<String> inPart = browser.send(HttpRequest.newBuilder(browser.uri("/api/v1/streaming/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Origin", "http://localhost:" + httpPort)
                .POST(HttpRequest.BodyPublishers.ofString(multipart)).build());
        assertError(inPart, 403, "csrf_token_missing");
        assertThat(get("/api/v1/streaming/status").json().path("files")).as("still followed").hasSize(1);

        // the dashboard's own call: same origin, JSON, CSRF header
        HttpResponse<String> own = browser.send(HttpRequest.newBuilder(browser.uri("/api/v1/streaming/stop"))
                .header("Content-Type", "application/json").header("X-XSRF-TOKEN", browser.csrf())
                .header("Origin", "http://localhost:" + httpPort)
                .POST(HttpRequest.BodyPublishers.ofString("{\"log_file\":\"" + file + "\"}")).build());
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(browser.loginResponse().headers().allValues("Set-Cookie")).filteredOn(c -> c.startsWith("JSESSIONID="))
                .singleElement().asString().contains("SameSite=Strict").contains("HttpOnly");
    }

    // ---- the generic rule: every REST DSL route under /api/v1 needs a login -----------------------------------

    @Test
    void noRestRouteUnderApiV1IsReachableAnonymouslyAndOnlyOperatorsChangeState() {
        List<String[]> routes = new ArrayList<>();
        for (RestDefinition rest : camel.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String path = (rest.getPath() == null ? "" : rest.getPath()) + (verb.getPath() == null ? "" : verb.getPath());
                routes.add(new String[]{verb.asVerb().toUpperCase(Locale.ROOT), path.replaceAll("\\{[^}]+}", "1")});
            }
        }
        assertThat(routes).extracting(r -> r[0] + " " + r[1]).as("the REST routes of the running context")
                .contains("GET /api/v1/alerts", "POST /api/v1/streaming/stop", "POST /api/v1/models/train");
        for (String[] route : routes) {
            assertThat(route[1]).as("REST routes live under /api/v1").startsWith("/api/v1/");
            HttpResponse<String> anonymous = raw(route[0], route[1], null);
            // no credentials at all: told to log in, whatever the method (not a CSRF refusal: there is no session)
            assertThat(anonymous.statusCode()).as("anonymous %s %s: %s", route[0], route[1], anonymous.body()).isEqualTo(401);
            assertThat(json(anonymous).path("error").asText()).isEqualTo("unauthorized");
            HttpResponse<String> viewer = raw(route[0], route[1], TestCredentials.VIEWER_TOKEN);
            if (route[0].equals("GET")) {
                assertThat(viewer.statusCode()).as("viewer %s %s: %s", route[0], route[1], viewer.body()).isNotIn(401, 403);
            } else {
                assertThat(viewer.statusCode()).as("viewer %s %s", route[0], route[1]).isEqualTo(403);
                assertThat(json(viewer).path("error").asText()).isEqualTo("forbidden");
            }
        }
    }

    /**
     * A black-box tester's POST to /actuator/env and /actuator/jolokia with no credentials got 403 csrf_token_missing,
     * as if there were a session: the README promises the 401 that says how to log in, on every method.
     */
    @Test
    void anActuatorRequestWithNoCredentialsAtAllIsTold401WhateverTheMethod() {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            for (String path : List.of("/actuator/env", "/actuator/jolokia", "/actuator/loggers/root")) {
                HttpResponse<String> anonymous = raw(method, path, null);
                assertThat(anonymous.statusCode()).as("anonymous %s %s: %s", method, path, anonymous.body()).isEqualTo(401);
                assertThat(json(anonymous).path("error").asText()).isEqualTo("unauthorized");
            }
        }
        // the firewall refuses TRACE: a method it does not take, not a malformed path (what the tester was told)
        HttpResponse<String> trace = raw("TRACE", "/api/v1/alerts", TestCredentials.VIEWER_TOKEN);
        assertThat(trace.statusCode()).as(trace.body()).isEqualTo(405);
        assertThat(json(trace).path("error").asText()).isEqualTo("method_not_allowed");
    }

    // ---- hole 6: the WebSocket -------------------------------------------------------------------------------

    @Test
    void theWebSocketNeedsCredentialsAndAnOwnOrigin() throws Exception {
        assertThat(handshake(null, null)).as("anonymous").startsWith("HTTP/1.1 401");
        assertThat(handshake(EVIL, "X-API-Token: " + TestCredentials.VIEWER_TOKEN)).as("foreign origin with a valid token")
                .startsWith("HTTP/1.1 403");
        assertThat(handshake(null, "X-API-Token: wrong-token-0123456789")).as("wrong token").startsWith("HTTP/1.1 401");
        assertThat(handshake(null, "Authorization: " + TestCredentials.basic(TestCredentials.VIEWER, "nope"))).startsWith("HTTP/1.1 401");
        assertThat(handshake("http://localhost:" + httpPort, "X-API-Token: " + TestCredentials.VIEWER_TOKEN))
                .as("the dashboard's origin with a token").startsWith("HTTP/1.1 101");
        assertThat(handshake(null, "Authorization: " + TestCredentials.basic(TestCredentials.VIEWER, TestCredentials.VIEWER_PASSWORD)))
                .as("a viewer's login").startsWith("HTTP/1.1 101");

        String url = websocketUrl();
        String query = url.substring(url.indexOf('?'));
        assertThat(handshakeAt(query, "http://localhost:" + httpPort, null)).as("a fresh ticket").startsWith("HTTP/1.1 101");
        assertThat(handshakeAt(query, "http://localhost:" + httpPort, null)).as("the same ticket again").startsWith("HTTP/1.1 401");
        try (WebSocketRecorder client = WebSocketRecorder.connect(websocketUrl())) {
            assertThat(client.awaitType("connection", Duration.ofSeconds(10)).path("status").asText()).isEqualTo("connected");
        }
    }

    // ---- hole 5: Jolokia --------------------------------------------------------------------------------------

    @Test
    void jolokiaAnswersNoOtherOriginAndRunsOperationsOnlyByPost() {
        String login = TestCredentials.basic(TestCredentials.OPERATOR, TestCredentials.OPERATOR_PASSWORD);
        HttpResponse<String> foreign = sendRaw(HttpRequest.newBuilder(uri("/actuator/jolokia/version"))
                .header("Authorization", login).header("Origin", EVIL).GET().build());
        assertError(foreign, 403, "cross_origin");
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> preflight = sendRaw(HttpRequest.newBuilder(uri("/actuator/jolokia"))
                .header("Origin", EVIL).header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();

        HttpResponse<String> execByGet = sendRaw(HttpRequest.newBuilder(uri("/actuator/jolokia/exec/java.lang:type=Memory/gc"))
                .header("Authorization", login).GET().build());
        assertError(execByGet, 405, "method_not_allowed");
        HttpResponse<String> execByQuery = sendRaw(HttpRequest.newBuilder(uri("/actuator/jolokia/?p=/exec/java.lang:type=Memory/gc"))
                .header("Authorization", login).GET().build());
        assertError(execByQuery, 405, "method_not_allowed");
        HttpResponse<String> read = sendRaw(HttpRequest.newBuilder(uri("/actuator/jolokia/version")).header("Authorization", login).GET().build());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(sendRaw(HttpRequest.newBuilder(uri("/actuator/jolokia/version"))
                .header("X-API-Token", TestCredentials.VIEWER_TOKEN).GET().build()).statusCode()).as("a viewer").isEqualTo(403);
    }

    @Test
    void jolokiaRunsNoOperationByGetHoweverTheOperationIsEncodedOrProxied() {
        String login = TestCredentials.basic(TestCredentials.OPERATOR, TestCredentials.OPERATOR_PASSWORD);
        for (String path : List.of("/actuator/jolokia/EXEC/java.lang:type=Memory/gc",
                "/actuator/hawtio/jolokia/exec/java.lang:type=Memory/gc",
                "/actuator/hawtio/jolokia/?p=/%65xec/java.lang:type=Memory/gc")) {
            HttpResponse<String> byGet = sendRaw(HttpRequest.newBuilder(uri(path)).header("Authorization", login).GET().build());
            assertThat(byGet.statusCode()).as("GET %s answered %s", path, byGet.body()).isEqualTo(405);
            assertError(byGet, 405, "method_not_allowed");
        }
        // an escaped letter in the path never reaches Jolokia (nor any other check made on the path as sent)
        for (String path : List.of("/actuator/jolokia/%65xec/java.lang:type=Memory/gc",
                "/actuator/jolokia/%77rite/java.lang:type=Memory/Verbose/true",
                "/actuator/hawtio/jolokia/%65xec/java.lang:type=Memory/gc", "/actuator/jolokia/%72ead/java.lang:type=Memory/Verbose")) {
            HttpResponse<String> byGet = sendRaw(HttpRequest.newBuilder(uri(path)).header("Authorization", login).GET().build());
            assertError(byGet, 400, "malformed_path");
        }
        // double encoding and path parameters: refused one way or the other (the firewall answers 400 first)
        for (String path : List.of("/actuator/jolokia/%2565xec/java.lang:type=Memory/gc",
                "/actuator/jolokia//exec/java.lang:type=Memory/gc", "/actuator/jolokia;x=1/exec/java.lang:type=Memory/gc",
                "/actuator/jolokia%3Bx=1/exec/java.lang:type=Memory/gc")) {
            HttpResponse<String> byGet = sendRaw(HttpRequest.newBuilder(uri(path)).header("Authorization", login).GET().build());
            assertThat(byGet.statusCode()).as("GET %s answered %s", path, byGet.body()).isIn(400, 405);
            assertThat(byGet.body()).as("GET %s answers in the API's error shape", path).contains("\"error\"");
        }
        assertThat(RequestGuard.jolokiaChange("/actuator/jolokia/%2565xec/x", null)).isTrue();
        assertThat(RequestGuard.jolokiaChange("/actuator/jolokia;x=1/exec/x", null)).isTrue();
        assertThat(RequestGuard.jolokiaChange("/actuator/jolokia//exec/x", null)).isTrue();
        assertThat(RequestGuard.jolokiaChange("/actuator/jolokia/%72ead/x", null)).isFalse();
        HttpResponse<String> put = sendRaw(HttpRequest.newBuilder(uri("/actuator/jolokia/exec/java.lang:type=Memory/gc"))
                .header("Authorization", login).PUT(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(put.statusCode()).as("PUT answered %s", put.body()).isEqualTo(405);
        HttpResponse<String> read = sendRaw(HttpRequest.newBuilder(uri("/actuator/jolokia/read/java.lang:type=Memory/Verbose"))
                .header("Authorization", login).GET().build());
        assertThat(read.statusCode()).as("a read still reads: %s", read.body()).isEqualTo(200);
    }

    @Autowired
    io.logwarden.tail.TailRegistry tails;

    @Test
    void aFileNameWithUriSyntaxIsFollowedLiterallyAndItsOwnLinesArrive() throws Exception {
        // inside the roots, a name that, pasted into an endpoint URI, would add a fileName option and a fragment
        Path file = newLogFile("q&fileName=%2F..%2Fetc%2Fpasswd+x#y.log");
        Response started = post("/api/v1/streaming/start",
                JSON.writeValueAsString(java.util.Map.of("log_file", file.toString(), "from", "beginning")));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        append(file, List.of("first own line", "second own line", "third own line"));
        long size = Files.size(file);
        await().atMost(Duration.ofSeconds(20)).until(() -> tails.state(file.toString())
                .map(state -> state.linesRead() == 3 && state.position() == size).orElse(false));
        assertThat(tails.state("/etc/passwd")).isEmpty();
        assertThat(post("/api/v1/streaming/stop", JSON.writeValueAsString(java.util.Map.of("log_file", file.toString()))).status())
                .isEqualTo(200);
    }

    @Test
    void anAnswerNeverCarriesTheRequestsHeadersOrQueryParametersAsHeaders() {
        String login = TestCredentials.basic(TestCredentials.OPERATOR, TestCredentials.OPERATOR_PASSWORD);
        for (String path : List.of("/api/v1/alerts", "/api/v1/alerts/999999999", "/api/v1/incidents", "/api/v1/streaming/status")) {
            HttpResponse<String> answer = sendRaw(HttpRequest.newBuilder(uri(path + "?size=1&Set-Cookie=JSESSIONID%3DATTACKER"
                            + "&Access-Control-Allow-Origin=http%3A%2F%2Fevil.example&Access-Control-Allow-Credentials=true"
                            + "&Refresh=0%3Burl%3Dhttp%3A%2F%2Fevil.example"))
                    .header("Authorization", login).header("X-Probe", "echoed?").GET().build());
            assertThat(answer.statusCode()).as("%s answered %s", path, answer.body()).isIn(200, 404);
            var headers = answer.headers().map().keySet().stream().map(h -> h.toLowerCase(java.util.Locale.ROOT)).toList();
            assertThat(headers).as("response headers of %s", path).doesNotContain("authorization", "x-probe", "size",
                    "access-control-allow-origin", "access-control-allow-credentials", "refresh");
            assertThat(answer.headers().allValues("set-cookie")).as("cookies set by %s", path).noneMatch(c -> c.contains("ATTACKER"));
            assertThat(answer.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        }
    }

    /**
     * A black-box tester: these answered 500 "the log has the details" to anyone, each writing an ERROR with a
     * stack trace (log flooding), and /api sent an API client to the HTML login page.
     */
    @Test
    void escapedOrEmptyServletPathsAndTheErrorPageAreNotServerErrors() {
        for (String path : List.of("/actuator//jolokia/read/java.lang:type=Memory/Verbose",
                "/actuator/%6aolokia/read/java.lang:type=Memory/Verbose", "/actuator/%6Aolokia/version",
                "/%6Cogin", "/api/v1/%61lerts", "/api/v1/alerts%2Dx")) {
            HttpResponse<String> answer = sendRaw(HttpRequest.newBuilder(uri(path)).GET().build());
            assertThat(answer.statusCode()).as("GET %s answered %s", path, answer.body()).isEqualTo(400);
            assertError(answer, 400, "malformed_path");
        }
        // a black-box tester guessed passwords at /%6Cogin while the login throttle refused /login
        HttpResponse<String> login = sendRaw(HttpRequest.newBuilder(uri("/%6Cogin"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=viewer&password=guess")).build());
        assertError(login, 400, "malformed_path");
        HttpResponse<String> accented = sendRaw(HttpRequest.newBuilder(uri("/api/v1/%C3%A9")).GET().build());
        assertThat(accented.statusCode()).as("an escaped non-ASCII letter is not refused as malformed: %s", accented.body()).isEqualTo(401);
        HttpResponse<String> error = sendRaw(HttpRequest.newBuilder(uri("/error")).header("X-API-Token", TestCredentials.OPERATOR_TOKEN)
                .GET().build());
        assertThat(error.statusCode()).as(error.body()).isEqualTo(404);
        assertError(error, 404, "not_found");
        HttpResponse<String> api = sendRaw(HttpRequest.newBuilder(uri("/api")).GET().build());
        assertThat(api.statusCode()).as("an API client is not sent to a login page").isEqualTo(401);
        assertError(api, 401, "unauthorized");
    }

    @Test
    void dotSegmentsArePlainRefusalsNotServerErrors() {
        for (String path : List.of("/hawtio/../actuator/jolokia", "/actuator/health/liveness/../../jolokia",
                "/actuator/x/%2e%2e/jolokia/exec/java.lang:type=Memory/gc", "/api/v1/./alerts")) {
            HttpResponse<String> answer = sendRaw(HttpRequest.newBuilder(uri(path)).GET().build());
            assertThat(answer.statusCode()).as("GET %s answered %s", path, answer.body()).isEqualTo(400);
            assertError(answer, 400, "malformed_path");
        }
    }

    @Test
    void aFileNameThatCamelWouldReadAsAPropertyPlaceholderIsRefused() throws Exception {
        for (String name : List.of("x{{logwarden.security.admin-password}}y.log", "{{env:HOME}}.log", "a}}b.log", "tab\there.log",
                "new\nline.log")) {
            Path file = newLogFile(name);
            Response started = post("/api/v1/streaming/start",
                    JSON.writeValueAsString(java.util.Map.of("log_file", file.toString(), "from", "beginning")));
            assertThat(started.status()).as(started.body()).isEqualTo(400);
            assertThat(started.json().path("error").asText()).isEqualTo("invalid_path");
            assertThat(tails.state(file.toString())).isEmpty();
        }
    }

    @Test
    void errorMessagesEchoAtMost200CharactersOfAClientsValue() throws Exception {
        String huge = "A".repeat(3000);
        Response missing = post("/api/v1/streaming/start", JSON.writeValueAsString(java.util.Map.of("log_file",
                ROOT.resolve("logs").resolve(huge.substring(0, 200)).resolve(huge).toString())));
        Response severity = get("/api/v1/alerts?severity=" + huge);
        Response alertId = get("/api/v1/alerts/" + huge);
        for (Response error : List.of(missing, severity, alertId)) {
            assertThat(error.status()).as(error.body()).isBetween(400, 499);
            String message = error.json().path("message").asText();
            assertThat(message).as("message of %s", error.json().path("error").asText())
                    .doesNotContain("A".repeat(201)).hasSizeLessThanOrEqualTo(400);
        }
        assertThat(missing.json().path("error").asText()).isEqualTo("file_not_found");
        assertThat(severity.json().path("error").asText()).isEqualTo("invalid_severity");
        assertThat(alertId.json().path("error").asText()).isEqualTo("invalid_alert_id");
        assertThat(io.logwarden.web.ApiException.bound("x".repeat(5000))).hasSizeLessThan(250).doesNotContain("x".repeat(201));
    }

    @Test
    void anonymousHealthShowsTheStatusOnly() {
        HttpResponse<String> health = sendRaw(HttpRequest.newBuilder(uri("/actuator/health")).GET().build());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).properties()).extracting(java.util.Map.Entry::getKey).containsExactly("status");
        assertThat(health.body()).doesNotContain(ROOT.toString(), "diskSpace", "/");
        assertThat(get("/actuator/health").body()).as("an operator sees the checks").contains("\"components\"");
    }

    // ---- hole 7: listening only on loopback ----------------------------------------------------------------

    @Test
    void bothPortsListenOnLoopbackOnlyByDefault() throws IOException {
        InetAddress external = nonLoopbackAddress();
        assertThat(canConnect(InetAddress.getLoopbackAddress(), httpPort)).isTrue();
        assertThat(canConnect(InetAddress.getLoopbackAddress(), websocketPort)).isTrue();
        org.junit.jupiter.api.Assumptions.assumeTrue(external != null, "this machine has no non-loopback IPv4 address");
        assertThat(canConnect(external, httpPort)).as("HTTP on " + external).isFalse();
        assertThat(canConnect(external, websocketPort)).as("WebSocket on " + external).isFalse();
    }

    // ---- hole 8: errors, limits, types, log ------------------------------------------------------------------

    @Test
    void everyRefusalUnderApiAndActuatorIsJson() {
        assertError(get("/api/v1/alerts?page=99999999"), 400, "invalid_page");
        assertError(get("/api/v1/alerts?page=9999999999"), 400, "invalid_page");
        assertError(get("/api/v1/no-such-thing"), 404, "not_found");
        assertError(get("/actuator/no-such-thing"), 404, "not_found");
        assertError(get("/actuator/health/no-such-check"), 404, "not_found");
        HttpRequest onWebSocketPort = HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + websocketPort
                + "/api/v1/streaming/status")).GET().build();
        assertError(sendAnonymously(onWebSocketPort), 404, "not_found");
        assertError(sendAnonymously(HttpRequest.newBuilder(uri("/actuator/health/db")).GET().build()), 404, "not_found");
        assertError(send(HttpRequest.newBuilder(uri("/api/v1/alerts")).DELETE().build()), 405, "method_not_allowed");
        assertError(sendAnonymously(HttpRequest.newBuilder(uri("/api/v1/alerts")).GET().build()), 401, "unauthorized");
        assertError(get("/api/v1/alerts/..%2F..%2Fetc"), 400, null);
        assertError(post("/api/v1/streaming/start", "{\"log_file\":123}"), 400, "invalid_field");
        assertError(post("/api/v1/streaming/start", "{\"log_file\":\"x.log\",\"window_size\":\"10\"}"), 400, "invalid_field");
        assertError(post("/api/v1/streaming/start", "{\"log_file\":\"x.log\",\"window_size\":10.5}"), 400, "invalid_field");
        String longPath = "a".repeat(500_000);
        Response refused = post("/api/v1/streaming/start", "{\"log_file\":\"/" + longPath + "\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().length()).as("the refusal does not echo the whole field").isLessThan(2_000);
    }

    @Test
    void aJsonBodyOverTheLimitIsRefusedWithoutReadingTheRest() throws IOException {
        // 200 MB announced, 2 MB sent: the answer must come before the rest is sent
        try (Socket socket = new Socket("localhost", httpPort)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/streaming/start HTTP/1.1\r\nHost: localhost:" + httpPort + "\r\nX-API-Token: "
                    + TestCredentials.OPERATOR_TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: 209715200\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(("{\"log_file\":\"" + "x".repeat(2_000_000)).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readHead(socket);
            assertThat(answer).startsWith("HTTP/1.1 413").contains("body_too_large");
        }
        // without Content-Length (chunked): read up to the limit, then refused
        Response chunked = send(HttpRequest.newBuilder(uri("/api/v1/streaming/start")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        ("{\"log_file\":\"" + "y".repeat(3_000_000) + "\"}").getBytes(StandardCharsets.US_ASCII)))).build());
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.json().path("error").asText()).isEqualTo("body_too_large");
    }

    @Test
    void controlCharactersNeverReachTheServiceLogRaw(CapturedOutput output) {
        LoggerFactory.getLogger("io.logwarden.alerts").warn("sample line: {}", "sudo: \u001b[2J\u001b[1;1Hroot : fake\rCRITICAL\nforged");
        assertThat(output.getAll()).contains("sudo: \\u001b[2J\\u001b[1;1Hroot : fake\\rCRITICAL\\nforged")
                .doesNotContain("\u001b[2J");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private HttpResponse<String> raw(String method, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (token != null) {
            request.header("X-API-Token", token);
        }
        if (method.equals("GET")) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString("{}"));
        }
        return sendRaw(request.build());
    }

    private HttpResponse<String> sendRaw(HttpRequest request) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        return new Response(response.statusCode(), response.body()).json();
    }

    private static void assertError(HttpResponse<String> response, int status, String error) {
        assertError(new Response(response.statusCode(), response.body()), status, error);
    }

    /** Hides LogwardenTestContext's: here a null {@code error} accepts any code. */
    protected static void assertError(Response response, int status, String error) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        JsonNode body = response.json();
        assertThat(body.path("message").asText()).as(response.body()).isNotBlank();
        if (error != null) {
            assertThat(body.path("error").asText()).as(response.body()).isEqualTo(error);
        } else {
            assertThat(body.path("error").asText()).as(response.body()).isNotBlank();
        }
    }

    private String handshake(String origin, String header) throws IOException {
        return handshakeAt("", origin, header);
    }

    /** A raw WebSocket upgrade request; returns the status line and headers of the answer. */
    private String handshakeAt(String query, String origin, String header) throws IOException {
        try (Socket socket = new Socket("localhost", websocketPort)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("GET /api/v1/streaming/ws" + query + " HTTP/1.1\r\n")
                    .append("Host: localhost:").append(websocketPort).append("\r\n")
                    .append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                    .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
            if (origin != null) {
                request.append("Origin: ").append(origin).append("\r\n");
            }
            if (header != null) {
                request.append(header).append("\r\n");
            }
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            return readHead(socket);
        }
    }

    private static String readHead(Socket socket) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder head = new StringBuilder();
        String line;
        int contentLength = -1;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
            head.append(line).append('\n');
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                contentLength = Integer.parseInt(line.substring(15).trim());
            }
        }
        if (contentLength < 0) {
            // no Content-Length (the connection closes after the answer): our JSON bodies end with their first '}'
            int c;
            while ((c = in.read()) >= 0) {
                head.append((char) c);
                if (c == '}') {
                    break;
                }
            }
            return head.toString();
        }
        char[] body = new char[Math.min(contentLength, 4096)];
        int read = 0;
        while (read < body.length) {
            int n = in.read(body, read, body.length - read);
            if (n < 0) {
                break;
            }
            read += n;
        }
        return head.append(new String(body, 0, read)).toString();
    }

    private static boolean canConnect(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return address;
                }
            }
        }
        return null;
    }
}
