package io.logwarden.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The prediction cache's budget and versions; scoring's PredictionCacheTest shows that scores do not change with it. */
class PredictionCacheBudgetTest {

    @Test
    void zeroDisablesTheCacheAndANegativeBudgetIsRefused() {
        PredictionCache off = new PredictionCache(0);
        off.put(1, new long[] {1, 2}, new float[] {0.5f, 0.5f});
        assertThat(off.get(1, new long[] {1, 2})).isNull();
        assertThat(off.entries()).isZero();
        PredictionCache on = new PredictionCache(1024);
        on.put(1, new long[] {1, 2}, new float[] {0.5f, 0.5f});
        assertThat(on.get(1, new long[] {1, 2})).containsExactly(0.5f, 0.5f);
        assertThat(on.get(2, new long[] {1, 2})).as("another network's version").isNull();
        assertThatThrownBy(() -> new PredictionCache(-1)).hasMessageContaining("logwarden.scoring.prediction-cache");
    }
}
