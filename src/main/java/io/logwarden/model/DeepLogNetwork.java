package io.logwarden.model;

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

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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

    public static Model newModel(String name, int vocabularySize, int hidden, int layers) {
        Model model = Model.newInstance(name, ENGINE);
        model.setBlock(new DeepLogBlock(vocabularySize, hidden, layers));
        return model;
    }

    /**
     * Trains the network on the counted windows (each weighted by its count, so the loss is the mean
     * cross-entropy over all windows) and returns the final epoch's loss.
     */
    public static double train(Model model, TrainingWindows windows, TrainingOptions options, Progress progress) {
        Engine.getInstance().setRandomSeed((int) options.seed());
        Random shuffle = new Random(options.seed());
        List<Map.Entry<TrainingWindows.Key, Long>> entries = windows.entries();
        int h = windows.window();
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(options.learningRate())).build());
        double loss = Double.NaN;
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(new Shape(options.batchSize(), h));
            long started = System.nanoTime();
            for (int epoch = 1; epoch <= options.epochs(); epoch++) {
                Collections.shuffle(entries, shuffle);
                double weightedLoss = 0;
                double weightSum = 0;
                for (int from = 0; from < entries.size(); from += options.batchSize()) {
                    List<Map.Entry<TrainingWindows.Key, Long>> batch = entries.subList(from, Math.min(entries.size(), from + options.batchSize()));
                    double[] step = step(trainer, batch, h);
                    weightedLoss += step[0];
                    weightSum += step[1];
                }
                loss = weightedLoss / weightSum;
                double elapsed = (System.nanoTime() - started) / 1e9;
                if (progress != null) {
                    progress.epoch(epoch, options.epochs(), loss, elapsed / epoch * (options.epochs() - epoch));
                }
            }
        }
        return loss;
    }

    private static double[] step(Trainer trainer, List<Map.Entry<TrainingWindows.Key, Long>> batch, int h) {
        int n = batch.size();
        long[] inputs = new long[n * h];
        long[] labels = new long[n];
        float[] weights = new float[n];
        double weightSum = 0;
        for (int i = 0; i < n; i++) {
            long[] values = batch.get(i).getKey().values();
            System.arraycopy(values, 0, inputs, i * h, h);
            labels[i] = values[h];
            weights[i] = batch.get(i).getValue();
            weightSum += weights[i];
        }
        try (NDManager manager = trainer.getManager().newSubManager()) {
            NDArray x = manager.create(inputs, new Shape(n, h));
            NDArray y = manager.create(labels);
            NDArray w = manager.create(weights);
            double lossSum;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                NDArray logProbabilities = logits.logSoftmax(1);
                NDArray picked = logProbabilities.mul(y.oneHot((int) logits.getShape().get(1))).sum(new int[] {1});
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
