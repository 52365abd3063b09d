package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * The acceptance bar: grouping accuracy on the loghub 2k data sets with only each data set's line
 * format and the DEFAULT masks and thresholds (no per-data-set tuning). The per-set bars are those of
 * the reference Drain with its hand-tuned per-data-set settings; the average must reach 0.95. Parsing
 * accuracy (template text equal to the ground truth's) is printed beside it. Under CI=true missing
 * data fails the test instead of skipping it.
 */
class GroupingAccuracyTest {

    static final Map<String, Double> BARS = new LinkedHashMap<>();

    static {
        BARS.put("HDFS", 0.9975);
        BARS.put("BGL", 0.9625);
        BARS.put("OpenSSH", 0.7875);
        BARS.put("Apache", 1.0);
        BARS.put("Zookeeper", 0.9665);
        BARS.put("Linux", 0.69);
    }

    static final double AVERAGE_BAR = 0.95;

    /**
     * @param accuracy grouping accuracy (the bar applies to it)
     * @param parsing  parsing accuracy: share of lines whose final template text equals the ground truth's
     */
    record Result(String system, double accuracy, double parsing, double bar, int templates, long mismatches) {
    }

    static Result evaluate(Path dataDir, String system) throws Exception {
        return evaluate(dataDir, system, DrainSettings.defaults());
    }

    static Result evaluate(Path dataDir, String system, DrainSettings settings) throws Exception {
        LogFormat format = LogFormat.compile(LoghubData.FORMATS.get(system));
        DrainMiner miner = new DrainMiner(Masker.withDefaults(List.of()), settings);
        List<String> lines = LoghubData.rawLines(dataDir, system);
        List<String> contents = new ArrayList<>(lines.size());
        for (String line : lines) {
            contents.add(format.split(line).content());
        }
        List<Integer> predicted = Mining.assign(miner, contents);
        double accuracy = LoghubData.groupingAccuracy(LoghubData.groundTruth(dataDir, system), predicted);
        List<String> templates = predicted.stream().map(id -> miner.template(id).orElseThrow().template()).toList();
        double parsing = LoghubData.parsingAccuracy(LoghubData.groundTruthTemplates(dataDir, system), templates);
        return new Result(system, accuracy, parsing, BARS.get(system), miner.templateCount(), format.mismatches());
    }

    @Test
    void meetsTheGroupingAccuracyBarOnEveryDataSet() throws Exception {
        Optional<Path> dataDir = LoghubData.sharedDataDir();
        if (dataDir.isEmpty()) {
            String message = "loghub-2k data not found (set LOGWARDEN_SHARED_DATA, or place it in ../shared/data)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message);
            }
            assumeTrue(false, message);
        }
        List<Result> results = new ArrayList<>();
        for (String system : BARS.keySet()) {
            results.add(evaluate(dataDir.get(), system));
        }
        double average = results.stream().mapToDouble(Result::accuracy).average().orElse(0);

        double parsingAverage = results.stream().mapToDouble(Result::parsing).average().orElse(0);

        StringBuilder table = new StringBuilder("\n| data set  | grouping | bar    | parsing | templates | format mismatches |\n");
        table.append("|-----------|----------|--------|---------|-----------|-------------------|\n");
        for (Result r : results) {
            table.append(String.format("| %-9s | %.4f   | %.4f | %.4f  | %9d | %17d |%n", r.system(), r.accuracy(), r.bar(),
                    r.parsing(), r.templates(), r.mismatches()));
        }
        table.append(String.format("| %-9s | %.4f   | %.4f | %.4f  |           |                   |%n", "average", average,
                AVERAGE_BAR, parsingAverage));
        System.out.println(table);

        for (Result r : results) {
            assertThat(r.accuracy()).as("grouping accuracy on " + r.system()).isGreaterThanOrEqualTo(r.bar());
        }
        assertThat(average).as("average grouping accuracy").isGreaterThanOrEqualTo(AVERAGE_BAR);
    }
}
