package io.logwarden.security;

import io.logwarden.live.WebSocketProperties;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Short-lived, single-use tickets for the WebSocket handshake. A browser cannot put a token in a WebSocket
 * handshake and the session cookie of the HTTP port does not travel to the WebSocket port, so the dashboard asks
 * {@code GET /api/v1/streaming/ws-ticket} (which needs the viewer role like every read) and connects with
 * {@code ?ticket=...}. A ticket is worth one connection within {@code logwarden.security.ticket-ttl}.
 */
@Component
public class WebSocketTickets {

    private static final int MAX_OUTSTANDING = 10_000;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Long> tickets = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final WebSocketAddress address;
    private final Clock clock;

    @org.springframework.beans.factory.annotation.Autowired
    public WebSocketTickets(SecurityProperties security, WebSocketAddress address) {
        this(security.ticketTtl(), address, Clock.systemUTC());
    }

    WebSocketTickets(Duration ttl, WebSocketProperties websocket, Clock clock) {
        this(ttl, new WebSocketAddress(websocket, new RequestGuard.OriginPolicy(java.util.List.of(), java.util.Set.of())), clock);
    }

    private WebSocketTickets(Duration ttl, WebSocketAddress address, Clock clock) {
        this.ttl = ttl;
        this.address = address;
        this.clock = clock;
    }

    /** The answer of GET /api/v1/streaming/ws-ticket. */
    public Map<String, Object> issue(@Header("Host") String host, @Header("X-Forwarded-Proto") String forwardedProto,
                                     @Header("X-Forwarded-Host") String forwardedHost, @Header("X-Forwarded-Port") String forwardedPort) {
        String ticket = newTicket();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ticket", ticket);
        answer.put("expires_in", ttl.toSeconds());
        answer.put("url", address.url(host, forwardedProto, forwardedHost, forwardedPort) + "?ticket=" + ticket);
        return answer;
    }

    public String newTicket() {
        long now = clock.millis();
        if (tickets.size() >= MAX_OUTSTANDING) {
            tickets.values().removeIf(expiry -> expiry < now);
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tickets.put(ticket, now + ttl.toMillis());
        return ticket;
    }

    /** Whether the ticket is valid now; a valid ticket is used up. */
    public boolean redeem(String ticket) {
        if (ticket == null || ticket.isBlank()) {
            return false;
        }
        Long expiry = tickets.remove(ticket);
        return expiry != null && expiry >= clock.millis();
    }
}
