package io.logwarden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwarden.files.LogLines;
import io.logwarden.scoring.Score;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;

/**
 * {@code score}: scores a raw log offline through the service's own routes ({@link OfflinePipeline}),
 * writes one JSON line per alert and, given labels, prints line- and session-level precision, recall
 * and F1 and the alerts per 1,000 lines.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score a log file offline with a model; write its alerts as JSON.",
                "The lines go through the service's own pipeline; each alert is one JSON line."})
public class ScoreCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "model directory, e.g. models/demo")
    Path model;
    @Option(names = "--input", required = true, description = "log file to score")
    Path input;
    @Option(names = "--output", required = true, description = "alerts, one JSON object a line")
    Path output;
    @Option(names = "--format", description = "log line format (default: the model's)")
    String format;
    @Option(names = "--session-key", description = "regex whose first group (or group 'key') names a line's session; sessions are judged as a whole at the end")
    String sessionKey;
    @Option(names = "--session-end", description = "regex: a line that matches it ends its session")
    String sessionEnd;
    @Option(names = "--session-max-lines", defaultValue = "100000", description = "a session is judged at this many lines (default ${DEFAULT-VALUE})")
    int sessionMaxLines;
    @Option(names = "--labels", description = "one label a log line: '-', '0' or 'normal' for a normal line, anything else anomalous")
    Path labels;
    @Option(names = "--label-field", description = "the N-th whitespace-separated field (1-based) of each line is its label, e.g. 1 for loghub BGL ('-' = normal)")
    Integer labelField;
    @Option(names = "--routes", defaultValue = "routes", description = "routes directory (default ${DEFAULT-VALUE})")
    Path routes;

    @Override
    public Integer call() throws Exception {
        Cli.singleThreadedTorchUnlessSet();
        quietCamel();
        if (labels != null && labelField != null) throw new IllegalArgumentException("give --labels or --label-field, not both");
        if (labelField != null && labelField < 1) throw new IllegalArgumentException("--label-field counts from 1, got " + labelField);
        if (!Files.isRegularFile(input)) throw new IOException("input log " + input + " is not a readable file");
        if (!Files.isRegularFile(model.resolve("settings.json"))) throw new IOException("no model in " + model + " (settings.json missing)");
        Pattern session = sessionKey == null ? null : Pattern.compile(sessionKey);
        if (sessionEnd != null) Pattern.compile(sessionEnd);
        PrintStream out = System.out;
        ConcurrentLinkedQueue<Score> alerts = new ConcurrentLinkedQueue<>();
        BitSet lineAlerts = new BitSet();
        Map<String, Boolean> sessionVerdicts = new HashMap<>();
        long started = System.nanoTime();
        long lines = 0;
        List<Boolean> truth = new ArrayList<>();
        Map<String, Boolean> sessionTruth = new LinkedHashMap<>();
        LogLines labelReader = labels == null ? null : LogLines.open(labels);
        String name;
        try (OfflinePipeline pipeline = new OfflinePipeline(routes, model, format, input.toString(), sessionKey, sessionEnd,
                Duration.ofDays(1000), sessionMaxLines, score -> {
                    if (score.alert()) alerts.add(score);
                });
             LogLines reader = LogLines.open(input)) {
            name = pipeline.modelName();
            String line;
            while ((line = reader.next()) != null) {
                lines++;
                if (labelReader != null || labelField != null) {
                    boolean anomalous = labelReader != null ? anomalousLabel(labelReader.next(), lines) : anomalousLabel(field(line, labelField, lines), lines);
                    truth.add(anomalous);
                    if (session != null) {
                        String key = io.logwarden.window.SessionKeys.keyOf(session, line);
                        if (key != null) sessionTruth.merge(input + "#" + key, anomalous, Boolean::logicalOr);
                    }
                } else if (session != null) {
                    String key = io.logwarden.window.SessionKeys.keyOf(session, line);
                    if (key != null) sessionTruth.putIfAbsent(input + "#" + key, false);
                }
                pipeline.line(line, lines);
            }
        } finally {
            if (labelReader != null) labelReader.close();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long windowAlerts = 0, sessionAlerts = 0;
        ObjectMapper json = new ObjectMapper();
        try (BufferedWriter writer = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            for (Score a : alerts) {
                boolean isSession = a.scorer().endsWith("/session");
                if (isSession) {
                    sessionAlerts++;
                    sessionVerdicts.put(a.key(), true);
                } else {
                    windowAlerts++;
                    lineAlerts.set((int) a.lastLine());
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("kind", isSession ? "session" : "window");
                row.put("line", a.lastLine());
                row.put("first_line", a.firstLine());
                row.put("key", a.key());
                row.put("template", a.templates().isEmpty() ? null : a.templates().get(a.templates().size() - 1));
                row.put("score", a.score());
                row.put("severity", a.severity().name());
                row.put("unseen_template", a.unseenTemplate());
                row.put("explanation", a.reason());
                writer.write(json.writeValueAsString(row));
                writer.newLine();
            }
        }
        out.printf(Locale.ROOT, "scored %d lines of %s with model %s in %.1f s: %d window alerts, %d session alerts (%.2f alerts per 1,000 lines) -> %s%n",
                lines, input, name, seconds, windowAlerts, sessionAlerts, 1000.0 * (windowAlerts + sessionAlerts) / Math.max(1, lines), output);
        if (!truth.isEmpty()) {
            if (truth.size() != lines) throw new IOException("--labels has " + truth.size() + " labels for " + lines + " lines");
            long tp = 0, fp = 0, fn = 0, tn = 0;
            for (int i = 0; i < truth.size(); i++) {
                boolean flagged = lineAlerts.get(i + 1);
                if (truth.get(i)) { if (flagged) tp++; else fn++; } else { if (flagged) fp++; else tn++; }
            }
            print(out, "lines", tp, fp, tn, fn);
        }
        if (session != null) {
            long tp = 0, fp = 0, fn = 0, tn = 0;
            for (Map.Entry<String, Boolean> s : sessionTruth.entrySet()) {
                boolean flagged = sessionVerdicts.getOrDefault(s.getKey(), false);
                if (s.getValue()) { if (flagged) tp++; else fn++; } else { if (flagged) fp++; else tn++; }
            }
            if (!truth.isEmpty()) print(out, "sessions", tp, fp, tn, fn);
            else out.printf(Locale.ROOT, "sessions %d: %d judged anomalous%n", sessionTruth.size(), fp);
        }
        return 0;
    }

    /** The routes' start and stop messages are the service's business, not this command's output. */
    private static void quietCamel() {
        if (org.slf4j.LoggerFactory.getLogger("org.apache.camel") instanceof ch.qos.logback.classic.Logger camel) {
            camel.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    static void print(PrintStream out, String unit, long tp, long fp, long tn, long fn) {
        double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        out.printf(Locale.ROOT, "%s: %d (anomalous %d, normal %d)  tp %d  fp %d  tn %d  fn %d  precision %.4f  recall %.4f  f1 %.4f%n",
                unit, tp + fp + tn + fn, tp + fn, fp + tn, tp, fp, tn, fn, precision, recall, f1);
    }

    static String field(String line, int n, long lineNumber) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length < n) throw new IllegalArgumentException("line " + lineNumber + " has no field " + n + " to read its label from");
        return fields[n - 1];
    }

    static boolean anomalousLabel(String label, long lineNumber) {
        if (label == null) throw new IllegalArgumentException("--labels ends before line " + lineNumber);
        String l = label.trim();
        return !(l.equals("-") || l.equals("0") || l.equalsIgnoreCase("normal"));
    }
}
