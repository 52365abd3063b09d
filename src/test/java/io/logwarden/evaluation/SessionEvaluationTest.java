package io.logwarden.evaluation;

import io.logwarden.cli.LogwardenCli;
import io.logwarden.model.SessionInvariants;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** The evaluate command on a slice of the shared HDFS split: it runs and its counts add up. */
class SessionEvaluationTest {

    static Path sharedData() {
        String env = System.getenv("LOGWARDEN_SHARED_DATA");
        for (Path candidate : new Path[] {env == null ? null : Path.of(env), Path.of("../shared/data"), Path.of("/work/shared/data")}) {
            if (candidate != null && Files.isRegularFile(candidate.resolve("hdfs-deeplog/hdfs_train"))) return candidate;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) fail("shared data (hdfs-deeplog) not found: set LOGWARDEN_SHARED_DATA");
        Assumptions.abort("shared data not found; set LOGWARDEN_SHARED_DATA");
        return null;
    }

    @Test
    void evaluateRunsOnASliceAndItsCountsAddUp() throws Exception {
        Path data = sharedData().resolve("hdfs-deeplog");
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        System.setOut(new PrintStream(captured, true));
        try {
            exit = LogwardenCli.run(new String[] {"evaluate", "--train", data.resolve("hdfs_train").toString(),
                    "--test-abnormal", data.resolve("hdfs_test_abnormal").toString(), "--folds", "2", "--epochs", "2",
                    "--hidden", "16", "--limit", "300", "--seeds", "5,6"});
        } finally {
            System.setOut(original);
        }
        String output = captured.toString();
        assertThat(exit).as(output).isZero();
        Matcher json = Pattern.compile("\\{\"seed\":(\\d+),\"tp\":(\\d+),\"fp\":(\\d+),\"tn\":(\\d+),\"fn\":(\\d+),\"precision\".*\"projected_f1\".*"
                + "\"unseen_key_normal\":(\\d+),\"unseen_key_abnormal\":(\\d+),\"seconds\".*}").matcher(output);
        int runs = 0;
        while (json.find()) {
            runs++;
            long tp = Long.parseLong(json.group(2)), fp = Long.parseLong(json.group(3));
            long tn = Long.parseLong(json.group(4)), fn = Long.parseLong(json.group(5));
            assertThat(fp + tn).as("every normal session tested once per run").isEqualTo(300);
            assertThat(tp + fn).as("abnormal sessions, scored by each of the 2 folds' models").isEqualTo(2 * 300);
            // sessions with a key no training session has are always flagged, so they are part of fp and tp
            assertThat(Long.parseLong(json.group(6))).isLessThanOrEqualTo(fp);
            assertThat(Long.parseLong(json.group(7))).isLessThanOrEqualTo(tp).isPositive();
        }
        assertThat(runs).as(output).isEqualTo(2);
        assertThat(output).contains("g per fold").contains("mean").contains("worst").contains("LSTM alone at g = 9")
                .contains("chose: g = ").contains("epochs kept").contains(" of 2, the median of the 5 cross-fitted networks' choices");
    }

    @Test
    void sessionFilesWithNonNumbersAreRefusedClearly() throws Exception {
        Path file = Files.createTempFile("sessions", ".txt");
        Files.writeString(file, "1 2 3\n4 x 5\n");
        try {
            SessionEvaluation.readSessions(file);
            fail("expected a refusal");
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).contains("line 2").contains("\"x\"");
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void invariantsAndCountsFollowTheirDefinitions() {
        SessionInvariants invariants = new SessionInvariants(List.of(List.of(1, 2, 2, 3, 3), List.of(1, 2, 3)));
        assertThat(invariants.broken(List.of(1, 3, 2))).isNull();
        assertThat(invariants.broken(List.of(1, 2, 3, 3))).contains("equally often");
        assertThat(invariants.broken(List.of(1, 2, 3, 9))).contains("never occurs");
        SessionEvaluation.Counts counts = new SessionEvaluation.Counts(99, 1, 999, 1);
        assertThat(counts.recall()).isEqualTo(0.99);
        assertThat(counts.falsePositiveRate()).isEqualTo(0.001);
        assertThat(counts.projectedF1()).isBetween(0.0, 1.0);
    }
}
