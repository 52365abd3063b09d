package io.logwarden.tail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * lag_bytes in the status and the health is what the reader has not handed out yet, from the sizes the
 * files have now: a reader held behind while its file grows, and then while a rotated-away file and the new
 * generation wait, shows exactly the bytes after its position (it once showed 0 with a stale size below it).
 */
class TailLagTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Every line is this long, newline included, so a line's offset is known. */
    private static final int LINE = 40;

    @TempDir
    Path dir;

    @Test
    void aReaderHeldBehindShowsTheBytesItHasNotReadOfItsFileAndOfTheGenerationsWaiting() throws Exception {
        Path log = dir.resolve("app.log");
        append(log, "a", 1, 60_000);
        LineGate gate = new LineGate();
        gate.holdAt(line("a", 10));
        try (TailHarness tail = new TailHarness(log, dir.resolve("positions"), "&startFrom=beginning", gate)) {
            gate.awaitHeld(WAIT);
            append(log, "a", 60_001, 1_000); // written while the reader is held: the size it saw last is stale
            long size = Files.size(log);
            assertThat(tail.state().position()).as("after line 9").isEqualTo(9L * LINE);
            assertLag(tail, size, size - 9L * LINE);

            // rotated while held: the old file is read on to its end, the new one waits its turn
            Path rotated = dir.resolve("app.log.1");
            Files.move(log, rotated);
            append(log, "b", 1, 500);
            gate.holdAt(line("a", 50_000)); // tens of chunks on: the reader looks at the name on its way there
            gate.release();
            gate.awaitHeld(WAIT);
            long unread = Files.size(rotated) - 49_999L * LINE + Files.size(log);
            assertThat(tail.state().position()).isEqualTo(49_999L * LINE);
            assertLag(tail, Files.size(rotated), unread);
            assertThat(tail.state().rotations()).as("the rotation the reader has ahead of it").isEqualTo(1);

            gate.release();
            tail.awaitCount(61_000 + 500, WAIT);
            TailHarness.await(() -> tail.state().lag() == 0, WAIT, () -> "lag " + tail.state().lag() + " once all is read");
            assertThat(tail.state().describe()).containsEntry("size", Files.size(log)).containsEntry("lag_bytes", 0L)
                    .containsEntry("rotations", 1L);
        }
    }

    private static void assertLag(TailHarness tail, long size, long lag) {
        TailState state = tail.state();
        assertThat(state.describe()).containsEntry("size", size).containsEntry("lag_bytes", lag);
        assertThat(new TailingHealthIndicator(tail.component().getRegistry()).health().getDetails().get("files"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .extractingByKey(state.path()).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("lag_bytes", lag);
    }

    private static String line(String tag, int n) {
        String text = String.format("%s line-%07d payload to a fixed width", tag, n);
        assertThat(text.length() + 1).isEqualTo(LINE);
        return text;
    }

    private static void append(Path log, String tag, int from, int n) throws IOException {
        StringBuilder text = new StringBuilder(n * LINE);
        for (int i = from; i < from + n; i++) {
            text.append(line(tag, i)).append('\n');
        }
        Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
