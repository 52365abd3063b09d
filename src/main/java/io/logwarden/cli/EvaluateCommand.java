package io.logwarden.cli;

import io.logwarden.model.SessionEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code evaluate}: DeepLog-style precision/recall on session files (see {@link SessionEvaluation}). */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Train on normal sessions and measure detection on held-out normal and abnormal sessions.")
public class EvaluateCommand implements Callable<Integer> {

    @Mixin
    NetworkOptions network;

    @Option(names = "--train", required = true, description = "normal sessions, one space-separated key sequence a line")
    Path train;
    @Option(names = "--test-abnormal", required = true, description = "abnormal sessions")
    Path testAbnormal;
    @Option(names = "--test-normal", description = "normal test sessions (or use --folds)")
    Path testNormal;
    @Option(names = "--folds", description = "K-fold over --train: every training session is held-out normal once")
    Integer folds;
    @Option(names = "--top-g", description = "g; default: chosen on a validation slice of the training data")
    Integer topG;
    @Option(names = "--limit", description = "use only the first N sessions of each file (quick checks)")
    Integer limit;

    @Override
    public Integer call() throws Exception {
        Cli.singleThreadedTorchUnlessSet();
        if ((testNormal == null) == (folds == null)) {
            System.err.println("evaluate: give exactly one of --test-normal FILE or --folds K");
            return 2;
        }
        PrintStream out = System.out;
        SessionEvaluation evaluation = new SessionEvaluation(
                new SessionEvaluation.Options(network.window, topG, network.epochs, network.hidden, network.layers, network.seed, 0.1), out);
        List<List<Integer>> trainSessions = limit(SessionEvaluation.readSessions(train));
        List<List<Integer>> abnormal = limit(SessionEvaluation.readSessions(testAbnormal));
        SessionEvaluation.Result result = folds != null
                ? evaluation.runFolds(trainSessions, abnormal, folds)
                : evaluation.run(trainSessions, limit(SessionEvaluation.readSessions(testNormal)), abnormal);
        print(result, out);
        return 0;
    }

    private List<List<Integer>> limit(List<List<Integer>> sessions) {
        return limit == null ? sessions : sessions.subList(0, Math.min(limit, sessions.size()));
    }

    static void print(SessionEvaluation.Result result, PrintStream out) {
        out.println();
        out.println("fold  g   floor     normal(fp/n)   abnormal(tp/n)   unseen key(normal/abnormal)  recall   fpr      loss    seconds");
        for (SessionEvaluation.FoldResult f : result.folds()) {
            long n = f.normal().fp() + f.normal().tn();
            long a = f.abnormal().tp() + f.abnormal().fn();
            out.printf(Locale.ROOT, "%-5d %-3d %-9.2e %5d/%-8d %6d/%-9d %6d/%-21d %.4f   %.4f%%  %.4f  %.0f%n", f.fold(), f.topG(),
                    f.criticalProbability(), f.normal().fp(), n, f.abnormal().tp(), a, f.normalUnseenKey(), f.abnormalUnseenKey(), f.abnormal().recall(),
                    100 * f.normal().falsePositiveRate(), f.finalLoss(), f.seconds());
        }
        if (result.folds().size() > 1) {
            double[] recalls = result.folds().stream().mapToDouble(f -> f.abnormal().recall()).toArray();
            double mean = java.util.Arrays.stream(recalls).average().orElse(0);
            double spread = java.util.Arrays.stream(recalls).max().orElse(0) - java.util.Arrays.stream(recalls).min().orElse(0);
            double sd = Math.sqrt(java.util.Arrays.stream(recalls).map(r -> (r - mean) * (r - mean)).sum() / recalls.length);
            out.printf(Locale.ROOT, "abnormal recall over folds: mean %.4f, sd %.4f, min-max spread %.4f%n", mean, sd, spread);
        }
        SessionEvaluation.Counts c = result.total();
        long normalUnseen = result.folds().stream().mapToLong(SessionEvaluation.FoldResult::normalUnseenKey).sum();
        double abnormalUnseen = result.folds().stream().mapToLong(SessionEvaluation.FoldResult::abnormalUnseenKey).average().orElse(0);
        out.printf(Locale.ROOT, "flagged for a key no training session has (always anomalous, counted apart): normal %d, abnormal %.0f%s%n",
                normalUnseen, abnormalUnseen, result.folds().size() > 1 ? " (mean over folds)" : "");
        out.printf(Locale.ROOT, "sessions %d  tp %d  fp %d  tn %d  fn %d  precision %.4f  recall %.4f  f1 %.4f  fpr %.4f%%  projected f1 %.4f  %.0f s%n",
                c.tp() + c.fp() + c.tn() + c.fn(), c.tp(), c.fp(), c.tn(), c.fn(), c.precision(), c.recall(), c.f1(),
                100 * c.falsePositiveRate(), c.projectedF1(), result.seconds());
        out.printf(Locale.ROOT, "{\"tp\":%d,\"fp\":%d,\"tn\":%d,\"fn\":%d,\"precision\":%.6f,\"recall\":%.6f,\"f1\":%.6f,\"false_positive_rate\":%.6f,\"projected_f1\":%.6f,\"seconds\":%.1f,\"unseen_key_normal\":%d,\"unseen_key_abnormal\":%.0f}%n",
                c.tp(), c.fp(), c.tn(), c.fn(), c.precision(), c.recall(), c.f1(), c.falsePositiveRate(), c.projectedF1(), result.seconds(),
                normalUnseen, abnormalUnseen);
    }
}
