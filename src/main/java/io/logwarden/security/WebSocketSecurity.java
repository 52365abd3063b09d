package io.logwarden.security;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The WebSocket server with its handshake guard (see {@link WebSocketGuard}). */
@Configuration(proxyBeanMethods = false)
public class WebSocketSecurity {

    @Bean("vertx-websocket")
    GuardedWebsocketComponent vertxWebsocket(AccessControl access, WebSocketTickets tickets, RequestGuard.OriginPolicy origins,
                                             PasswordEncoder encoder, LoginThrottle throttle, ObjectProvider<MeterRegistry> meters) {
        return new GuardedWebsocketComponent(new WebSocketGuard(access, tickets, origins, encoder, throttle, meters.getIfAvailable()));
    }
}
