package io.logwarden.live;

import io.logwarden.scoring.Score;
import io.logwarden.scoring.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class StreamingStatsTest {

    private final StreamingStats stats = new StreamingStats();

    @Test
    void aWaiterIsWokenWhenTheLastFormedWindowIsScoredOrFails() throws Exception {
        for (int i = 0; i < 3; i++) {
            stats.windowFormed("upload:a");
        }
        CompletableFuture<Boolean> settled = CompletableFuture.supplyAsync(() -> {
            try {
                return stats.of("upload:a").awaitScored(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        stats.windowScored(score("upload:a"));
        stats.windowScored(score("upload:b")); // another source's window settles nothing here
        stats.windowScored(score("upload:a"));
        assertThat(settled).as("one window of upload:a is still being scored").isNotDone();
        stats.error("upload:a", "scoring failed");
        // woken by the failure, long before the minute
        assertThat(settled.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theWaitEndsFalseWhenAWindowIsNeverScored() throws Exception {
        stats.windowFormed("upload:c");
        assertThat(stats.of("upload:c").awaitScored(Duration.ofMillis(50))).isFalse();
        assertThat(stats.of("upload:none").awaitScored(Duration.ZERO)).as("nothing formed, nothing to wait for").isTrue();
    }

    private static Score score(String source) {
        return new Score(0.1, Severity.LOW, false, List.of(1, 2), Instant.now(), source, source, 1, 2, List.of(),
                List.of(), "test", false, List.of(), "");
    }
}
