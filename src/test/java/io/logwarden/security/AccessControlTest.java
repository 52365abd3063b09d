package io.logwarden.security;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The credentials the service accepts, the token filter, and the refusal to listen beyond loopback without them. */
class AccessControlTest {

    static final PasswordEncoder ENCODER = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    static final String VIEWER_HASH = ENCODER.encode("viewer-password");
    static final AdminCredentials GENERATED = new AdminCredentials("admin", "generated-password", true);

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    static SecurityProperties security(List<SecurityProperties.UserEntry> users, List<SecurityProperties.TokenEntry> tokens) {
        return new SecurityProperties(users, tokens, false, List.of(), null, null, null);
    }

    @Test
    void tokensCarryTheirRoleAndAreKeptOnlyAsDigests() {
        AccessControl access = new AccessControl(GENERATED, security(List.of(),
                List.of(new SecurityProperties.TokenEntry("prometheus", "viewer-token-0123456789", null, "viewer"),
                        new SecurityProperties.TokenEntry("ci", null, sha256Hex("operator-token-0123456789"), "operator"))),
                new ApiProperties(true, "legacy-operator-token-01"), ENCODER);
        assertThat(access.token("viewer-token-0123456789")).get().extracting(AccessControl.Caller::role).isEqualTo(Role.VIEWER);
        assertThat(access.token("operator-token-0123456789")).get().extracting(AccessControl.Caller::role).isEqualTo(Role.OPERATOR);
        assertThat(access.token("legacy-operator-token-01")).get().extracting(AccessControl.Caller::name).isEqualTo("api-token");
        assertThat(access.token("viewer-token-012345678")).isEmpty();
        assertThat(access.credentialsConfigured()).isTrue();
    }

    @Test
    void usersNeedAHashedPasswordAndAKnownRole() {
        AccessControl access = new AccessControl(GENERATED, security(List.of(
                new SecurityProperties.UserEntry("alice", VIEWER_HASH, "viewer")), List.of()), new ApiProperties(true, ""), ENCODER);
        assertThat(access.roleOf("alice")).contains(Role.VIEWER);
        assertThat(access.roleOf("admin")).contains(Role.OPERATOR);
        assertThatThrownBy(() -> new AccessControl(GENERATED, security(List.of(
                new SecurityProperties.UserEntry("bob", "plain-text", "viewer")), List.of()), new ApiProperties(true, ""), ENCODER))
                .hasMessageContaining("must be a hash");
        // a {bcrypt} prefix on something else would start a user who can never log in
        assertThatThrownBy(() -> new AccessControl(GENERATED, security(List.of(
                new SecurityProperties.UserEntry("bob", "{bcrypt}Standard Commons Logging", "viewer")), List.of()),
                new ApiProperties(true, ""), ENCODER))
                .hasMessageContaining("not a BCrypt hash");
        assertThatThrownBy(() -> new AccessControl(GENERATED, security(List.of(
                new SecurityProperties.UserEntry("bob", VIEWER_HASH, "root")), List.of()), new ApiProperties(true, ""), ENCODER))
                .hasMessageContaining("unknown role");
        assertThatThrownBy(() -> new AccessControl(GENERATED, security(List.of(),
                List.of(new SecurityProperties.TokenEntry("short", "abc", null, "viewer"))), new ApiProperties(true, ""), ENCODER))
                .hasMessageContaining("at least 16");
    }

    @Test
    void theTokenFilterAuthenticatesWithTheTokensRoleAndRefusesAWrongOne() throws Exception {
        AccessControl access = new AccessControl(GENERATED, security(List.of(),
                List.of(new SecurityProperties.TokenEntry("dash", "viewer-token-0123456789", null, "viewer"))),
                new ApiProperties(true, ""), ENCODER);
        List<Authentication> failures = new java.util.ArrayList<>();
        ApiTokenFilter filter = new ApiTokenFilter(access, new AuthenticationEventPublisher() {
            @Override
            public void publishAuthenticationSuccess(Authentication authentication) {
            }

            @Override
            public void publishAuthenticationFailure(AuthenticationException exception, Authentication authentication) {
                failures.add(authentication);
            }
        });
        AtomicReference<Authentication> seen = new AtomicReference<>();
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/alerts");
        request.addHeader("Authorization", "Bearer viewer-token-0123456789");
        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> seen.set(SecurityContextHolder.getContext().getAuthentication()));
        assertThat(seen.get().getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_VIEWER");

        MockHttpServletRequest wrong = new MockHttpServletRequest("GET", "/api/v1/alerts");
        wrong.addHeader("X-API-Token", "viewer-token-01234567890");
        MockHttpServletResponse refused = new MockHttpServletResponse();
        filter.doFilter(wrong, refused, new MockFilterChain());
        assertThat(refused.getStatus()).isEqualTo(401);
        assertThat(refused.getContentAsString()).startsWith("{\"error\":\"unauthorized\",\"message\":");
        // reported as Spring Security's failure, with the address the login throttle counts, and never the token
        assertThat(failures).singleElement().satisfies(attempt -> {
            assertThat(attempt.getName()).isEqualTo(ApiTokenFilter.TOKEN_PRINCIPAL);
            assertThat(((WebAuthenticationDetails) attempt.getDetails()).getRemoteAddress()).isEqualTo(wrong.getRemoteAddr());
        });
    }

