package io.logwarden;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each Logwarden header (or property) name is one constant: two constants with the same value drift apart
 * the day one of them is renamed, and the route that reads the other one silently gets null.
 */
class HeaderNamesTest {

    static final Pattern CONSTANT = Pattern.compile("static final String (\\w+) = \"(Logwarden[A-Z]\\w*)\";");

    @Test
    void everyLogwardenNameIsDeclaredOnce() throws IOException {
        Map<String, List<String>> declared = declarations(Path.of("src/main/java"));
        assertThat(declared).as("Logwarden name constants found").containsKeys("LogwardenSource", "LogwardenWindowSize");
        Map<String, List<String>> repeated = new TreeMap<>(declared);
        repeated.values().removeIf(places -> places.size() == 1);
        assertThat(repeated).as("names declared by more than one constant (keep one, use it everywhere)").isEmpty();
    }

    @Test
    void findsADuplicate(@TempDir Path sources) throws IOException {
        Files.writeString(sources.resolve("A.java"), "class A { public static final String SOURCE = \"LogwardenSource\"; }");
        Files.writeString(sources.resolve("B.java"), "class B { static final String SOURCE_HEADER = \"LogwardenSource\"; }");
        assertThat(declarations(sources)).containsEntry("LogwardenSource", List.of("A.SOURCE", "B.SOURCE_HEADER"));
    }

    /** Name -> the constants (Class.FIELD) that declare it. */
    static Map<String, List<String>> declarations(Path root) throws IOException {
        Map<String, List<String>> declared = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(file -> file.toString().endsWith(".java")).sorted().forEach(file -> {
                String type = file.getFileName().toString().replace(".java", "");
                Matcher constant = CONSTANT.matcher(read(file));
                while (constant.find()) {
                    declared.computeIfAbsent(constant.group(2), name -> new ArrayList<>()).add(type + "." + constant.group(1));
                }
            });
        }
        return declared;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
