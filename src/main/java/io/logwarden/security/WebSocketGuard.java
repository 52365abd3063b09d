package io.logwarden.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.core.userdetails.UserDetails;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs before the WebSocket upgrade on the Vert.x server: the Origin must be the service's own (or listed in
 * {@code logwarden.security.allowed-origins}), and the handshake must carry a ticket ({@code ?ticket=}), an API
 * token ({@code Authorization: Bearer}, {@code X-API-Token}) or a user's HTTP Basic login, unless
 * {@code logwarden.security.anonymous-read} is on. Refusals answer 401/403 with {"error","message"} and are
 * counted ({@code logwarden_websocket_refused_total}). Wrong tokens and passwords count towards the same
 * {@link LoginThrottle} as the HTTP port's: otherwise this port would be a way around it, BCrypt and all. The address
 * is the connection's own: the Vert.x server reads no forwarded headers.
 */
public class WebSocketGuard implements Handler<RoutingContext> {

    private static final Logger log = LoggerFactory.getLogger(WebSocketGuard.class);
    // one line per client address and minute: a black-box tester's 2,000 handshakes in 1.2 s wrote 544 KB of WARN
    private final RefusalLog refusals = new RefusalLog(log, java.time.Duration.ofMinutes(1));

    private final AccessControl access;
    private final WebSocketTickets tickets;
    private final RequestGuard.OriginPolicy origins;
    private final PasswordEncoder encoder;
    private final Map<String, UserDetails> users;
    private final Counter refused;
    private final LoginThrottle throttle;

    public WebSocketGuard(AccessControl access, WebSocketTickets tickets, RequestGuard.OriginPolicy origins,
                          PasswordEncoder encoder, LoginThrottle throttle, MeterRegistry meters) {
        this.access = access;
        this.throttle = throttle;
        this.tickets = tickets;
        this.origins = origins;
        this.encoder = encoder;
        this.users = access.users().stream().collect(Collectors.toMap(UserDetails::getUsername, Function.identity()));
        this.refused = meters == null ? null : Counter.builder("logwarden.websocket.refused")
                .description("WebSocket handshakes refused (foreign Origin or no valid credentials)").register(meters);
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String originRefusal = origins.refusal(request.getHeader("Origin"), request.getHeader("Sec-Fetch-Site"),
                request.isSSL() ? "https" : "http", request.getHeader("Host"));
        if (originRefusal != null) {
            refuse(context, 403, "cross_origin", originRefusal);
            return;
        }
        List<String> ticket = context.queryParam("ticket");
        if (!ticket.isEmpty()) {
            if (tickets.redeem(ticket.get(0))) {
                context.next();
            } else {
                refuse(context, 401, "unauthorized", "the ticket is unknown, used or expired; get a new one from GET /api/v1/streaming/ws-ticket");
            }
            return;
        }
        String token = token(request);
        Optional<String[]> basic = token == null ? basic(request.getHeader("Authorization")) : Optional.empty();
        String address = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        if (token != null || basic.isPresent()) {
            OptionalLong retryAfter = throttle.refusal(address);
            if (retryAfter.isPresent()) {
                context.response().putHeader("Retry-After", Long.toString(retryAfter.getAsLong()));
                // not logged: LoginThrottle logged the block once, and a guesser would otherwise fill the log
                answer(context, 429, "too_many_failed_logins", LoginThrottle.refusalMessage(address, retryAfter.getAsLong()));
                return;
            }
        }
        if (token != null) {
            if (access.token(token).isPresent()) {
                context.next();
            } else {
                throttle.failed(address, ApiTokenFilter.TOKEN_PRINCIPAL);
                refuse(context, 401, "unauthorized", "the API token is wrong");
            }
            return;
        }
        if (basic.isPresent()) {
            // password hashes are slow on purpose: check off the event loop, holding the request (Vert.x Web needs it
            // paused across an asynchronous step before an upgrade; Camel's handler resumes it after upgrading)
            request.pause();
            context.vertx().<Boolean>executeBlocking(() -> {
                UserDetails user = users.get(basic.get()[0]);
                return user != null && encoder.matches(basic.get()[1], user.getPassword());
            }, false).onComplete(result -> {
                if (result.succeeded() && result.result()) {
                    context.next();
                } else {
                    throttle.failed(address, basic.get()[0]);
                    refuse(context, 401, "unauthorized", "wrong user or password");
                }
            });
            return;
        }
        if (access.anonymousRead()) {
            context.next();
            return;
        }
        refuse(context, 401, "unauthorized", "the WebSocket needs a login: connect with ?ticket= from GET /api/v1/streaming/ws-ticket, "
                + "an API token (Authorization: Bearer) or HTTP Basic");
    }

    private void refuse(RoutingContext context, int status, String error, String message) {
        String address = context.request().remoteAddress() == null ? null : context.request().remoteAddress().hostAddress();
        refusals.warn(address, "Refused a WebSocket handshake from {} (Origin {}): {}", address,
                context.request().getHeader("Origin"), message);
        answer(context, status, error, message);
    }

    private void answer(RoutingContext context, int status, String error, String message) {
        if (refused != null) {
            refused.increment();
        }
        context.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end("{\"error\":" + JsonErrorResponses.quote(error) + ",\"message\":" + JsonErrorResponses.quote(message) + "}");
    }

    private static String token(HttpServerRequest request) {
        return ApiTokenFilter.presentedToken(request::getHeader);
    }

    private static Optional<String[]> basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty() : Optional.of(new String[]{decoded.substring(0, colon), decoded.substring(colon + 1)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