    @Test
    void refusesToListenBeyondLoopbackWithOnlyAGeneratedPassword() {
        AccessControl demo = new AccessControl(GENERATED, security(List.of(), List.of()), new ApiProperties(true, ""), ENCODER);
        BindGuard.check("127.0.0.1", "127.0.0.1", demo);
        BindGuard.check("localhost", "localhost", demo);
        BindGuard.check("::1", "127.0.0.1", demo);
        // a black-box tester: with ::1 the WebSocket server listened on every interface, on a random port
        assertThatThrownBy(() -> BindGuard.check("::1", "::1", demo)).hasMessageContaining("IPv6 address ::1")
                .hasMessageContaining("logwarden.websocket.host");
        assertThatThrownBy(() -> BindGuard.check("0.0.0.0", "127.0.0.1", demo))
                .hasMessageContaining("Refusing to listen on 0.0.0.0 (server.address) without credentials");
        assertThatThrownBy(() -> BindGuard.check("127.0.0.1", "0.0.0.0", demo)).hasMessageContaining("logwarden.websocket.host");
        assertThatThrownBy(() -> BindGuard.check("", "127.0.0.1", demo)).hasMessageContaining("every interface");
        AccessControl configured = new AccessControl(new AdminCredentials("admin", "chosen-at-length", false),
                security(List.of(), List.of()), new ApiProperties(true, ""), ENCODER);
        BindGuard.check("0.0.0.0", "0.0.0.0", configured);
    }

    /**
     * A black-box tester opened every interface with the operator password "a"; the login throttle slows guessing,
     * it does not make one character safe.
     */
    @Test
    void aShortAdminPasswordKeepsTheServiceOnLoopback() {
        AccessControl weak = new AccessControl(new AdminCredentials("admin", "a", false), security(List.of(),
                List.of(new SecurityProperties.TokenEntry("ci", "0123456789abcdef0123", null, "operator"))),
                new ApiProperties(true, ""), ENCODER);
        BindGuard.check("127.0.0.1", "127.0.0.1", weak);
        assertThatThrownBy(() -> BindGuard.check("0.0.0.0", "127.0.0.1", weak))
                .hasMessageContaining("administrator password shorter than 12 characters");
        AccessControl hashed = new AccessControl(new AdminCredentials("admin", VIEWER_HASH, false), security(List.of(), List.of()),
                new ApiProperties(true, ""), ENCODER);
        BindGuard.check("0.0.0.0", "0.0.0.0", hashed);
    }

    /** The hash given as the admin password was the password: the hash string itself logged in, the password did not. */
    @Test
    void anAdminPasswordGivenAsAHashIsCheckedAsOneAndNoopIsRefused() {
        String hash = ENCODER.encode("operpass12345");
        AccessControl access = new AccessControl(new AdminCredentials("admin", hash, false), security(List.of(), List.of()),
                new ApiProperties(true, ""), ENCODER);
        String stored = access.users().stream().filter(u -> u.getUsername().equals("admin")).findFirst().orElseThrow().getPassword();
        assertThat(ENCODER.matches("operpass12345", stored)).isTrue();
        assertThat(ENCODER.matches(hash, stored)).isFalse();
        assertThatThrownBy(() -> new AccessControl(new AdminCredentials("admin", "{noop}hunter2", false),
                security(List.of(), List.of()), new ApiProperties(true, ""), ENCODER)).hasMessageContaining("{noop} holds the password itself");
        assertThatThrownBy(() -> new AccessControl(GENERATED, security(List.of(
                new SecurityProperties.UserEntry("bob", "{noop}hunter2", "operator")), List.of()), new ApiProperties(true, ""), ENCODER))
                .hasMessageContaining("logwarden.security.users[bob]: {noop} holds the password itself");
    }

    static String sha256Hex(String token) {
        return java.util.HexFormat.of().formatHex(AccessControl.digest(token));
    }
}
