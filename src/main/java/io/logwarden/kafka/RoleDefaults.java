package io.logwarden.kafka;

import io.logwarden.settings.Role;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Turns {@code logwarden.role} into the settings the YAML routes read, so a role is one setting:
 * <ul>
 *   <li>{@code logwarden.pipeline.lines-endpoint}: where tail routes hand their lines
 *       ({@code direct:lines-to-kafka} for an agent, {@code direct:log-lines} otherwise);</li>
 *   <li>{@code logwarden.pipeline.group-lines}: 256 followed lines per exchange when standalone (routes/chunks.yaml),
 *       1 for an agent (Kafka records go one by one) and a detector (its template ids may wait for the database,
 *       a wait routes/errors.yaml retries per line);</li>
 *   <li>{@code logwarden.pipeline.agent-routes} / {@code detector-routes}: the {@code autoStartup} of
 *       routes/kafka-agent.yaml and routes/kafka-detector.yaml; both false when standalone, so a
 *       standalone process never creates a Kafka client;</li>
 *   <li>{@code logwarden.pipeline.live-endpoint}: where score, alert and incident messages go
 *       ({@code direct:live-to-kafka} for a detector, so that every replica's clients see them; else straight
 *       to {@code direct:websocket-enqueue});</li>
 *   <li>{@code logwarden.pipeline.live-group-id}: a consumer group of this process alone, so that it reads
 *       the whole live topic (a broadcast, not shared work);</li>
 *   <li>a detector follows no demo file (it scores what the agents send);</li>
 *   <li>{@code logwarden.kafka.control-group-id}: a consumer group of this process alone, so that every
 *       detector replica reads the whole control topic (routes/kafka-control.yaml).</li>
 * </ul>
 * These sit just above application.yaml: an operator may still override any of them (environment,
 * command line). An unknown role is left for {@link ScaleOutProperties} binding to refuse at start-up.
 */
public class RoleDefaults implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "logwarden-role-defaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String text = Binder.get(environment).bind("logwarden.role", String.class).orElse("standalone");
        Role role;
        try {
            role = Role.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return;
        }
        Map<String, Object> defaults = new java.util.LinkedHashMap<>();
        defaults.put("logwarden.pipeline.lines-endpoint", role == Role.AGENT ? "direct:lines-to-kafka" : "direct:log-lines");
        defaults.put("logwarden.pipeline.group-lines", role == Role.STANDALONE ? "256" : "1");
        defaults.put("logwarden.pipeline.agent-routes", String.valueOf(role == Role.AGENT));
        defaults.put("logwarden.pipeline.detector-routes", String.valueOf(role == Role.DETECTOR));
        defaults.put("logwarden.pipeline.live-endpoint", role == Role.DETECTOR ? "direct:live-to-kafka" : "direct:websocket-enqueue");
        if (role == Role.DETECTOR) {
            defaults.put("logwarden.pipeline.live-group-id", liveGroupId());
            defaults.put("logwarden.demo.enabled", "false");
        }
        defaults.put("logwarden.kafka.control-group-id", Binder.get(environment).bind("logwarden.kafka.group-id", String.class)
                .orElse("logwarden-detectors") + "-control-" + java.util.UUID.randomUUID());
        addAboveApplicationConfig(environment.getPropertySources(), new MapPropertySource(SOURCE_NAME, defaults));
    }

    /** The pod's name when there is one, so that an operator can tell whose group it is in kafka-consumer-groups.sh. */
    private static String liveGroupId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "").replaceAll("[^A-Za-z0-9._-]", "");
        return "logwarden-live-" + (host.isEmpty() ? "" : host + "-") + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Before the first config-data source (application.yaml and friends), or last when there is none. */
    private static void addAboveApplicationConfig(MutablePropertySources sources, PropertySource<?> defaults) {
        sources.remove(SOURCE_NAME);
        for (PropertySource<?> source : sources) {
            if (source.getName().startsWith("Config resource")) {
                sources.addBefore(source.getName(), defaults);
                return;
            }
        }
        sources.addLast(defaults);
    }

    @Override
    public int getOrder() {
        // after ConfigDataEnvironmentPostProcessor has loaded application.yaml
        return Ordered.LOWEST_PRECEDENCE - 10;
    }
}
