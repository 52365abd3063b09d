package io.logwarden.security;

import io.logwarden.support.LogwardenTestContext;
import io.logwarden.support.TestCredentials;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed logins against the running service, over HTTP, with the default throttle (10 failures in 5 minutes).
 * Each test plays a client at its own address through X-Forwarded-For, which the forwarded-header support this
 * context turns on (as a service behind a proxy would) makes the request's remote address; so the tests do not
 * block one another, and 127.0.0.1, from which the helpers send as the operator, is never blocked. The WebSocket
 * port reads no forwarded headers: its clients connect from other loopback addresses (127.0.0.2...) instead.
 */
@ExtendWith(OutputCaptureExtension.class)
@AutoConfigureObservability(tracing = false) // the Prometheus registry, to read the meter by the name operators scrape
@TestPropertySource(properties = "server.forward-headers-strategy=native")
class FailedLoginThrottleTest extends LogwardenTestContext {

    @Autowired
    MeterRegistry meters;

    /** One browser (cookies, no redirects followed) at one address. */
    private final class Client {
        final String address;
        final CookieManager cookies = new CookieManager();
        final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();

        Client(String address) {
            this.address = address;
        }

        HttpResponse<String> get(String path, String... headers) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("X-Forwarded-For", address).GET();
            if (headers.length > 0) {
                request.headers(headers);
            }
            return send(request.build());
        }

        HttpResponse<String> basic(String user, String password) {
            return get("/api/v1/alerts", "Authorization", TestCredentials.basic(user, password));
        }

        /** The login form as the page submits it: with the CSRF field from the XSRF-TOKEN cookie. */
        HttpResponse<String> formLogin(String user, String password) {
            if (xsrf() == null) {
                get("/login");
            }
            String form = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(xsrf());
            return send(HttpRequest.newBuilder(uri("/login")).header("X-Forwarded-For", address)
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build());
        }

        String xsrf() {
            return cookies.getCookieStore().get(uri("/")).stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                    .map(HttpCookie::getValue).findFirst().orElse(null);
        }

        HttpResponse<String> send(HttpRequest request) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private double counted(String outcome) {
        return meters.get("logwarden.login.failures").tag("outcome", outcome).counter().count();
    }

    private static void assertThrottled(HttpResponse<String> response) {
        assertError(new Response(response.statusCode(), response.body()), 429, "too_many_failed_logins");
        assertThat(response.headers().firstValue("Retry-After")).as("Retry-After").hasValueSatisfying(seconds ->
                assertThat(Long.parseLong(seconds)).isBetween(1L, 300L));
    }

    @Test
    void tenWrongPasswordsThenTheRightOneIsRefusedUncheckedButOnlyForThatAddress(CapturedOutput output) {
        Client attacker = new Client("203.0.113.10");
        double failuresBefore = counted("bad_credentials");
        double throttledBefore = counted("throttled");
        for (int i = 1; i <= 10; i++) {
            assertThat(attacker.basic(TestCredentials.OPERATOR, "guess-" + i).statusCode()).as("guess %d", i).isEqualTo(401);
            if (i == 5) {
                // a password the attacker knows, between the guesses: a success does not wipe the count
                assertThat(attacker.basic(TestCredentials.VIEWER, TestCredentials.VIEWER_PASSWORD).statusCode()).isEqualTo(200);
            }
        }

        assertThrottled(attacker.basic(TestCredentials.OPERATOR, TestCredentials.OPERATOR_PASSWORD));
        assertThrottled(attacker.get("/api/v1/alerts", "X-API-Token", TestCredentials.VIEWER_TOKEN));
        assertThat(attacker.get("/api/v1/alerts").statusCode()).as("no credentials: the usual 401, not 429").isEqualTo(401);

        assertThat(new Client("203.0.113.11").basic(TestCredentials.OPERATOR, TestCredentials.OPERATOR_PASSWORD).statusCode())
                .as("another address").isEqualTo(200);
        assertThat(counted("bad_credentials") - failuresBefore).isEqualTo(10);
        assertThat(counted("throttled") - throttledBefore).isEqualTo(2);
        assertThat(output.getAll().lines().filter(line -> line.contains("Refusing logins from 203.0.113.10 for 300 s after "
                + "10 failed logins in 5 min (last user tried: 'test-operator')")).count()).as("WARN lines").isEqualTo(1);
        assertThat(output.getAll()).doesNotContain("guess-10");

        String prometheus = get("/actuator/prometheus").body();
        assertThat(prometheus).containsPattern("logwarden_login_failures_total\\{[^}]*outcome=\"throttled\"[^}]*} [1-9]")
                .containsPattern("logwarden_login_failures_total\\{[^}]*outcome=\"bad_credentials\"[^}]*} [1-9]");
    }

