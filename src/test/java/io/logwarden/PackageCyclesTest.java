package io.logwarden;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No dependency cycle between the feature packages under io.logwarden (tail, parse, window, ...):
 * a cycle means two features cannot be understood, tested or changed apart. ArchUnit reads every
 * dependency of the compiled main classes (imports, calls, field and signature types, annotations);
 * each package directly under io.logwarden, with its sub-packages, is one node, and the classes
 * directly in io.logwarden are the node "(root)".
 * <p>
 * The last known cycle (tail -> web -> tail: tail threw web.ApiException) went with issue 18, when tail
 * got its own TailRequestException; {@link #KNOWN_CYCLES} stays for a cycle that must be tolerated for a
 * while, each entry with the dependencies that close it (the test prints entries that no longer occur).
 */
class PackageCyclesTest {

    static final String ROOT = "io.logwarden";

    /** Known cycles, each written from its alphabetically first package, e.g. "tail -> web -> tail"; none is left. */
    static final Set<String> KNOWN_CYCLES = Set.of();

    @Test
    void noNewCycleBetweenFeaturePackages() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        assertThat(classes.size()).as("main classes imported").isGreaterThan(50);
        Map<String, Map<String, List<String>>> graph = packageGraph(classes);
        assertThat(graph).as("feature packages found").containsKeys("tail", "upload", "parse", "window", "model", "scoring",
                "training", "evaluation", "alert", "incident", "notify", "feedback", "live", "web", "security", "ops", "cli");

        Set<String> cycles = elementaryCycles(graph);
        Set<String> unknown = new TreeSet<>(cycles);
        unknown.removeAll(KNOWN_CYCLES);
        Set<String> gone = new TreeSet<>(KNOWN_CYCLES);
        gone.removeAll(cycles);
        if (!gone.isEmpty()) {
            System.err.println("PackageCyclesTest: known cycles that no longer occur (remove them from KNOWN_CYCLES): " + gone);
        }
        assertThat(unknown).as("new package cycles under " + ROOT + ":\n" + explain(unknown, graph)).isEmpty();
    }

    @Test
    void findsEveryElementaryCycleOnceAndNamesItsDependencies() {
        Map<String, Map<String, List<String>>> graph = new TreeMap<>();
        edge(graph, "a", "b");
        edge(graph, "b", "a");
        edge(graph, "b", "c");
        edge(graph, "c", "a");
        edge(graph, "c", "b");
        edge(graph, "c", "d");
        edge(graph, "d", "e");
        assertThat(elementaryCycles(graph)).containsExactly("a -> b -> a", "a -> b -> c -> a", "b -> c -> b");
        assertThat(explain(Set.of("b -> c -> b"), graph)).contains("b -> c: [B -> C]", "c -> b: [C -> B]");
        graph.get("c").remove("b");
        graph.get("b").remove("a");
        assertThat(elementaryCycles(graph)).containsExactly("a -> b -> c -> a");
        graph.get("c").remove("a");
        assertThat(elementaryCycles(graph)).isEmpty();
    }

    private static void edge(Map<String, Map<String, List<String>>> graph, String from, String to) {
        graph.computeIfAbsent(from, k -> new TreeMap<>()).put(to, List.of(from.toUpperCase() + " -> " + to.toUpperCase()));
        graph.computeIfAbsent(to, k -> new TreeMap<>());
    }

    /** package -> package it depends on -> a few example class dependencies, for the failure message. */
    static Map<String, Map<String, List<String>>> packageGraph(JavaClasses classes) {
        Map<String, Map<String, List<String>>> graph = new TreeMap<>();
        for (JavaClass origin : classes) {
            String from = feature(origin);
            graph.computeIfAbsent(from, k -> new TreeMap<>());
            for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                JavaClass target = dependency.getTargetClass();
                if (!target.getPackageName().equals(ROOT) && !target.getPackageName().startsWith(ROOT + ".")) {
                    continue;
                }
                String to = feature(target);
                if (!to.equals(from)) {
                    List<String> examples = graph.get(from).computeIfAbsent(to, k -> new ArrayList<>());
                    String example = origin.getSimpleName() + " -> " + target.getSimpleName();
                    if (examples.size() < 5 && !examples.contains(example)) {
                        examples.add(example);
                    }
                }
            }
        }
        return graph;
    }

    static String feature(JavaClass type) {
        String pkg = type.getPackageName();
        if (pkg.equals(ROOT)) {
            return "(root)";
        }
        String rest = pkg.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /** Every elementary cycle, as "a -> b -> a" starting from its alphabetically first package. */
    static Set<String> elementaryCycles(Map<String, Map<String, List<String>>> graph) {
        Set<String> cycles = new TreeSet<>();
        for (String start : graph.keySet()) {
            walk(graph, start, start, new ArrayList<>(List.of(start)), cycles);
        }
        return cycles;
    }

    /** Depth-first paths from start through packages after it in order, so each cycle is found once. */
    private static void walk(Map<String, Map<String, List<String>>> graph, String start, String at, List<String> path, Set<String> cycles) {
        for (String next : graph.getOrDefault(at, Map.of()).keySet()) {
            if (next.equals(start)) {
                cycles.add(String.join(" -> ", path) + " -> " + start);
            } else if (next.compareTo(start) > 0 && !path.contains(next)) {
                path.add(next);
                walk(graph, start, next, path, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    static String explain(Set<String> cycles, Map<String, Map<String, List<String>>> graph) {
        return cycles.stream().map(cycle -> {
            String[] nodes = cycle.split(" -> ");
            StringBuilder text = new StringBuilder(cycle);
            for (int i = 0; i + 1 < nodes.length; i++) {
                text.append("\n    ").append(nodes[i]).append(" -> ").append(nodes[i + 1]).append(": ")
                        .append(graph.get(nodes[i]).get(nodes[i + 1]));
            }
            return text.toString();
        }).collect(Collectors.joining("\n"));
    }
}
