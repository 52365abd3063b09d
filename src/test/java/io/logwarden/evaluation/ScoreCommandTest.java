package io.logwarden.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwarden.cli.LogwardenCli;
import io.logwarden.model.ModelSettings;
import io.logwarden.model.ModelStore;
import io.logwarden.training.OperatingPoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * train and score on the shared loghub BGL sample (2,000 lines, the first field "-" for a normal line):
 * the operating-point rule on a log far too small to support its targets, and score's counts with
 * loghub-style labels.
 */
class ScoreCommandTest {

    static final String BGL_FORMAT = "<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>";
    static Path work;
    static Path bgl;
    static Path model;
    static String trainOutput;

    @BeforeAll
    static void trainOnTheNormalLines() throws Exception {
        Path data = SessionEvaluationTest.sharedData();
        bgl = data.resolve("loghub-2k/BGL/BGL_2k.log");
        work = Files.createTempDirectory("score-command");
        List<String> normal = Files.readAllLines(bgl, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("- ")).toList();
        Files.write(work.resolve("normal.log"), normal);
        model = work.resolve("models/bgl");
        trainOutput = OneDetectorTest.run("train", "--input", work.resolve("normal.log").toString(), "--format", BGL_FORMAT,
                "--epochs", "3", "--hidden", "16", "--layers", "1", "--output", model.toString());
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try (var files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void onATinyLogTheRuleKeepsGUnderItsCapAndWarns() throws Exception {
        ModelSettings settings = new ModelStore(model.getParent()).settings("bgl");
        int cap = OperatingPoint.Rule.defaults().cap(settings.vocabulary().size());
        assertThat(settings.topG()).isBetween(1, cap);
        assertThat(cap).isLessThan(settings.vocabulary().size());
        assertThat(trainOutput).contains("chose g = " + settings.topG())
                .contains("WARNING: validation slice too small");
        assertThat(settings.detector().operatingPoint()).startsWith("g = " + settings.topG());
        assertThat(settings.detector().alertProbability()).isBetween(0.0, 1.0);
    }

    @Test
    void scoreWithLoghubLabelsPrintsCountsThatAddUp() throws Exception {
        Path alerts = work.resolve("alerts.jsonl");
        String output = OneDetectorTest.run("score", "--model", model.toString(), "--input", bgl.toString(), "--format", BGL_FORMAT,
                "--label-field", "1", "--output", alerts.toString());
        long labelledAnomalous = Files.readAllLines(bgl, StandardCharsets.UTF_8).stream().filter(l -> !l.startsWith("- ")).count();
        Matcher lines = Pattern.compile("lines: (\\d+) \\(anomalous (\\d+), normal (\\d+)\\)  tp (\\d+)  fp (\\d+)  tn (\\d+)  fn (\\d+)  precision ([0-9.]+)  recall ([0-9.]+)  f1 ([0-9.]+)").matcher(output);
        assertThat(lines.find()).as(output).isTrue();
        long total = Long.parseLong(lines.group(1)), anomalous = Long.parseLong(lines.group(2)), normal = Long.parseLong(lines.group(3));
        long tp = Long.parseLong(lines.group(4)), fp = Long.parseLong(lines.group(5)), tn = Long.parseLong(lines.group(6)), fn = Long.parseLong(lines.group(7));
        assertThat(total).isEqualTo(2000);
        assertThat(anomalous).isEqualTo(labelledAnomalous);
        assertThat(anomalous + normal).isEqualTo(total);
        assertThat(tp + fn).isEqualTo(anomalous);
        assertThat(fp + tn).isEqualTo(normal);
        // the anomalous lines of BGL hold templates no normal line has: some are caught
        assertThat(tp).isPositive();
        List<String> rows = Files.readAllLines(alerts);
        assertThat((long) rows.size()).isEqualTo(tp + fp);
        Matcher summary = Pattern.compile("scored 2000 lines .*: (\\d+) window alerts, 0 session alerts \\(([0-9.]+) alerts per 1,000 lines\\)").matcher(output);
        assertThat(summary.find()).as(output).isTrue();
        assertThat(Long.parseLong(summary.group(1))).isEqualTo(rows.size());
        assertThat(Double.parseDouble(summary.group(2))).isEqualTo(1000.0 * rows.size() / 2000, org.assertj.core.data.Offset.offset(0.01));
        var first = new ObjectMapper().readTree(rows.get(0));
        assertThat(first.fieldNames()).toIterable().contains("line", "template", "score", "severity", "explanation");
        assertThat(first.get("score").asDouble()).isGreaterThanOrEqualTo(7);
    }

    @Test
    void badInputIsOneLineAndExitOne() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        System.setErr(new java.io.PrintStream(err, true));
        int exit;
        try {
            exit = io.logwarden.cli.LogwardenCli.run(new String[] {"score", "--model", model.toString(), "--input", "/nonexistent.log",
                    "--output", work.resolve("x.jsonl").toString()});
        } finally {
            System.setErr(original);
        }
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("logwarden score:").contains("/nonexistent.log");
    }
}
