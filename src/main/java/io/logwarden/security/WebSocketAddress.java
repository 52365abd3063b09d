package io.logwarden.security;

import io.logwarden.live.WebSocketProperties;
import org.springframework.stereotype.Component;

import java.util.Locale;

/**
 * The WebSocket URL announced to a page (GET /api/v1/streaming/status and ws-ticket). Behind a TLS proxy the page is
 * https:// and may only open wss:// on the proxy's host, which routes the WebSocket path (k8s/base/ingress.yaml): the
 * proxy says so in X-Forwarded-Proto and X-Forwarded-Host. Those headers are anyone's to send, so they are followed
 * only for a host the origin policy trusts (loopback, an IP address, or the host of
 * {@code logwarden.security.allowed-origins}, which a proxied service lists anyway); a page must never be sent to
 * open its WebSocket, with its ticket, on a host someone else named. {@code logwarden.websocket.public-url} wins.
 */
@Component
public class WebSocketAddress {

    private final WebSocketProperties websocket;
    private final RequestGuard.OriginPolicy origins;

    public WebSocketAddress(WebSocketProperties websocket, RequestGuard.OriginPolicy origins) {
        this.websocket = websocket;
        this.origins = origins;
    }

    public String url(String host, String forwardedProto, String forwardedHost, String forwardedPort) {
        if (!websocket.publicUrl().isBlank() || (blank(forwardedProto) && blank(forwardedHost))) {
            return websocket.urlFor(host);
        }
        String proto = blank(forwardedProto) ? "http" : first(forwardedProto).toLowerCase(Locale.ROOT);
        String authority = blank(forwardedHost) ? (host == null ? "" : host.trim()) : first(forwardedHost);
        if (!proto.equals("http") && !proto.equals("https") || !authority.matches("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+](:\\d{1,5})?")) {
            return websocket.urlFor(host);
        }
        String name = authority.startsWith("[") ? authority.substring(0, authority.indexOf(']') + 1)
                : authority.replaceFirst(":\\d+$", "");
        if (!origins.trustedHost(name) || authority.length() > name.length() && !validPort(authority.substring(name.length() + 1))) {
            return websocket.urlFor(host);
        }
        String port = "";
        if (authority.length() == name.length() && !blank(forwardedPort) && validPort(first(forwardedPort))) {
            String p = first(forwardedPort);
            boolean usual = p.equals(proto.equals("https") ? "443" : "80");
            port = usual ? "" : ":" + p;
        }
        // the proxy serves the WebSocket path on its own host and port, not on the service's WebSocket port
        return (proto.equals("https") ? "wss" : "ws") + "://" + authority + port + websocket.path();
    }

    /** 1-65535: a page told to connect to port 0 or 99999 would only fail, and say nothing of why. */
    private static boolean validPort(String value) {
        return value.matches("\\d{1,5}") && Integer.parseInt(value) >= 1 && Integer.parseInt(value) <= 65535;
    }

    /** A proxy chain lists one value per hop; the first is what the browser used. */
    private static String first(String value) {
        int comma = value.indexOf(',');
        return (comma < 0 ? value : value.substring(0, comma)).trim();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
