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

    private static float[] targets(boolean sessions, long[] window) {
        return DeepLogNetwork.targets(List.of(Map.entry(new TrainingWindows.Key(window), 1L)), H, CLASSES, sessions);
    }

    private static float sum(float[] row) {
        float s = 0;
        for (float v : row) s += v;
        return s;
    }
}
