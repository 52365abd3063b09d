package io.logwarden.cli;

import io.logwarden.evaluation.SessionEvaluation;
import io.logwarden.training.OperatingPoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;

/**
 * {@code evaluate}: DeepLog-style precision/recall on session files of the detector that ships (see
 * {@link SessionEvaluation}), over one or more seeds: a row per run, then the mean and the worst case.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Measure the detector on held-out normal and abnormal sessions.",
                "Trains on the normal sessions of --train, then prints precision and recall per seed, their mean"
                        + " and the worst case."})
public class EvaluateCommand implements Callable<Integer> {

    @Mixin
    NetworkOptions network;
    @Mixin
    OperatingPointOptions operatingPoint;

    @Option(names = "--train", required = true, description = "normal sessions, one space-separated key sequence a line")
    Path train;
    @Option(names = "--test-abnormal", required = true, description = "abnormal sessions")
    Path testAbnormal;
    @Option(names = "--test-normal", description = "normal test sessions (or use --folds or --train-fraction)")
    Path testNormal;
    @Option(names = "--folds", description = "K-fold over --train: every training session is held-out normal once")
    Integer folds;
    @Option(names = "--train-fraction", description = "train on this share of the normal sessions (shuffled by seed), test on the rest")
    Double trainFraction;
    @Option(names = "--seeds", split = ",", description = "one run per seed, e.g. 1,2,3,4,5 (default: --seed)")
    List<Long> seeds;
    @Option(names = "--top-g", defaultValue = "0", description = "g; 0 (default): chosen by the operating-point rule on training data")
    int topG;
    @Option(names = "--limit", description = "use only the first N sessions of each file (quick checks)")
    Integer limit;

    @Override
    public Integer call() throws Exception {
        Cli.singleThreadedTorchUnlessSet();
        int modes = (testNormal == null ? 0 : 1) + (folds == null ? 0 : 1) + (trainFraction == null ? 0 : 1);
        if (modes != 1) {
            System.err.println("evaluate: give exactly one of --test-normal FILE, --folds K or --train-fraction F");
            return 2;
        }
        PrintStream out = System.out;
        List<Long> runSeeds = seeds == null || seeds.isEmpty() ? List.of(network.seed) : seeds;
        SessionEvaluation evaluation = new SessionEvaluation(new SessionEvaluation.Options(network.window, topG, network.epochs,
                network.hidden, network.layers, operatingPoint.validationShare, operatingPoint.rule()), out);
        List<List<Integer>> trainSessions = limit(SessionEvaluation.readSessions(train));
        List<List<Integer>> abnormal = limit(SessionEvaluation.readSessions(testAbnormal));
        out.printf(Locale.ROOT, "evaluate: %d normal, %d abnormal sessions; seeds %s; %s; epochs %d; rule: %s%n", trainSessions.size(),
                abnormal.size(), runSeeds, folds != null ? folds + " folds" : trainFraction != null ? "train fraction " + trainFraction : "normal test " + testNormal,
                network.epochs, operatingPoint.describe());
        SessionEvaluation.Result result = folds != null ? evaluation.runFolds(trainSessions, abnormal, folds, runSeeds)
                : trainFraction != null ? evaluation.runFraction(trainSessions, abnormal, trainFraction, runSeeds)
                : evaluation.run(trainSessions, limit(SessionEvaluation.readSessions(testNormal)), abnormal, runSeeds);
        print(result, out);
        return 0;
    }

    private List<List<Integer>> limit(List<List<Integer>> sessions) {
        return limit == null ? sessions : sessions.subList(0, Math.min(limit, sessions.size()));
    }

    static void print(SessionEvaluation.Result result, PrintStream out) {
        out.println();
        out.println("detector (the rule the service runs), one row per run:");
        table(result, SessionEvaluation.Run::detector, out);
        out.println();
        out.println("LSTM alone at g = " + SessionEvaluation.LSTM_ALONE_G + " (unseen key or a key outside the top 9, end of session included; no invariants, no floor):");
        table(result, SessionEvaluation.Run::lstm, out);
        out.println();
        out.println("LSTM alone at g = " + SessionEvaluation.LSTM_ALONE_G + " with its probability floor (no invariants):");
        table(result, SessionEvaluation.Run::lstmFloor, out);
        out.println();
        for (SessionEvaluation.Run run : result.runs()) {
            SessionEvaluation.Counts c = run.detector().total();
            out.printf(Locale.ROOT, "{\"seed\":%d,\"tp\":%d,\"fp\":%d,\"tn\":%d,\"fn\":%d,\"precision\":%.6f,\"recall\":%.6f,\"f1\":%.6f,\"false_positive_rate\":%.6f,\"projected_f1\":%.6f,"
                            + "\"new_normal_fpr\":%.6f,\"seen_key_recall\":%.6f,\"lstm_recall\":%.6f,\"lstm_fpr\":%.6f,\"lstm_floor_recall\":%.6f,\"lstm_floor_fpr\":%.6f,\"unseen_key_normal\":%d,\"unseen_key_abnormal\":%d,\"seconds\":%.1f}%n",
                    run.seed(), c.tp(), c.fp(), c.tn(), c.fn(), c.precision(), c.recall(), c.f1(), c.falsePositiveRate(), run.detector().projectedF1(),
                    run.detector().newNormal().falsePositiveRate(), run.detector().seenKeyAbnormal().recall(), run.lstm().recall(),
                    run.lstm().falsePositiveRate(), run.lstmFloor().recall(), run.lstmFloor().falsePositiveRate(), run.folds().stream().mapToLong(SessionEvaluation.FoldResult::normalUnseenKey).sum(),
                    run.folds().stream().mapToLong(SessionEvaluation.FoldResult::abnormalUnseenKey).sum(), run.seconds());
        }
        out.printf(Locale.ROOT, "%d runs, %.0f s in all%n", result.runs().size(), result.seconds());
    }

    private static void table(SessionEvaluation.Result result, java.util.function.Function<SessionEvaluation.Run, SessionEvaluation.Outcome> rule, PrintStream out) {
        out.println("run   seed  g per fold      fp/normal      fpr      recall   projected-f1  new-normal fp/n (fpr)      no-unseen-key abnormal recall");
        List<SessionEvaluation.Outcome> outcomes = new ArrayList<>();
        int i = 0;
        for (SessionEvaluation.Run run : result.runs()) {
            SessionEvaluation.Outcome o = rule.apply(run);
            outcomes.add(o);
            String gs = run.folds().stream().map(f -> String.valueOf(f.choice().g())).reduce((a, b) -> a + "," + b).orElse("");
            out.printf(Locale.ROOT, "%-5d %-5d %-15s %5d/%-8d %.4f%%  %.4f   %.4f        %5d/%-6d (%.4f%%)         %.4f (%d/%d)%n", ++i, run.seed(), gs,
                    o.normal().fp(), o.normal().fp() + o.normal().tn(), 100 * o.falsePositiveRate(), o.recall(), o.projectedF1(),
                    o.newNormal().fp(), o.newNormal().fp() + o.newNormal().tn(), 100 * o.newNormal().falsePositiveRate(),
                    o.seenKeyAbnormal().recall(), o.seenKeyAbnormal().tp(), o.seenKeyAbnormal().tp() + o.seenKeyAbnormal().fn());
        }
        if (outcomes.size() > 1) {
            summary("mean", outcomes, false, out);
            summary("worst", outcomes, true, out);
        }
    }

    private static void summary(String label, List<SessionEvaluation.Outcome> outcomes, boolean worst, PrintStream out) {
        double fpr = pick(outcomes, SessionEvaluation.Outcome::falsePositiveRate, worst, true);
        double recall = pick(outcomes, SessionEvaluation.Outcome::recall, worst, false);
        double f1 = pick(outcomes, SessionEvaluation.Outcome::projectedF1, worst, false);
        double newFpr = pick(outcomes, o -> o.newNormal().falsePositiveRate(), worst, true);
        double seen = pick(outcomes, o -> o.seenKeyAbnormal().recall(), worst, false);
        out.printf(Locale.ROOT, "%-27s %-15s %.4f%%  %.4f   %.4f        %-14s (%.4f%%)         %.4f%n", label, "", 100 * fpr, recall, f1, "", 100 * newFpr, seen);
    }

    /** The mean, or the worst value: the highest for rates of false alarms, the lowest otherwise. */
    private static double pick(List<SessionEvaluation.Outcome> outcomes, ToDoubleFunction<SessionEvaluation.Outcome> metric, boolean worst, boolean higherIsWorse) {
        var values = outcomes.stream().mapToDouble(metric);
        if (!worst) return values.average().orElse(0);
        return higherIsWorse ? values.max().orElse(0) : values.min().orElse(0);
    }
}
