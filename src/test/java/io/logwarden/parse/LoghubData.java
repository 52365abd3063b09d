package io.logwarden.parse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The loghub 2k benchmark as used by the tests and the benchmark harness: where the data lives, the
 * standard line format of each system, the ground truth, and grouping accuracy.
 */
public final class LoghubData {

    /** The standard loghub formats, the only per-data-set input the parser gets. */
    static final Map<String, String> FORMATS = new java.util.LinkedHashMap<>();

    static {
        FORMATS.put("HDFS", "<Date> <Time> <Pid> <Level> <Component>: <Content>");
        FORMATS.put("BGL", "<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>");
        FORMATS.put("OpenSSH", "<Date> <Day> <Time> <Component> sshd\\[<Pid>\\]: <Content>");
        FORMATS.put("Apache", "\\[<Time>\\] \\[<Level>\\] <Content>");
        FORMATS.put("Zookeeper", "<Date> <Time> - <Level>  \\[<Node>:<Component>@<Id>\\] - <Content>");
        FORMATS.put("Linux", "<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>");
    }

    private LoghubData() {
    }

    /** {@code $LOGWARDEN_SHARED_DATA}, else {@code ../shared/data}, else {@code /work/shared/data}. */
    static Optional<Path> sharedDataDir() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("LOGWARDEN_SHARED_DATA");
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        candidates.add(Path.of("..", "shared", "data"));
        candidates.add(Path.of("/work/shared/data"));
        return candidates.stream().filter(p -> Files.isDirectory(p.resolve("loghub-2k"))).findFirst();
    }

    static Path rawLog(Path dataDir, String system) {
        return dataDir.resolve("loghub-2k").resolve(system).resolve(system + "_2k.log");
    }

    static List<String> rawLines(Path dataDir, String system) throws IOException {
        return Files.readAllLines(rawLog(dataDir, system), StandardCharsets.UTF_8);
    }

    /** The EventId column of the structured CSV, one per line. */
    static List<String> groundTruth(Path dataDir, String system) throws IOException {
        Path csv = dataDir.resolve("loghub-2k").resolve(system).resolve(system + "_2k.log_structured.csv");
        List<List<String>> rows = Csv.read(Files.readString(csv, StandardCharsets.UTF_8));
        int column = rows.get(0).indexOf("EventId");
        List<String> ids = new ArrayList<>(rows.size() - 1);
        for (List<String> row : rows.subList(1, rows.size())) {
            ids.add(row.get(column));
        }
        return ids;
    }

    /** The EventTemplate column of the structured CSV, one per line. */
    static List<String> groundTruthTemplates(Path dataDir, String system) throws IOException {
        Path csv = dataDir.resolve("loghub-2k").resolve(system).resolve(system + "_2k.log_structured.csv");
        List<List<String>> rows = Csv.read(Files.readString(csv, StandardCharsets.UTF_8));
        int column = rows.get(0).indexOf("EventTemplate");
        List<String> templates = new ArrayList<>(rows.size() - 1);
        for (List<String> row : rows.subList(1, rows.size())) {
            templates.add(row.get(column));
        }
        return templates;
    }

    /**
     * Parsing accuracy as loghub reports it: the share of lines whose template text equals the ground
     * truth's. Our masks are named by kind ({@code <IP>}, {@code <NUM>}); the ground truth writes every
     * variable as {@code <*>}, so both sides are compared with kinds written as {@code <*>} and runs of
     * whitespace as one space (the miner splits on whitespace).
     */
    static double parsingAccuracy(List<String> truthTemplates, List<String> predictedTemplates) {
        if (truthTemplates.size() != predictedTemplates.size()) {
            throw new IllegalArgumentException("sizes differ: " + truthTemplates.size() + " vs " + predictedTemplates.size());
        }
        long equal = 0;
        for (int i = 0; i < truthTemplates.size(); i++) {
            if (normalise(truthTemplates.get(i)).equals(normalise(predictedTemplates.get(i)))) {
                equal++;
            }
        }
        return (double) equal / truthTemplates.size();
    }

    static String normalise(String template) {
        return template.replaceAll("<[A-Z]+>", "<*>").replaceAll("\\s+", " ").strip();
    }

    /**
     * Loghub's grouping accuracy: a predicted group counts (all its lines) only when its set of lines
     * is exactly the set of one ground-truth group.
     */
    static <T> double groupingAccuracy(List<String> truth, List<T> predicted) {
        if (truth.size() != predicted.size()) {
            throw new IllegalArgumentException("sizes differ: " + truth.size() + " vs " + predicted.size());
        }
        Map<String, Integer> truthSizes = new HashMap<>();
        for (String t : truth) {
            truthSizes.merge(t, 1, Integer::sum);
        }
        Map<T, List<Integer>> groups = new HashMap<>();
        for (int i = 0; i < predicted.size(); i++) {
            groups.computeIfAbsent(predicted.get(i), k -> new ArrayList<>()).add(i);
        }
        long correct = 0;
        for (List<Integer> lines : groups.values()) {
            String first = truth.get(lines.get(0));
            boolean pure = lines.stream().allMatch(i -> truth.get(i).equals(first));
            if (pure && truthSizes.get(first) == lines.size()) {
                correct += lines.size();
            }
        }
        return (double) correct / truth.size();
    }

    /** Minimal RFC 4180 reader: quoted fields, doubled quotes, newlines inside quotes. */
    public static final class Csv {
        public static List<List<String>> read(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i++;
                        }
                        else {
                            quoted = false;
                        }
                    }
                    else {
                        field.append(c);
                    }
                }
                else if (c == '"') {
                    quoted = true;
                }
                else if (c == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                }
                else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                }
                else {
                    field.append(c);
                }
            }
            if (field.length() > 0 || !row.isEmpty()) {
                row.add(field.toString());
                rows.add(row);
            }
            return rows;
        }
    }
}
