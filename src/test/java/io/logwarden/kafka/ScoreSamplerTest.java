package io.logwarden.kafka;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-replica limit on score messages to WebSocket clients (LiveMessages.ScoreSampler), on a hand-moved clock. */
class ScoreSamplerTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private long admitted(LiveMessages.ScoreSampler sampler, int offered) {
        return IntStream.range(0, offered).filter(i -> sampler.admit()).count();
    }

    @Test
    void aBurstPassesUpToTheRateThenTheRatePerSecond() {
        LiveMessages.ScoreSampler sampler = new LiveMessages.ScoreSampler(100, nanos::get);
        assertThat(admitted(sampler, 250)).as("a burst at once").isEqualTo(100);
        nanos.addAndGet(500_000_000L);
        assertThat(admitted(sampler, 250)).as("half a second later").isEqualTo(50);
        nanos.addAndGet(10_000_000_000L);
        assertThat(admitted(sampler, 250)).as("after a quiet while: no more than one second's worth").isEqualTo(100);
    }

    @Test
    void aSteadyRateBelowTheLimitIsNeverSampled() {
        LiveMessages.ScoreSampler sampler = new LiveMessages.ScoreSampler(100, nanos::get);
        for (int second = 0; second < 5; second++) {
            assertThat(admitted(sampler, 90)).isEqualTo(90);
            nanos.addAndGet(1_000_000_000L);
        }
    }

    @Test
    void zeroMeansNoLimit() {
        assertThat(admitted(new LiveMessages.ScoreSampler(0, nanos::get), 10_000)).isEqualTo(10_000);
    }
}
