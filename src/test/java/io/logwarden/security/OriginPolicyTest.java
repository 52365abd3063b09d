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
}
