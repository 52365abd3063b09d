package io.logwarden.ops;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.ResourceReloadStrategy;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

import java.util.Set;

/**
 * Health detail "routesReload" (Spring Boot names it after the bean, routesReloadHealthIndicator, without
 * its HealthIndicator suffix): whether the last change to a file in the routes directory was loaded.
 * A broken file leaves the previous routes running, so this reports DEGRADED (HTTP 200) rather than
 * DOWN and is not part of the readiness group: the service still works, the edit did not take.
 * Camel itself logs "Error reloading routes from file: ..." with the parser's message.
 */
@Component
public class RoutesReloadHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED");

    private final CamelContext camel;

    public RoutesReloadHealthIndicator(CamelContext camel) {
        this.camel = camel;
    }

    @Override
    public Health health() {
        Set<ResourceReloadStrategy> strategies = camel.hasServices(ResourceReloadStrategy.class);
        if (strategies.isEmpty()) {
            return Health.unknown().withDetail("reload", "disabled (camel.main.routes-reload-enabled=false)").build();
        }
        ResourceReloadStrategy strategy = strategies.iterator().next();
        Health.Builder health = strategy.getLastError() == null ? Health.up() : Health.status(DEGRADED);
        health.withDetail("reloaded", strategy.getReloadCounter()).withDetail("failed", strategy.getFailedCounter());
        if (strategy.getLastError() != null) {
            health.withDetail("lastError", describe(strategy.getLastError()))
                    .withDetail("effect", "the last route file change was not loaded; the previous routes keep running");
        }
        return health.build();
    }

    private static String describe(Throwable error) {
        StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
        for (Throwable cause = error.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(" <- ").append(cause.getMessage());
        }
        return text.length() > 2000 ? text.substring(0, 2000) + "..." : text.toString();
    }
}
