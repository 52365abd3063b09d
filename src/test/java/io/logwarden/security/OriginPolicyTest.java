package io.logwarden.security;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same-origin rule for state-changing requests and the WebSocket handshake, attacked by DNS rebinding: a
 * page on evil.example whose name now resolves to the service sends Host and Origin evil.example.
 */
class OriginPolicyTest {

    @Test
    void withCredentialsRequiredTheRequestsOwnHostIsItsOrigin() {
        RequestGuard.OriginPolicy policy = new RequestGuard.OriginPolicy(List.of(), Set.of(8000, 8001));
        assertThat(policy.refusal("http://logwarden.internal:8000", null, "http", "logwarden.internal:8000")).isNull();
        assertThat(policy.refusal("http://evil.example", null, "http", "logwarden.internal:8000")).contains("not this service's");
    }

    @Test
    void withAnonymousReadsARebindingHostIsNotTrustedAsTheServicesOwn() {
        RequestGuard.OriginPolicy policy = new RequestGuard.OriginPolicy(List.of("https://logwarden.example.com"),
                Set.of(8000, 8001), true);
        assertThat(policy.refusal("http://evil.example:8000", null, "http", "evil.example:8000")).as("DNS rebinding").isNotNull();
        assertThat(policy.refusal("http://evil.example:8001", null, "http", "evil.example:8001")).isNotNull();
        assertThat(policy.refusal("http://localhost:8000", null, "http", "localhost:8000")).isNull();
        assertThat(policy.refusal("http://127.0.0.1:8000", null, "http", "127.0.0.1:8000")).isNull();
        assertThat(policy.refusal("http://[::1]:8000", null, "http", "[::1]:8000")).isNull();
        assertThat(policy.refusal("http://10.1.2.3:8000", null, "http", "10.1.2.3:8000")).as("an IP has no DNS to rebind").isNull();
        assertThat(policy.refusal("https://logwarden.example.com", null, "https", "logwarden.example.com"))
                .as("an allowed origin").isNull();
    }

    /**
     * A black-box tester: with anonymous reads, a GET under Host evil.example:18080 was answered like one to
     * 127.0.0.1; a rebinding page's same-origin GET carries no Origin, so only the Host tells it apart.
     */
    @Test
    void withAnonymousReadsAnUntrustedHostIsNamedForEveryRequest() {
        RequestGuard.OriginPolicy open = new RequestGuard.OriginPolicy(List.of("https://logwarden.example.com"),
                Set.of(8000, 8001), true);
        assertThat(open.untrustedHost("evil.example:8000")).isEqualTo("evil.example");
        assertThat(open.untrustedHost("EVIL.example")).isEqualTo("EVIL.example");
        assertThat(open.untrustedHost("bad host")).isEqualTo("bad host");
        for (String trusted : List.of("localhost:8000", "127.0.0.1:8000", "[::1]:8000", "10.1.2.3", "logwarden.example.com")) {
            assertThat(open.untrustedHost(trusted)).as(trusted).isNull();
        }
        assertThat(open.untrustedHost(null)).as("no browser sends no Host").isNull();
        RequestGuard.OriginPolicy closed = new RequestGuard.OriginPolicy(List.of(), Set.of(8000, 8001));
        assertThat(closed.untrustedHost("evil.example:8000")).as("reads need a login: the login is the protection").isNull();
    }

    @Test
    void theRequestGuardAnswersAnUntrustedHost403BeforeAnythingIsRead() throws Exception {
        RequestGuard guard = new RequestGuard(new RequestGuard.OriginPolicy(List.of(), Set.of(8000, 8001), true), 1 << 20);
        var request = new org.springframework.mock.web.MockHttpServletRequest("GET", "/api/v1/alerts");
        request.addHeader("Host", "evil.example:8000");
        var response = new org.springframework.mock.web.MockHttpServletResponse();
        var chain = new org.springframework.mock.web.MockFilterChain();
        guard.doFilter(request, response, chain);
        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getContentAsString()).contains("\"error\":\"untrusted_host\"");
        assertThat(chain.getRequest()).as("not passed on").isNull();

        var local = new org.springframework.mock.web.MockHttpServletRequest("GET", "/api/v1/alerts");
        local.addHeader("Host", "127.0.0.1:8000");
        var passed = new org.springframework.mock.web.MockFilterChain();
        guard.doFilter(local, new org.springframework.mock.web.MockHttpServletResponse(), passed);
        assertThat(passed.getRequest()).isNotNull();
    }
}
