package io.logwarden.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One default per setting: the record's (as the configuration metadata declares it). application.yaml and the
 * routes' {@code {{name:default}}} placeholders may repeat a default only because a placeholder cannot see a
 * record's default; where they do, they must say the same thing, or the service would run with one value while
 * the metadata and README promise another.
 */
class DefaultsAgreeTest {

    private static final Pattern ROUTE_DEFAULT = Pattern.compile("\\{\\{(logwarden\\.[a-z0-9.-]+):([^}]*)}}");
    private static final Pattern ROUTE_PLAIN = Pattern.compile("\\{\\{(logwarden\\.[a-z0-9.-]+)}}");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(logwarden\\.[a-z0-9.-]+)}");

    @Test
    void applicationYamlRepeatsOnlyTheRecordsDefaults() throws IOException {
        Map<String, String> defaults = metadataDefaults();
        Map<String, String> yaml = applicationYaml();
        List<String> disagreements = new ArrayList<>();
        yaml.forEach((name, value) -> {
            Matcher reference = REFERENCE.matcher(value);
            String resolved = reference.replaceAll(m -> Matcher.quoteReplacement(yaml.getOrDefault(m.group(1), m.group())));
            if (!same(resolved, defaults.get(name))) {
                disagreements.add(name + ": application.yaml " + value + ", record " + defaults.get(name));
            }
        });
        assertThat(yaml).as("application.yaml read").containsKeys("logwarden.data-dir", "logwarden.websocket.port");
        assertThat(disagreements).as("application.yaml values differing from the records' defaults").isEmpty();
    }

    @Test
    void routePlaceholderDefaultsAreTheRecordsDefaults() throws IOException {
        Map<String, String> defaults = metadataDefaults();
        List<String> disagreements = new ArrayList<>();
        int seen = 0;
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            for (Path route : routes.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                Matcher m = ROUTE_DEFAULT.matcher(Files.readString(route));
                while (m.find()) {
                    seen++;
                    if (!same(m.group(2), defaults.get(m.group(1)))) {
                        disagreements.add(route.getFileName() + ": " + m.group() + ", record " + defaults.get(m.group(1)));
                    }
                }
            }
        }
        assertThat(seen).as("route placeholders with a default found").isGreaterThan(5);
        assertThat(disagreements).as("route placeholder defaults differing from the records' defaults").isEmpty();
    }

    /** A route placeholder without a default fails the route's creation when application.yaml lacks the setting. */
    @Test
    void everyRoutePlaceholderWithoutADefaultIsInApplicationYaml() throws IOException {
        Map<String, String> yaml = applicationYaml();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            for (Path route : routes.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                Matcher m = ROUTE_PLAIN.matcher(Files.readString(route));
                while (m.find()) {
                    // set at start-up from logwarden.role (kafka.RoleDefaults), never in application.yaml
                    if (!yaml.containsKey(m.group(1)) && !m.group(1).startsWith("logwarden.pipeline.")
                            && !m.group(1).equals("logwarden.kafka.control-group-id")) {
                        missing.add(route.getFileName() + ": " + m.group());
                    }
                }
            }
        }
        assertThat(missing).as("route placeholders without a default and not in application.yaml").isEmpty();
    }

    @Test
    void aDifferingValueIsReported() {
        assertThat(same("30s", "30s")).isTrue();
        assertThat(same("./data/demo,logs", "[./data/demo, logs]")).isTrue();
        assertThat(same("true", "false")).isFalse();
        assertThat(same("1000", null)).as("a setting without a declared default").isFalse();
    }

    private static boolean same(String value, String declared) {
        return declared != null && normal(value).equals(normal(declared));
    }

    private static String normal(String value) {
        return value.replaceAll("[\\[\\]\\s]", "").toLowerCase();
    }

    /** logwarden.* of the first document (no profile), flattened to name -> text. */
    private static Map<String, String> applicationYaml() throws IOException {
        try (InputStream in = DefaultsAgreeTest.class.getResourceAsStream("/application.yaml")) {
            Map<String, Object> first = new Yaml().loadAll(in).iterator().next() instanceof Map<?, ?> map ? cast(map) : Map.of();
            Map<String, String> flat = new TreeMap<>();
            flatten("logwarden", first.get("logwarden"), flat);
            return flat;
        }
    }

    private static void flatten(String prefix, Object value, Map<String, String> into) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix + "." + k, v, into));
        } else if (value instanceof List<?> list) {
            into.put(prefix, list.stream().map(String::valueOf).collect(Collectors.joining(",")));
        } else {
            into.put(prefix, String.valueOf(value));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    /** logwarden.* name -> declared default, from the metadata the build generated (records plus the additional file). */
    private static Map<String, String> metadataDefaults() throws IOException {
        try (InputStream in = DefaultsAgreeTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("configuration metadata generated by spring-boot-configuration-processor").isNotNull();
            Map<String, String> defaults = new TreeMap<>();
            for (JsonNode property : new ObjectMapper().readTree(in).path("properties")) {
                JsonNode value = property.get("defaultValue");
                if (property.path("name").asText().startsWith("logwarden.") && value != null) {
                    defaults.put(property.path("name").asText(), value.isArray()
                            ? String.join(",", new ObjectMapper().convertValue(value, String[].class)) : value.asText());
                }
            }
            return defaults;
        }
    }
}
