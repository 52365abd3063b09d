package io.logwarden.evaluation;

import io.logwarden.cli.LogwardenCli;
import io.logwarden.cli.OfflinePipeline;
import io.logwarden.model.DeepLogModel;
import io.logwarden.model.Detector;
import io.logwarden.model.ModelStore;
import io.logwarden.parse.LogEvent;
import io.logwarden.parse.LogParser;
import io.logwarden.parse.ParserProperties;
import io.logwarden.parse.TemplateStore;
import io.logwarden.scoring.Score;
import io.logwarden.training.ModelTraining;
import io.logwarden.training.OperatingPoint;
import io.logwarden.training.ParserAdapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one-detector promise on a slice of the shared HDFS split, its sessions written as raw lines with
 * a block id and interleaved as a DataNode's log interleaves them: the verdicts of {@code evaluate}'s
 * code ({@link Detector#judgeSessions}), of the {@code score} command and of the service's routes
 * (sessions ended by their idle gap, windows scored through the djl: route) are the same, session by
 * session and, for windows, line by line, short sessions and first lines included.
 */
class OneDetectorTest {

    static Path work;
    static Path model;
    static Path testLog;
    static Path labels;
    static List<String> lines = new ArrayList<>();
    static List<Boolean> abnormal = new ArrayList<>();
    static final Pattern BLOCK = Pattern.compile("blk_(\\d+)");

    static String line(int key, int block) {
        return "K" + (char) ('a' + key / 26) + (char) ('a' + key % 26) + " happened to block blk_" + block;
    }

    @BeforeAll
    static void trainAndRender() throws Exception {
        Path data = SessionEvaluationTest.sharedData().resolve("hdfs-deeplog");
        List<List<Integer>> normal = SessionEvaluation.readSessions(data.resolve("hdfs_train"));
        List<List<Integer>> bad = SessionEvaluation.readSessions(data.resolve("hdfs_test_abnormal"));
        work = Files.createTempDirectory("one-detector");
        List<String> train = new ArrayList<>();
        for (int i = 0; i < 800; i++) for (int key : normal.get(i)) train.add(line(key, i));
        Files.write(work.resolve("train.log"), train);
        model = work.resolve("models").resolve("hdfs");
        ModelTraining.train(new ModelTraining.Request(work.resolve("train.log"), null, 10, 0, 6, 32, 1, 3, model),
                new ParserAdapter(null, model), new ModelTraining.Listener() { }, "blk_(\\d+)", OperatingPoint.Rule.defaults());

        // 120 unseen normal and 120 abnormal sessions (many of them 2-3 lines long), five at a time interleaved
        List<List<Integer>> test = new ArrayList<>();
        List<Boolean> testAbnormal = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            test.add(normal.get(2000 + i));
            testAbnormal.add(false);
            test.add(bad.get(i * 7));
            testAbnormal.add(true);
        }
        Random random = new Random(3);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) order.add(i);
        java.util.Collections.shuffle(order, random);
        for (int g = 0; g < order.size(); g += 5) {
            List<Integer> group = order.subList(g, Math.min(order.size(), g + 5));
            int[] next = new int[group.size()];
            boolean more = true;
            while (more) {
                more = false;
                for (int j = 0; j < group.size(); j++) {
                    List<Integer> session = test.get(group.get(j));
                    if (next[j] < session.size()) {
                        lines.add(line(session.get(next[j]++), 100_000 + group.get(j)));
                        abnormal.add(testAbnormal.get(group.get(j)));
                        more = true;
                    }
                }
            }
        }
        testLog = work.resolve("test.log");
        Files.write(testLog, lines);
        labels = work.resolve("test.labels");
        Files.write(labels, abnormal.stream().map(a -> a ? "1" : "-").toList());
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try (var files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** What evaluate's code says: sessions of template ids parsed as the routes parse them, judged by the Detector. */
    record Expected(Set<String> anomalousSessions, Set<Long> alertLines, int sessions) {
    }

    static Expected expected() throws Exception {
        Path scratch = Files.createTempDirectory("templates");
        Files.copy(model.resolve(TemplateStore.FILE_NAME), scratch.resolve(TemplateStore.FILE_NAME));
        LogParser parser = new LogParser(ParserProperties.defaults(), scratch.resolve(TemplateStore.FILE_NAME), new TemplateStore());
        Map<String, List<Integer>> sessions = new LinkedHashMap<>();
        Map<String, List<Long>> lineNumbers = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            LogEvent event = parser.parse(lines.get(i), "x", i + 1);
            Matcher m = BLOCK.matcher(lines.get(i));
            assertThat(m.find()).isTrue();
            String key = testLog + "#" + m.group(1);
            sessions.computeIfAbsent(key, k -> new ArrayList<>()).add(event.templateId());
            lineNumbers.computeIfAbsent(key, k -> new ArrayList<>()).add(i + 1L);
        }
        parser.close();
        try (DeepLogModel loaded = new ModelStore(model.getParent()).load("hdfs")) {
            List<String> keys = new ArrayList<>(sessions.keySet());
            List<Detector.SessionVerdict> verdicts = loaded.detector().judgeSessions(new ArrayList<>(sessions.values()));
            Set<String> anomalous = new HashSet<>();
            Set<Long> alertLines = new HashSet<>();
            for (int i = 0; i < keys.size(); i++) {
                if (verdicts.get(i).anomalous()) anomalous.add(keys.get(i));
                List<Detector.WindowVerdict> windows = loaded.detector().judgeStream(sessions.get(keys.get(i)));
                for (int t = 0; t < windows.size(); t++) {
                    if (windows.get(t).anomalous()) alertLines.add(lineNumbers.get(keys.get(i)).get(t));
                }
            }
            return new Expected(anomalous, alertLines, keys.size());
        }
    }

    @Test
    void evaluateScoreAndTheRoutesGiveTheSameVerdicts() throws Exception {
        Expected expected = expected();
        assertThat(expected.sessions()).isEqualTo(240);
        // the slice is not trivial: both kinds of verdict occur, and most abnormal sessions are caught
        assertThat(expected.anomalousSessions()).hasSizeBetween(80, 200);

        // the service's routes: sessions end by their idle gap while the pipeline runs
        ConcurrentLinkedQueue<Score> routed = new ConcurrentLinkedQueue<>();
        Set<String> routedSessions = new HashSet<>();
        Set<Long> routedLines = new HashSet<>();
        try (OfflinePipeline pipeline = new OfflinePipeline(Path.of("routes"), model, null, testLog.toString(), "blk_(\\d+)", null,
                Duration.ofMillis(1500), 100_000, routed::add)) {
            for (int i = 0; i < lines.size(); i++) pipeline.line(lines.get(i), i + 1);
            await().atMost(Duration.ofMinutes(2)).until(() -> routed.stream().filter(s -> s.scorer().endsWith("/session") && s.alert()).count()
                    >= expected.anomalousSessions().size());
            // then until no score came for 3 s, more than an idle gap: a session judged too eagerly would
            // show up as an extra alert
            AtomicInteger seen = new AtomicInteger(-1);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofMinutes(2)).until(() -> {
                int now = routed.size();
                return seen.getAndSet(now) == now;
            });
            for (Score s : routed) {
                if (!s.alert()) continue;
                if (s.scorer().endsWith("/session")) routedSessions.add(s.key());
                else routedLines.add(s.lastLine());
            }
        }
        assertThat(routedSessions).isEqualTo(expected.anomalousSessions());
        assertThat(routedLines).isEqualTo(expected.alertLines());

        // the score command: same alerts, and its counts add up
        Path alerts = work.resolve("alerts.jsonl");
        String output = run("score", "--model", model.toString(), "--input", testLog.toString(), "--session-key", "blk_(\\d+)",
                "--labels", labels.toString(), "--output", alerts.toString());
        Set<String> scoredSessions = new HashSet<>();
        Set<Long> scoredLines = new HashSet<>();
        for (String row : Files.readAllLines(alerts)) {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(row);
            if (node.get("kind").asText().equals("session")) scoredSessions.add(node.get("key").asText());
            else scoredLines.add(node.get("line").asLong());
        }
        assertThat(scoredSessions).isEqualTo(expected.anomalousSessions());
        assertThat(scoredLines).isEqualTo(expected.alertLines());
        Matcher sessions = Pattern.compile("sessions: (\\d+) \\(anomalous (\\d+), normal (\\d+)\\)  tp (\\d+)  fp (\\d+)  tn (\\d+)  fn (\\d+)").matcher(output);
        assertThat(sessions.find()).as(output).isTrue();
        assertThat(Long.parseLong(sessions.group(1))).isEqualTo(240);
        assertThat(Long.parseLong(sessions.group(2))).isEqualTo(120);
        assertThat(Long.parseLong(sessions.group(4)) + Long.parseLong(sessions.group(5))).isEqualTo(expected.anomalousSessions().size());
    }

    static String run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        System.setOut(new PrintStream(captured, true));
        try {
            exit = LogwardenCli.run(args);
        } finally {
            System.setOut(original);
        }
        String output = captured.toString();
        assertThat(exit).as(output).isZero();
        return output;
    }
}
