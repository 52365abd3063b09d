package io.logwarden.security;

import io.logwarden.live.WebSocketProperties;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** WebSocket tickets: single use, short-lived, carried in the URL the API hands out. */
class WebSocketTicketsTest {

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-03T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aTicketOpensOneConnectionWithinItsLifetime() {
        MovableClock clock = new MovableClock();
        WebSocketTickets tickets = new WebSocketTickets(Duration.ofSeconds(30),
                new WebSocketProperties("127.0.0.1", 8001, "/api/v1/streaming/ws", ""), clock);
        Map<String, Object> issued = tickets.issue("localhost:8000", null, null, null);
        String ticket = (String) issued.get("ticket");
        assertThat(issued.get("url")).isEqualTo("ws://localhost:8001/api/v1/streaming/ws?ticket=" + ticket);
        assertThat(ticket).hasSizeGreaterThanOrEqualTo(32);
        assertThat(tickets.redeem(ticket)).isTrue();
        assertThat(tickets.redeem(ticket)).as("used up").isFalse();

        String late = tickets.newTicket();
        clock.now = clock.now.plusSeconds(31);
        assertThat(tickets.redeem(late)).as("expired").isFalse();
        assertThat(tickets.redeem("made-up")).isFalse();
        assertThat(tickets.redeem(null)).isFalse();
    }
}
