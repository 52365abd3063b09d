package io.logwarden.live;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The limit on score messages to WebSocket clients (ScoreMessages, and a detector replica's LiveMessages), on a hand-moved clock. */
class ScoreSamplerTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private long admitted(ScoreSampler sampler, int offered) {
        return IntStream.range(0, offered).filter(i -> sampler.admit()).count();
    }

    @Test
    void aBurstPassesUpToTheRateThenTheRatePerSecond() {
        ScoreSampler sampler = new ScoreSampler(100, nanos::get);
        assertThat(admitted(sampler, 250)).as("a burst at once").isEqualTo(100);
        nanos.addAndGet(500_000_000L);
        assertThat(admitted(sampler, 250)).as("half a second later").isEqualTo(50);
        nanos.addAndGet(10_000_000_000L);
        assertThat(admitted(sampler, 250)).as("after a quiet while: no more than one second's worth").isEqualTo(100);
    }

    @Test
    void aSteadyRateBelowTheLimitIsNeverSampled() {
        ScoreSampler sampler = new ScoreSampler(100, nanos::get);
        for (int second = 0; second < 5; second++) {
            assertThat(admitted(sampler, 90)).isEqualTo(90);
            nanos.addAndGet(1_000_000_000L);
        }
    }

    @Test
    void zeroMeansNoLimit() {
        assertThat(admitted(new ScoreSampler(0, nanos::get), 10_000)).isEqualTo(10_000);
    }
}
