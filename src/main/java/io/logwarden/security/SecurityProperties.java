package io.logwarden.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.validation.annotation.Validated;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;

/**
 * {@code logwarden.security.*}: who may log in and from where.
 *
 * @param users          people: name, password hash ({@code {bcrypt}$2a$...}; a hash from {@code htpasswd -bnBC 10 "" PW}
 *                       works too) and role (viewer or operator)
 * @param tokens         machines: name, the token (or its SHA-256 in hex as {@code token-sha256}) and role; sent as
 *                       {@code Authorization: Bearer <token>} or {@code X-API-Token: <token>}
 * @param anonymousRead  opens read-only (viewer) access without a login: dashboard, alerts, status, WebSocket.
 *                       Changing anything still needs an operator
 * @param allowedOrigins origins besides the service's own that may open the WebSocket and send state-changing
 *                       requests (e.g. {@code https://logwarden.example.com} behind an ingress)
 * @param jsonBodyLimit  largest JSON request body; a larger one is refused with 413 before it is read
 * @param ticketTtl      how long a WebSocket ticket from {@code GET /api/v1/streaming/ws-ticket} stays valid (single use)
 * @param loginThrottle  how many failed logins one client address may make before its logins are refused for a while
 */
@ConfigurationProperties(prefix = "logwarden.security")
@Validated
public record SecurityProperties(@DefaultValue List<UserEntry> users,
                                 @DefaultValue List<TokenEntry> tokens,
                                 @DefaultValue("false") boolean anonymousRead,
                                 @DefaultValue List<String> allowedOrigins,
                                 @DefaultValue("1MB") DataSize jsonBodyLimit,
                                 @DefaultValue("30s") @DurationMin(millis = 1) Duration ticketTtl,
                                 @DefaultValue @Valid LoginThrottleSettings loginThrottle) {

    public SecurityProperties {
        users = users == null ? List.of() : List.copyOf(users);
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        allowedOrigins = allowedOrigins == null ? List.of()
                : allowedOrigins.stream().filter(o -> o != null && !o.isBlank()).map(String::trim).toList();
    }

    /**
     * {@code logwarden.security.login-throttle.*}: failed logins (form, HTTP Basic, API token) counted per client address.
     *
     * @param maxFailures failed logins from one address within {@code window} after which its further attempts are
     *                    answered 429 without checking them, until one {@code window} has passed; {@code 0} turns the
     *                    throttle off (for a reverse proxy that throttles logins itself)
     * @param window      how long failures are remembered (counted from an address's first failure), and how long
     *                    an address stays refused once it is
     */
    public record LoginThrottleSettings(@DefaultValue("10") @Min(value = 0, message = "must be 0 (off) or more") int maxFailures,
                                        @DefaultValue("5m") @DurationMin(seconds = 1) Duration window) {
    }

    /** A person who logs in with a password. */
    public record UserEntry(String name, String password, String role) {
        @Override
        public String toString() {
            return "UserEntry[name=" + name + ", role=" + role + "]";
        }
    }

    /** A machine (script, Prometheus, the watch CLI) that presents a token. */
    public record TokenEntry(String name, String token, String tokenSha256, String role) {
        @Override
        public String toString() {
            return "TokenEntry[name=" + name + ", role=" + role + "]";
        }
    }
}
