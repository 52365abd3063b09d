package io.logwarden.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every setting the service reads is declared in Spring's configuration metadata (generated from the
 * {@code @ConfigurationProperties} records, those read only by routes and placeholders included), and every
 * LOGWARDEN_* variable the Kubernetes manifests set lands on
 * one of them: a misspelt name (LOGWARDEN_ALLOWEDROOTS for LOGWARDEN_TAIL_ALLOWEDROOTS) is silently ignored
 * by Spring, and a setting read nowhere in the metadata is one an operator cannot discover.
 */
class K8sEnvBindingTest {

    static final Pattern VARIABLE = Pattern.compile("(?:- |name: )(LOGWARDEN_[A-Z0-9_]+)");
    /** An element of a list setting: LOGWARDEN_TAIL_SOURCES_0_PATH is logwarden.tail.sources[0].path. */
    static final Pattern INDEXED = Pattern.compile("(LOGWARDEN_[A-Z_]+?)_(\\d+)_([A-Z0-9_]+)");
    /** A logwarden.* setting read by a Spring ({@code ${...}}) or Camel ({@code {{...}}}) placeholder. */
    static final Pattern PLACEHOLDER = Pattern.compile("(?:\\$\\{|\\{\\{)(logwarden\\.[a-z0-9.\\-]+)");

    @Test
    void everyLogwardenVariableInK8sBindsToADeclaredSetting() throws IOException {
        Map<String, String> byVariable = new TreeMap<>();
        Map<String, String> types = declaredTypes();
        for (String property : types.keySet()) {
            // Spring's relaxed binding of environment variables: upper case, '.' to '_', '-' dropped
            byVariable.put(property.toUpperCase(Locale.ROOT).replace(".", "_").replace("-", ""), property);
        }
        TreeSet<String> used = new TreeSet<>();
        for (Path file : files(Path.of("k8s"), ".yaml")) {
            Matcher m = VARIABLE.matcher(Files.readString(file));
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        assertThat(used).as("variables found in k8s/").contains("LOGWARDEN_TAIL_ALLOWEDROOTS", "LOGWARDEN_API_TOKENREQUIRED",
                "LOGWARDEN_BINDADDRESS", "LOGWARDEN_ADMIN_PASSWORD", "LOGWARDEN_API_TOKEN");
        for (String variable : java.util.List.copyOf(used)) {
            Matcher indexed = INDEXED.matcher(variable);
            if (!byVariable.containsKey(variable) && indexed.matches() && byVariable.containsKey(indexed.group(1))) {
                String list = byVariable.get(indexed.group(1));
                String element = elementPath(elementType(types.get(list)), indexed.group(3));
                assertThat(element).as(variable + ": no field of the elements of " + list).isNotNull();
                byVariable.put(variable, list + "[" + indexed.group(2) + "]." + element);
            }
        }
        assertThat(byVariable.keySet()).as("LOGWARDEN_* variables in k8s/ that set no declared setting").containsAll(used);
        for (String variable : used) {
            Binder binder = new Binder(ConfigurationPropertySources.from(
                    new SystemEnvironmentPropertySource("systemEnvironment", Map.of(variable, "probe-value"))));
            assertThat(binder.bind(byVariable.get(variable), String.class).orElse(null)).as(variable).isEqualTo("probe-value");
        }
    }

    @Test
    void everySettingTheRoutesAndTheCodeReadIsDeclared() throws IOException {
        Set<String> declared = declaredSettings();
        TreeMap<String, Path> undeclared = new TreeMap<>();
        for (Path file : Stream.of(files(Path.of("routes"), ".yaml"), files(Path.of("src/main/resources"), ".yaml"),
                files(Path.of("src/main/java"), ".java")).flatMap(java.util.List::stream).toList()) {
            Matcher m = PLACEHOLDER.matcher(Files.readString(file));
            while (m.find()) {
                String name = m.group(1);
                boolean known = declared.stream().anyMatch(d -> name.equals(d) || name.startsWith(d + ".") || name.startsWith(d + "["));
                if (!known) {
                    undeclared.put(name, file);
                }
            }
        }
        assertThat(undeclared).as("settings read by a placeholder but declared nowhere (add them to a properties record)").isEmpty();
    }

    @Test
    void theOldMisspeltNamesWouldNotHaveBound() throws IOException {
        assertThat(declaredSettings()).contains("logwarden.tail.allowed-roots").doesNotContain("logwarden.allowed-roots");
        Binder binder = new Binder(ConfigurationPropertySources.from(
                new SystemEnvironmentPropertySource("systemEnvironment", Map.of("LOGWARDEN_ALLOWEDROOTS", "/var/log"))));
        assertThat(binder.bind("logwarden.tail.allowed-roots", String.class).isBound()).isFalse();
    }

    /** The logwarden.* names in the metadata the build generated (spring-boot-configuration-processor). */
    static Set<String> declaredSettings() throws IOException {
        return new TreeSet<>(declaredTypes().keySet());
    }

    /** The logwarden.* names in the metadata with their declared types. */
    static Map<String, String> declaredTypes() throws IOException {
        try (InputStream in = K8sEnvBindingTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("configuration metadata generated by spring-boot-configuration-processor").isNotNull();
            Map<String, String> names = new TreeMap<>();
            for (JsonNode property : new ObjectMapper().readTree(in).path("properties")) {
                String name = property.path("name").asText();
                if (name.startsWith("logwarden.")) {
                    names.put(name, property.path("type").asText());
                }
            }
            return names;
        }
    }

    /** The element class of a {@code java.util.List<...>} setting, or null. */
    private static Class<?> elementType(String type) {
        Matcher m = Pattern.compile("java\\.util\\.List<([\\w.$]+)>").matcher(type == null ? "" : type);
        if (!m.matches()) return null;
        try {
            return Class.forName(m.group(1));
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /**
     * The dotted path of the record components that a variable's tail names (MULTILINE_PRESET is
     * multiline.preset), or null when the element type has no such component: Spring would ignore it.
     */
    private static String elementPath(Class<?> type, String tail) {
        if (type == null || !type.isRecord()) return null;
        String[] words = tail.split("_");
        for (int n = words.length; n >= 1; n--) {
            String head = String.join("", java.util.Arrays.copyOfRange(words, 0, n));
            for (java.lang.reflect.RecordComponent c : type.getRecordComponents()) {
                if (!c.getName().toUpperCase(Locale.ROOT).equals(head)) continue;
                if (n == words.length) return c.getName();
                String rest = elementPath(c.getType(), String.join("_", java.util.Arrays.copyOfRange(words, n, words.length)));
                if (rest != null) return c.getName() + "." + rest;
            }
        }
        return null;
    }

    private static java.util.List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(suffix)).toList();
        }
    }
}