    @Test
    void wrongApiTokensCountToo() {
        Client scanner = new Client("203.0.113.20");
        for (int i = 1; i <= 10; i++) {
            String wrong = "wrong-token-0123456789-" + i;
            HttpResponse<String> refused = i % 2 == 0 ? scanner.get("/api/v1/alerts", "Authorization", "Bearer " + wrong)
                    : scanner.get("/api/v1/alerts", "X-API-Token", wrong);
            assertThat(refused.statusCode()).as("token %d", i).isEqualTo(401);
        }
        assertThrottled(scanner.get("/api/v1/alerts", "Authorization", "Bearer " + TestCredentials.OPERATOR_TOKEN));
        assertThrottled(scanner.basic(TestCredentials.VIEWER, TestCredentials.VIEWER_PASSWORD));
    }

    @Test
    void aThrottledFormLoginGoesBackToTheLoginPageWithoutASession() {
        Client guesser = new Client("203.0.113.30");
        for (int i = 1; i <= 10; i++) {
            HttpResponse<String> failed = guesser.formLogin(TestCredentials.OPERATOR, "guess-" + i);
            assertThat(failed.statusCode()).isEqualTo(302);
            assertThat(failed.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        }
        double throttledBefore = counted("throttled");
        HttpResponse<String> refused = guesser.formLogin(TestCredentials.OPERATOR, TestCredentials.OPERATOR_PASSWORD);
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(refused.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error=throttled"));
        assertThat(counted("throttled") - throttledBefore).isEqualTo(1);
        assertThat(guesser.get("/api/v1/alerts").statusCode()).as("the right password was not even checked: no session").isEqualTo(401);
    }

    @Test
    void theWebSocketPortSharesTheCountBothWays() throws IOException {
        Client http = new Client("127.0.0.2");
        for (int i = 1; i <= 10; i++) {
            assertThat(http.basic(TestCredentials.OPERATOR, "guess-" + i).statusCode()).isEqualTo(401);
        }
        String refused = handshakeFrom("127.0.0.2", "Authorization: " + TestCredentials.basic(TestCredentials.VIEWER,
                TestCredentials.VIEWER_PASSWORD));
        assertThat(refused).startsWith("HTTP/1.1 429").containsPattern("(?i)retry-after: [1-9]").contains("too_many_failed_logins");
        assertThat(handshakeFrom("127.0.0.2", "X-API-Token: " + TestCredentials.VIEWER_TOKEN)).startsWith("HTTP/1.1 429");

        for (int i = 1; i <= 10; i++) {
            String wrong = i % 2 == 0 ? "X-API-Token: wrong-token-0123456789-" + i
                    : "Authorization: " + TestCredentials.basic(TestCredentials.OPERATOR, "guess-" + i);
            assertThat(handshakeFrom("127.0.0.3", wrong)).as("handshake %d", i).startsWith("HTTP/1.1 401");
        }
        assertThrottled(new Client("127.0.0.3").basic(TestCredentials.OPERATOR, TestCredentials.OPERATOR_PASSWORD));
        assertThat(handshakeFrom("127.0.0.4", "X-API-Token: " + TestCredentials.VIEWER_TOKEN)).as("another address")
                .startsWith("HTTP/1.1 101");
    }

    /** A WebSocket upgrade sent from a loopback address of our choosing; the status line and headers of the answer. */
    private String handshakeFrom(String localAddress, String header) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", websocketPort), 10_000);
            socket.setSoTimeout(10_000);
            String request = "GET /api/v1/streaming/ws HTTP/1.1\r\nHost: localhost:" + websocketPort + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + header + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder head = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                head.append(line).append('\n');
            }
            if (!head.toString().startsWith("HTTP/1.1 101")) {
                char[] body = new char[512];
                int n = in.read(body);
                head.append(n > 0 ? new String(body, 0, n) : "");
            }
            return head.toString();
        }
    }

    @Test
    void aBrowserLoggedInBeforeTheBlockKeepsWorking() {
        Client office = new Client("203.0.113.40");
        HttpResponse<String> login = office.formLogin(TestCredentials.VIEWER, TestCredentials.VIEWER_PASSWORD);
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        Client colleague = new Client(office.address); // someone else behind the same address (NAT, proxy)
        for (int i = 1; i <= 10; i++) {
            colleague.basic(TestCredentials.OPERATOR, "guess-" + i);
        }
        assertThrottled(colleague.basic(TestCredentials.OPERATOR, TestCredentials.OPERATOR_PASSWORD));
        assertThat(office.formLogin(TestCredentials.VIEWER, TestCredentials.VIEWER_PASSWORD).headers().firstValue("Location"))
                .as("logging in again is a login attempt").hasValueSatisfying(l -> assertThat(l).endsWith("/login?error=throttled"));

        HttpResponse<String> session = office.get("/api/v1/alerts");
        assertThat(session.statusCode()).as("the session's own requests: %s", session.body()).isEqualTo(200);
    }
}
