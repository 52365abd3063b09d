package io.logwarden.evaluation;

import io.logwarden.model.Detector;
import io.logwarden.training.DetectorTraining;
import io.logwarden.training.OperatingPoint;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * DeepLog-style evaluation on session files (one space-separated key sequence a line), of the detector
 * that ships: each model is trained by {@link DetectorTraining#sessions} (g, floor and calibration
 * from a validation slice of its training sessions only) and judges the test sessions with
 * {@link Detector#judgeSessions}, the code the service's session step runs. Nothing is chosen from
 * the test sets. Beside the detector, every fold reports DeepLog's LSTM alone at g = 9.
 */
public final class SessionEvaluation {

    /** Projected mix of DeepLog's HDFS test set: normal sessions against {@link #PROJECTED_ABNORMAL}. */
    public static final double PROJECTED_NORMAL = 553_366;
    public static final double PROJECTED_ABNORMAL = 16_838;
    /** DeepLog's published g, for the LSTM-alone row. */
    public static final int LSTM_ALONE_G = 9;

    public record Options(int window, int topG, int epochs, int hidden, int layers, double validationShare,
                          OperatingPoint.Rule rule) {
    }

    public record Counts(long tp, long fp, long tn, long fn) {
        public static final Counts ZERO = new Counts(0, 0, 0, 0);

        Counts plus(Counts o) {
            return new Counts(tp + o.tp, fp + o.fp, tn + o.tn, fn + o.fn);
        }

        public double precision() {
            return tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        }

        public double recall() {
            return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        }

        public double f1() {
            double p = precision(), r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        public double falsePositiveRate() {
            return fp + tn == 0 ? 0 : (double) fp / (fp + tn);
        }

        /** F1 if the false-positive rate held on DeepLog's 553,366 normal sessions and the recall on its 16,838 abnormal. */
        public double projectedF1() {
            return projectedF1(recall(), falsePositiveRate());
        }

        public static double projectedF1(double recall, double falsePositiveRate) {
            double tpProjected = recall * PROJECTED_ABNORMAL;
            double fpProjected = falsePositiveRate * PROJECTED_NORMAL;
            double precision = tpProjected + fpProjected == 0 ? 0 : tpProjected / (tpProjected + fpProjected);
            return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }
    }

    /**
     * One rule's outcome on one test: all sessions, normal sessions that are not exact copies of a
     * training session ({@code newNormal}), abnormal sessions that hold no key unknown to the model
     * ({@code seenKeyAbnormal}).
     */
    public record Outcome(Counts normal, Counts abnormal, Counts newNormal, Counts seenKeyAbnormal) {
        static final Outcome ZERO = new Outcome(Counts.ZERO, Counts.ZERO, Counts.ZERO, Counts.ZERO);

        Outcome plus(Outcome o) {
            return new Outcome(normal.plus(o.normal), abnormal.plus(o.abnormal), newNormal.plus(o.newNormal), seenKeyAbnormal.plus(o.seenKeyAbnormal));
        }

        public double recall() {
            return abnormal.recall();
        }

        public double falsePositiveRate() {
            return normal.falsePositiveRate();
        }

        public double projectedF1() {
            return Counts.projectedF1(recall(), falsePositiveRate());
        }

        public Counts total() {
            return normal.plus(abnormal);
        }
    }

    public record FoldResult(long seed, int fold, OperatingPoint.Choice choice, Outcome detector, Outcome lstm, Outcome lstmFloor,
                             long normalUnseenKey, long abnormalUnseenKey, int epochs, double finalLoss, double seconds) {
    }

    /**
     * One run (a seed): its folds, and the sums over them. When the abnormal sessions are scored by
     * every fold's model, each fold's abnormal counts enter the sums, so recall is the mean over folds.
     */
    public record Run(long seed, List<FoldResult> folds, Outcome detector, Outcome lstm, Outcome lstmFloor, double seconds) {
    }

    public record Result(List<Run> runs, double seconds) {
    }

    private final Options options;
    private final PrintStream out;

    public SessionEvaluation(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static List<List<Integer>> readSessions(Path file) throws IOException {
        List<List<Integer>> sessions = new ArrayList<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(file)) {
            lineNumber++;
            if (line.isBlank()) continue;
            List<Integer> session = new ArrayList<>();
            for (String token : line.trim().split("\\s+")) {
                try {
                    session.add(Integer.parseInt(token));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + " line " + lineNumber + ": \"" + token + "\" is not a template id (expected space-separated integers)");
                }
            }
            sessions.add(session);
        }
        if (sessions.isEmpty()) throw new IllegalArgumentException(file + " holds no sessions");
        return sessions;
    }

    /** Trains on {@code train}, tests on the given normal and abnormal sessions, once per seed. */
    public Result run(List<List<Integer>> train, List<List<Integer>> normal, List<List<Integer>> abnormal, List<Long> seeds) {
        long started = System.nanoTime();
        List<Run> runs = new ArrayList<>();
        for (long seed : seeds) runs.add(run(seed, List.of(fold(seed, 0, train, normal, abnormal))));
        return new Result(runs, (System.nanoTime() - started) / 1e9);
    }

    /** Per seed: the first {@code fraction} of the shuffled normal sessions train, the rest are the normal test. */
    public Result runFraction(List<List<Integer>> sessions, List<List<Integer>> abnormal, double fraction, List<Long> seeds) {
        if (!(fraction > 0 && fraction < 1)) throw new IllegalArgumentException("--train-fraction must be within (0, 1), got " + fraction);
        long started = System.nanoTime();
        List<Run> runs = new ArrayList<>();
        for (long seed : seeds) {
            List<List<Integer>> shuffled = new ArrayList<>(sessions);
            Collections.shuffle(shuffled, new Random(seed));
            int n = (int) Math.round(shuffled.size() * fraction);
            if (n < 2 || n >= shuffled.size()) throw new IllegalArgumentException("--train-fraction " + fraction + " leaves " + n + " of " + sessions.size() + " sessions to train");
            runs.add(run(seed, List.of(fold(seed, 0, shuffled.subList(0, n), shuffled.subList(n, shuffled.size()), abnormal))));
        }
        return new Result(runs, (System.nanoTime() - started) / 1e9);
    }

    /** K-fold per seed: every normal session is held out once; the abnormal sessions are scored by each fold's model. */
    public Result runFolds(List<List<Integer>> train, List<List<Integer>> abnormal, int k, List<Long> seeds) {
        if (k < 2 || k > train.size()) throw new IllegalArgumentException("--folds must be between 2 and the number of training sessions, got " + k);
        long started = System.nanoTime();
        List<Run> runs = new ArrayList<>();
        for (long seed : seeds) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < train.size(); i++) order.add(i);
            Collections.shuffle(order, new Random(seed));
            List<FoldResult> folds = new ArrayList<>();
            for (int f = 0; f < k; f++) {
                List<List<Integer>> fit = new ArrayList<>(), held = new ArrayList<>();
                for (int i = 0; i < order.size(); i++) (i % k == f ? held : fit).add(train.get(order.get(i)));
                folds.add(fold(seed, f + 1, fit, held, abnormal));
            }
            runs.add(run(seed, folds));
        }
        return new Result(runs, (System.nanoTime() - started) / 1e9);
    }

    private Run run(long seed, List<FoldResult> folds) {
        Outcome detector = Outcome.ZERO, lstm = Outcome.ZERO, lstmFloor = Outcome.ZERO;
        double seconds = 0;
        for (FoldResult f : folds) {
            detector = detector.plus(f.detector());
            lstm = lstm.plus(f.lstm());
            lstmFloor = lstmFloor.plus(f.lstmFloor());
            seconds += f.seconds();
        }
        Run run = new Run(seed, folds, detector, lstm, lstmFloor, seconds);
        String epochs = folds.stream().map(f -> String.valueOf(f.epochs())).reduce((a, b) -> a + "," + b).orElse("");
        out.printf(Locale.ROOT, "run seed %d: epochs kept %s of %d; recall %.4f  fpr %.4f%%  projected f1 %.4f  (LSTM alone at g=%d: recall %.4f  fpr %.4f%%)%n",
                seed, epochs, options.epochs(), detector.recall(), 100 * detector.falsePositiveRate(), detector.projectedF1(), LSTM_ALONE_G,
                lstm.recall(), 100 * lstm.falsePositiveRate());
        return run;
    }

    private FoldResult fold(long seed, int index, List<List<Integer>> train, List<List<Integer>> normal, List<List<Integer>> abnormal) {
        long started = System.nanoTime();
        DetectorTraining.Options training = new DetectorTraining.Options(options.window(), options.hidden(), options.layers(),
                options.epochs(), seed * 1000 + index, options.topG(), options.validationShare(), options.rule(), null, List.of());
        try (DetectorTraining.Trained trained = DetectorTraining.sessions("seed-" + seed + "-fold-" + index, train, training,
                (e, n, l, left) -> {
                    if (e % 10 == 0 || e == n) out.printf(Locale.ROOT, "  seed %d fold %d epoch %d/%d loss %.4f eta %.0fs%n", seed, index, e, n, l, left);
                })) {
            out.printf("  seed %d fold %d %s%s%n", seed, index, trained.epochs(), curve(trained.fit().validationCurve()));
            out.printf("  seed %d fold %d chose: %s%n", seed, index, trained.choice().explanation());
            trained.choice().warnings().forEach(w -> out.printf("  seed %d fold %d WARNING: %s%n", seed, index, w));
            Detector detector = trained.detector();
            Set<List<Integer>> seen = new HashSet<>(train);
            List<Detector.SessionVerdict> normalVerdicts = detector.judgeSessions(normal);
            List<Detector.SessionVerdict> abnormalVerdicts = detector.judgeSessions(abnormal);
            Tally d = new Tally(), l = new Tally(), lf = new Tally();
            double floor = trained.settings().probabilityThreshold();
            long normalUnseen = 0, abnormalUnseen = 0;
            for (int i = 0; i < normal.size(); i++) {
                Detector.SessionVerdict v = normalVerdicts.get(i);
                boolean copy = seen.contains(normal.get(i));
                d.normal(v.anomalous(), copy);
                l.normal(v.lstmAlone(LSTM_ALONE_G), copy);
                lf.normal(v.lstmAlone(LSTM_ALONE_G, floor), copy);
                if (v.unknownKey()) normalUnseen++;
            }
            for (Detector.SessionVerdict v : abnormalVerdicts) {
                d.abnormal(v.anomalous(), v.unknownKey());
                l.abnormal(v.lstmAlone(LSTM_ALONE_G), v.unknownKey());
                lf.abnormal(v.lstmAlone(LSTM_ALONE_G, floor), v.unknownKey());
                if (v.unknownKey()) abnormalUnseen++;
            }
            FoldResult result = new FoldResult(seed, index, trained.choice(), d.outcome(), l.outcome(), lf.outcome(), normalUnseen, abnormalUnseen,
                    trained.fit().epoch(), trained.loss(), (System.nanoTime() - started) / 1e9);
            out.printf(Locale.ROOT, "  seed %d fold %d: g=%d normal fp %d/%d (new %d/%d), abnormal tp %d/%d (no unseen key %d/%d); LSTM alone g=%d: fp %d, tp %d (no unseen key %d); %.0fs%n",
                    seed, index, trained.settings().topG(), result.detector().normal().fp(), normal.size(),
                    result.detector().newNormal().fp(), result.detector().newNormal().fp() + result.detector().newNormal().tn(),
                    result.detector().abnormal().tp(), abnormal.size(), result.detector().seenKeyAbnormal().tp(),
                    result.detector().seenKeyAbnormal().tp() + result.detector().seenKeyAbnormal().fn(), LSTM_ALONE_G,
                    result.lstm().normal().fp(), result.lstm().abnormal().tp(), result.lstm().seenKeyAbnormal().tp(), result.seconds());
            return result;
        }
    }

    /** Every tenth epoch's validation loss, so a run's output shows where the curve turned. */
    static String curve(double[] losses) {
        if (losses.length == 0) return "";
        StringBuilder text = new StringBuilder("; validation loss by epoch:");
        for (int e = 10; e <= losses.length; e += 10) text.append(String.format(Locale.ROOT, " %d %.4f", e, losses[e - 1]));
        return text.toString();
    }

    /** Counts of one rule over one fold's test sessions. */
    private static final class Tally {
        long fp, tn, newFp, newTn, tp, fn, seenTp, seenFn;

        void normal(boolean flagged, boolean copy) {
            if (flagged) fp++; else tn++;
            if (!copy) {
                if (flagged) newFp++; else newTn++;
            }
        }

        void abnormal(boolean flagged, boolean unknownKey) {
            if (flagged) tp++; else fn++;
            if (!unknownKey) {
                if (flagged) seenTp++; else seenFn++;
            }
        }

        Outcome outcome() {
            return new Outcome(new Counts(0, fp, tn, 0), new Counts(tp, 0, 0, fn), new Counts(0, newFp, newTn, 0), new Counts(seenTp, 0, 0, seenFn));
        }
    }
}
