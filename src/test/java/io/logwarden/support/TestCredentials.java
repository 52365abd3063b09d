package io.logwarden.support;

import org.springframework.test.context.DynamicPropertyRegistry;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The known logins every integration test context runs with. A test that builds its own Spring context calls
 * {@link #register(DynamicPropertyRegistry)} from its {@code @DynamicPropertySource}; requests then authenticate
 * with {@link #asOperator(HttpRequest.Builder)} (or the header constants). Tests extending
 * {@link LogwardenTestContext} get this for free: its {@code get}/{@code post}/{@code send} act as the operator.
 */
public final class TestCredentials {

    public static final String OPERATOR = "test-operator";
    public static final String OPERATOR_PASSWORD = "test-operator-password";
    public static final String VIEWER = "test-viewer";
    public static final String VIEWER_PASSWORD = "test-viewer-password";
    static final String VIEWER_PASSWORD_HASH = "{bcrypt}$2a$04$nBrqN.u8GjZ77N8vVgv.MOawMBk6sXFkbEHlUOBYHwM3jsfI0bR9K";
    public static final String OPERATOR_TOKEN = "test-operator-token-0123456789";
    public static final String VIEWER_TOKEN = "test-viewer-token-0123456789";

    private TestCredentials() {
    }

    public static void register(DynamicPropertyRegistry registry) {
        registry.add("logwarden.admin.user", () -> OPERATOR);
        registry.add("logwarden.admin.password", () -> OPERATOR_PASSWORD);
        registry.add("logwarden.security.users[0].name", () -> VIEWER);
        // BCrypt of VIEWER_PASSWORD at cost 4, so that logins stay quick in tests ({noop} is refused)
        registry.add("logwarden.security.users[0].password", () -> VIEWER_PASSWORD_HASH);
        registry.add("logwarden.security.users[0].role", () -> "viewer");
        registry.add("logwarden.security.tokens[0].name", () -> "test-operator-token");
        registry.add("logwarden.security.tokens[0].token", () -> OPERATOR_TOKEN);
        registry.add("logwarden.security.tokens[0].role", () -> "operator");
        registry.add("logwarden.security.tokens[1].name", () -> "test-viewer-token");
        registry.add("logwarden.security.tokens[1].token", () -> VIEWER_TOKEN);
        registry.add("logwarden.security.tokens[1].role", () -> "viewer");
    }

    public static HttpRequest.Builder asOperator(HttpRequest.Builder request) {
        return request.header("X-API-Token", OPERATOR_TOKEN);
    }

    public static HttpRequest.Builder asViewer(HttpRequest.Builder request) {
        return request.header("X-API-Token", VIEWER_TOKEN);
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a request already says who sends it. */
    static boolean authenticated(HttpRequest request) {
        return request.headers().firstValue("X-API-Token").isPresent() || request.headers().firstValue("Authorization").isPresent()
                || request.headers().firstValue("Cookie").isPresent();
    }
}
