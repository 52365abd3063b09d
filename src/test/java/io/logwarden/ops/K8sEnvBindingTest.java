package io.logwarden.ops;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every LOGWARDEN_* variable the Kubernetes manifests set must land on a real property: a misspelt name
 * (e.g. LOGWARDEN_ALLOWEDROOTS instead of LOGWARDEN_TAIL_ALLOWEDROOTS) is silently ignored by Spring.
 */
class K8sEnvBindingTest {

    /** Variable -> the property it must set, through Spring's relaxed binding of environment variables. */
    static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry("LOGWARDEN_WEBSOCKET_PORT", "logwarden.websocket.port"),
            Map.entry("LOGWARDEN_ROUTESDIR", "logwarden.routes-dir"),
            Map.entry("LOGWARDEN_MODELSDIR", "logwarden.models-dir"),
            Map.entry("LOGWARDEN_DATADIR", "logwarden.data-dir"),
            Map.entry("LOGWARDEN_TAIL_ALLOWEDROOTS", "logwarden.tail.allowed-roots"),
            Map.entry("LOGWARDEN_TAIL_FOLLOW", "logwarden.tail.follow"),
            Map.entry("LOGWARDEN_API_TOKENREQUIRED", "logwarden.api.token-required"),
            Map.entry("LOGWARDEN_API_TOKEN", "logwarden.api.token"),
            Map.entry("LOGWARDEN_ADMIN_USER", "logwarden.admin.user"),
            Map.entry("LOGWARDEN_ADMIN_PASSWORD", "logwarden.admin.password"),
            Map.entry("LOGWARDEN_DEMO_ENABLED", "logwarden.demo.enabled"),
            Map.entry("LOGWARDEN_BINDADDRESS", "logwarden.bind-address"));

    static final Pattern VARIABLE = Pattern.compile("(?:- |name: )(LOGWARDEN_[A-Z_]+)");

    @Test
    void everyLogwardenVariableInK8sBindsToARealProperty() throws IOException {
        TreeSet<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Matcher m = VARIABLE.matcher(Files.readString(file));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        assertThat(used).as("variables found in k8s/").contains("LOGWARDEN_TAIL_ALLOWEDROOTS", "LOGWARDEN_API_TOKENREQUIRED",
                "LOGWARDEN_BINDADDRESS", "LOGWARDEN_ADMIN_PASSWORD", "LOGWARDEN_API_TOKEN");
        assertThat(KNOWN.keySet()).as("LOGWARDEN_* variables in k8s/ that set no known property").containsAll(used);
        for (String variable : used) {
            Binder binder = new Binder(ConfigurationPropertySources.from(
                    new SystemEnvironmentPropertySource("systemEnvironment", Map.of(variable, "probe-value"))));
            assertThat(binder.bind(KNOWN.get(variable), String.class).orElse(null)).as(variable).isEqualTo("probe-value");
        }
    }

    @Test
    void theOldMisspeltNamesWouldNotHaveBound() {
        Binder binder = new Binder(ConfigurationPropertySources.from(
                new SystemEnvironmentPropertySource("systemEnvironment", Map.of("LOGWARDEN_ALLOWEDROOTS", "/var/log"))));
        assertThat(binder.bind("logwarden.tail.allowed-roots", String.class).isBound()).isFalse();
    }
}
