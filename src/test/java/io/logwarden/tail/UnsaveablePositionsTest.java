package io.logwarden.tail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A read position that cannot be saved (the positions directory replaced by a file) is an error an
 * operator sees: the file's status and the tailing health say so (DEGRADED) while reading goes on,
 * and once the directory is back the position saved is the current one (so a restart repeats nothing).
 */
class UnsaveablePositionsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void positionsThatCannotBeSavedShowAsDegradedWhileReadingGoesOnAndAreSavedOnceTheyCanBe() throws Exception {
        Path log = dir.resolve("app.log");
        Path positions = dir.resolve("positions");
        try (LogWriter writer = new LogWriter(log);
             TailHarness tail = new TailHarness(log, positions, "&startFrom=beginning")) {
            TailingHealthIndicator health = new TailingHealthIndicator(tail.component().getRegistry());
            writer.append(100, false);
            tail.awaitCount(100, WAIT);
            TailHarness.await(() -> tail.component().getPositionStore().load(log.toString())
                    .map(TailPosition::lines).orElse(0L) == 100, WAIT, () -> "position of line 100 saved");

            // the positions directory becomes a file: nothing can be saved there any more
            try (var files = Files.list(positions)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(positions);
            Files.writeString(positions, "not a directory");
            writer.append(100, false);
            tail.awaitCount(200, WAIT);
            TailHarness.await(() -> tail.state().positionError() != null, WAIT, () -> "the save error should show");
            assertThat(tail.state().describe()).containsEntry("position_saved", false);
            assertThat((String) tail.state().describe().get("position_error")).contains(positions.toString());
            assertThat(health.health().getStatus().getCode()).isEqualTo("DEGRADED");
            writer.append(50, false);
            tail.awaitCount(250, WAIT);
            assertThat(tail.texts()).as("reading went on").containsExactlyElementsOf(writer.written());

            Files.delete(positions);
            TailHarness.await(() -> tail.state().positionError() == null, WAIT, () -> "saved again once the directory is back");
            assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
            assertThat(tail.component().getPositionStore().load(log.toString())).get()
                    .extracting(TailPosition::lines).isEqualTo(250L);

            tail.restart();
            writer.append(10, false);
            tail.awaitCount(260, WAIT);
            tail.assertNoMoreLines(Duration.ofMillis(200));
            assertThat(tail.texts()).as("nothing read twice after the restart").containsExactlyElementsOf(writer.written());
        }
    }

}
