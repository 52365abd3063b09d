package io.logwarden.security;

import io.logwarden.live.WebSocketProperties;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The WebSocket URL a page is told: forwarded by a proxy only for a host the origin policy trusts. */
class WebSocketAddressTest {

    private final WebSocketProperties websocket = new WebSocketProperties("127.0.0.1", 8001, "/api/v1/streaming/ws", "");
    private final WebSocketAddress address = new WebSocketAddress(websocket,
            new RequestGuard.OriginPolicy(List.of("https://logwarden.example.com"), Set.of(8000, 8001)));

    @Test
    void withoutForwardingTheServicesOwnWebSocketPort() {
        assertThat(address.url("logwarden.internal:8000", null, null, null)).isEqualTo("ws://logwarden.internal:8001/api/v1/streaming/ws");
    }

    @Test
    void behindATlsProxyOfAnAllowedOriginWssOnTheProxysHost() {
        assertThat(address.url("10.0.0.7:8000", "https", "logwarden.example.com", null))
                .isEqualTo("wss://logwarden.example.com/api/v1/streaming/ws");
        assertThat(address.url("10.0.0.7:8000", "https", "logwarden.example.com", "8443"))
                .isEqualTo("wss://logwarden.example.com:8443/api/v1/streaming/ws");
        assertThat(address.url("10.0.0.7:8000", "https", "logwarden.example.com", "443"))
                .isEqualTo("wss://logwarden.example.com/api/v1/streaming/ws");
        // a chain of proxies: the first hop is what the browser used
        assertThat(address.url("10.0.0.7:8000", "https, http", "logwarden.example.com, ingress.local", null))
                .isEqualTo("wss://logwarden.example.com/api/v1/streaming/ws");
        // the proxy kept the browser's Host and said only that it terminated TLS
        assertThat(address.url("logwarden.example.com", "https", null, null)).isEqualTo("wss://logwarden.example.com/api/v1/streaming/ws");
    }

    @Test
    void forwardingToAHostNobodyTrustedIsIgnored() {
        String own = "ws://10.0.0.7:8001/api/v1/streaming/ws";
        assertThat(address.url("10.0.0.7:8000", "https", "evil.example", null)).isEqualTo(own);
        assertThat(address.url("10.0.0.7:8000", "https", "logwarden.example.com.evil.example", null)).isEqualTo(own);
        assertThat(address.url("10.0.0.7:8000", "https", "logwarden.example.com/x@evil.example", null)).isEqualTo(own);
        assertThat(address.url("10.0.0.7:8000", "javascript", "logwarden.example.com", null)).isEqualTo(own);
    }

    @Test
    void aPortNoProxyCouldServeIsNotAnnounced() {
        String own = "ws://10.0.0.7:8001/api/v1/streaming/ws";
        assertThat(address.url("10.0.0.7:8000", "https", "logwarden.example.com", "99999"))
                .isEqualTo("wss://logwarden.example.com/api/v1/streaming/ws");
        assertThat(address.url("10.0.0.7:8000", "https", "logwarden.example.com", "0"))
                .isEqualTo("wss://logwarden.example.com/api/v1/streaming/ws");
        assertThat(address.url("10.0.0.7:8000", "https", "logwarden.example.com:0", null)).isEqualTo(own);
        assertThat(address.url("10.0.0.7:8000", "https", "logwarden.example.com:70000", null)).isEqualTo(own);
        assertThat(address.url("10.0.0.7:8000", "https", "logwarden.example.com:8443", null))
                .isEqualTo("wss://logwarden.example.com:8443/api/v1/streaming/ws");
    }

    @Test
    void aConfiguredPublicUrlWins() {
        WebSocketAddress fixed = new WebSocketAddress(new WebSocketProperties("127.0.0.1", 8001, "/api/v1/streaming/ws",
                "wss://stream.example.com/ws"), new RequestGuard.OriginPolicy(List.of("https://logwarden.example.com"), Set.of()));
        assertThat(fixed.url("10.0.0.7:8000", "https", "logwarden.example.com", null)).isEqualTo("wss://stream.example.com/ws");
    }
}
