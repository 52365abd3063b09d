package io.logwarden.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DeepLogNetworkTest {

    private static final int H = 3;
    private static final int CLASSES = Vocabulary.END + 1 + 4;

    @Test
    void aShortHistoryNeverLeavesRoomForTheEndOfASession() {
        // history [PAD, PAD, key], next key: the first lines of a session
        float[] row = targets(true, new long[] {Vocabulary.PAD, Vocabulary.PAD, 3, 4});
        assertThat(row[Vocabulary.END]).isZero();
        assertThat(row[Vocabulary.PAD]).isZero();
        assertThat(row[Vocabulary.UNKNOWN]).isZero();
        assertThat(row[4]).isCloseTo(1 - DeepLogNetwork.SMOOTHING + DeepLogNetwork.SMOOTHING / 4, within(1e-6f));
        assertThat(row[5]).isCloseTo(DeepLogNetwork.SMOOTHING / 4, within(1e-6f));
        assertThat(sum(row)).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void aFullHistoryMayEndASessionAndItsEndIsTheTarget() {
        float[] spread = targets(true, new long[] {3, 4, 5, 6});
        assertThat(spread[Vocabulary.END]).isCloseTo(DeepLogNetwork.SMOOTHING / 5, within(1e-6f));
        float[] end = targets(true, new long[] {3, 4, 5, Vocabulary.END});
        assertThat(end[Vocabulary.END]).isCloseTo(1 - DeepLogNetwork.SMOOTHING + DeepLogNetwork.SMOOTHING / 5, within(1e-6f));
        assertThat(sum(end)).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void aStreamHasNoEndToSpreadOnto() {
        float[] row = targets(false, new long[] {3, 4, 5, 6});
        assertThat(row[Vocabulary.END]).isZero();
        assertThat(sum(row)).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void keepsTheEpochWithTheLowestValidationLossAndItsParameters() {
        // training: 10 is always followed by 11; held out: 10 followed by 12, so every epoch that learns
        // the training transition makes the held-out loss worse and the first epoch is the one to keep
        Vocabulary vocabulary = new Vocabulary(List.of(10, 11, 12));
        TrainingWindows training = new TrainingWindows(H);
        List<Integer> stream = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) stream.addAll(List.of(10, 11));
        training.addSequence(stream, vocabulary);
        TrainingWindows validation = new TrainingWindows(H);
        validation.add(TrainingWindows.windowAt(List.of(11, 10, 11, 10, 12), 4, vocabulary, H));
        try (ai.djl.Model model = DeepLogNetwork.newModel("keep", vocabulary.size(), 8, 1)) {
            DeepLogNetwork.Fit fit = DeepLogNetwork.train(model, training, validation, new DeepLogNetwork.TrainingOptions(6, 16, 0.01f, 1), null);
            assertThat(fit.epoch()).isEqualTo(1);
            assertThat(fit.epochs()).isEqualTo(6);
            assertThat(fit.validationCurve()[5]).isGreaterThan(fit.validationCurve()[0]);
            // the network holds the first epoch's parameters, not the last one's
            assertThat(DeepLogNetwork.loss(model, validation.entries(), H, false)).isCloseTo(fit.validationLoss(), within(1e-4));
            assertThat(fit.explanation()).startsWith("epochs: 1 of 6, lowest validation loss");
        }
    }

    @Test
    void withoutValidationWindowsTheRequestedEpochsAreKept() {
        Vocabulary vocabulary = new Vocabulary(List.of(10, 11));
        TrainingWindows training = new TrainingWindows(H);
        training.addSequence(List.of(10, 11, 10, 11, 10, 11, 10, 11), vocabulary);
        try (ai.djl.Model model = DeepLogNetwork.newModel("fixed", vocabulary.size(), 8, 1)) {
            DeepLogNetwork.Fit fit = DeepLogNetwork.trainFor(model, training, 2, new DeepLogNetwork.TrainingOptions(5, 16, 0.01f, 1), null);
            assertThat(fit.epoch()).isEqualTo(2);
            assertThat(fit.epochs()).isEqualTo(5);
            assertThat(fit.explanation()).contains("no held-out windows");
        }
    }

    private static float[] targets(boolean sessions, long[] window) {
        return DeepLogNetwork.targets(List.of(Map.entry(new TrainingWindows.Key(window), 1L)), H, CLASSES, sessions);
    }

    private static float sum(float[] row) {
        float s = 0;
        for (float v : row) s += v;
        return s;
    }
}
