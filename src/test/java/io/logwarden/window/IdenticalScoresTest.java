package io.logwarden.window;

import io.logwarden.cli.OfflinePipeline;
import io.logwarden.demo.AuthLogGenerator;
import io.logwarden.scoring.Prediction;
import io.logwarden.scoring.Score;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every score of a fixed log through the real routes (parse, windows, sessions, score) and the shipped demo model
 * is the one recorded before the per-line routing was made cheaper (src/test/resources/io/logwarden/window): a change
 * to how windows are formed or routed must not change a single verdict. With a session key the windows are per
 * session and whole sessions are judged too. Run with -Dlogwarden.record-scores=true to record them again (only
 * when a change is meant to alter detection).
 */
class IdenticalScoresTest {

    private static final int LINES = 2_000;

    @ParameterizedTest
    @CsvSource(value = {"per-source,,1", "per-session,sshd\\[(\\d+)\\],1",
            // followed lines in chunks (routes/chunks.yaml), of a size that cuts sessions and batches unevenly
            "per-source,,97", "per-session,sshd\\[(\\d+)\\],97"})
    void aFixedLogGetsTheRecordedScores(String name, String sessionKey, int chunk) throws Exception {
        List<String> scores = scores(sessionKey, chunk);
        Path recorded = Path.of("src/test/resources/io/logwarden/window/identical-scores-" + name + ".txt");
        if (Boolean.getBoolean("logwarden.record-scores") && chunk == 1) {
            Files.write(recorded, scores, StandardCharsets.UTF_8);
        }
        List<String> expected = Files.readAllLines(recorded, StandardCharsets.UTF_8);
        assertThat(scores).hasSize(LINES + (sessionKey == null ? 0 : sessionCount(scores)));
        assertThat(scores.stream().map(IdenticalScoresTest::verdict)).containsExactlyElementsOf(expected.stream().map(IdenticalScoresTest::verdict).toList());
        // the expected templates' probabilities move in their 7th digit with how windows happen to be batched
        // for the forward pass (so between two runs of the same code); the verdicts above do not
        for (int i = 0; i < scores.size(); i++) {
            double[] actual = probabilities(scores.get(i));
            assertThat(actual).as(scores.get(i)).containsExactly(probabilities(expected.get(i)), within(1e-5));
        }
    }

    private static String verdict(String described) {
        return described.substring(0, described.lastIndexOf(" p="));
    }

    private static double[] probabilities(String described) {
        String list = described.substring(described.lastIndexOf(" p=") + 3);
        return list.isEmpty() ? new double[0] : Arrays.stream(list.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    private static List<String> scores(String sessionKey, int chunk) throws Exception {
        AuthLogGenerator generator = new AuthLogGenerator(5, "web-identical", LocalDateTime.of(2025, 6, 1, 0, 0));
        List<String> lines = new ArrayList<>();
        while (lines.size() < LINES) {
            // an anomaly burst about every 500 lines, so alerts are among the verdicts compared
            lines.addAll(lines.size() % 500 < 20 && !lines.isEmpty() ? generator.anomaly() : generator.normalActivity());
        }
        ConcurrentLinkedQueue<Score> scores = new ConcurrentLinkedQueue<>();
        // sessions end at 40 lines or with the input, never by the wall clock, so the verdicts are the same on every run
        try (OfflinePipeline pipeline = new OfflinePipeline(Path.of("routes"), Path.of("models/demo"), null, "identical.log", sessionKey,
                null, Duration.ofHours(1), 40, scores::add)) {
            if (chunk == 1) {
                for (int i = 0; i < LINES; i++) {
                    pipeline.line(lines.get(i), i + 1);
                }
            } else {
                for (int i = 0; i < LINES; i += chunk) {
                    int end = Math.min(LINES, i + chunk);
                    pipeline.chunk(lines.subList(i, end), i + 1, end == LINES);
                }
            }
        }
        // session verdicts come from the aggregator's threads: compared in a fixed order
        return scores.stream().map(IdenticalScoresTest::describe).sorted().toList();
    }

    /** The verdict and what it rests on; the reason and template texts follow from these. */
    private static String describe(Score s) {
        List<Prediction> predictions = s.expected() == null ? List.of() : s.expected();
        return String.format(Locale.ROOT, "%s %s %d-%d %s %s %s %s %s %s p=%s", s.scorer(), s.key(), s.firstLine(), s.lastLine(), s.score(),
                s.severity(), s.alert(), s.sequence(), s.unseenTemplate(), predictions.stream().map(Prediction::templateId).toList(),
                predictions.stream().map(p -> String.valueOf(p.probability())).collect(Collectors.joining(",")));
    }

    private static int sessionCount(List<String> scores) {
        return (int) scores.stream().filter(s -> s.contains("/session ")).count();
    }
}
