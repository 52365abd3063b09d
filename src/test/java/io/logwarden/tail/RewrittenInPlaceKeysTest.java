package io.logwarden.tail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file cut and written again in place keeps its inode and, when it starts with the same bytes (a fixed
 * banner longer than the fingerprint), its whole identity, while its line numbers start again at 1. The alert
 * table drops an alert whose idempotency key is stored already, so the new content's lines must get keys of
 * their own (else its genuine alerts are dropped as "read again after a restart"), while the same content read
 * again after a crash must get the very keys of its first reading (else its alerts are stored twice).
 */
class RewrittenInPlaceKeysTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** 12 lines, about 1.2 KiB: the same first KiB before and after the cut, as the tester's banner. */
    private static final String BANNER = java.util.stream.IntStream.range(0, 12)
            .mapToObj(i -> String.format("Dec  4 00:00:%02d banner-%02d sshd[1000]: Server listening on 0.0.0.0 port 22 "
                    + "with the very same words every time\n", i, i))
            .collect(Collectors.joining());

    @TempDir
    Path dir;

    @Test
    void contentWrittenAfterATruncationGetsKeysOfItsOwnAndAReplayOfItTheSameKeys() throws Exception {
        assertThat(BANNER.length()).isGreaterThan(FileIdentity.FINGERPRINT_BYTES);
        Path log = dir.resolve("app.log");
        Path positions = dir.resolve("positions");
        write(log, BANNER + lines("old", 600));
        try (TailHarness tail = new TailHarness(log, positions, "&startFrom=beginning")) {
            tail.awaitCount(612, WAIT);
            TailHarness.await(() -> tail.state().acknowledgedLines == 612, WAIT, () -> "old content acknowledged");
            tail.stop(); // the position of the old content's end, as a kill -9 right after the cut would leave it
            Path positionFile = new PositionStore(positions).fileFor(log.toAbsolutePath().normalize().toString());
            Path beforeCut = dir.resolve("before-cut.position");
            Files.copy(positionFile, beforeCut);
            tail.start();

            truncate(log);
            write(log, BANNER + lines("new", 200)); // shorter than before: a restart finds the cut
            tail.awaitCount(612 + 212, WAIT);
            tail.assertNoMoreLines(Duration.ofMillis(300));
            List<TailHarness.Line> first = tail.lines();
            assertThat(first).extracting(TailHarness.Line::idempotencyKey).doesNotContainNull();
            assertThat(first.subList(612, first.size())).extracting(TailHarness.Line::lineNumber)
                    .as("line numbers start again after the cut").startsWith(1L, 2L, 3L);
            Set<String> keys = new HashSet<>();
            for (TailHarness.Line line : first) {
                assertThat(keys.add(line.idempotencyKey())).as("a key of its own for line %d: %s", line.lineNumber(),
                        line.text()).isTrue();
            }
            assertThat(tail.state().truncations()).isEqualTo(1);
            List<String> newKeys = first.subList(612, first.size()).stream().map(TailHarness.Line::idempotencyKey).toList();
            TailHarness.await(() -> tail.state().acknowledgedLines == 212, WAIT, () -> "new content acknowledged");

            // a restart after a clean stop reads nothing again; its numbering of lines still to come is the same
            tail.restart();
            write(log, lines("more", 5));
            tail.awaitCount(first.size() + 5, WAIT);
            List<TailHarness.Line> more = tail.lines().subList(first.size(), first.size() + 5);
            assertThat(more).extracting(TailHarness.Line::lineNumber).containsExactly(213L, 214L, 215L, 216L, 217L);
            assertThat(more).extracting(TailHarness.Line::idempotencyKey).doesNotContainAnyElementsOf(keys);

            // a crash between the cut and the next saved position: the new content is read again, with the same keys
            tail.stop();
            Files.copy(beforeCut, positionFile, StandardCopyOption.REPLACE_EXISTING);
            int before = tail.count();
            tail.start();
            tail.awaitCount(before + 217, WAIT);
            tail.assertNoMoreLines(Duration.ofMillis(300));
            List<String> replayed = tail.lines().subList(before, before + 217).stream()
                    .map(TailHarness.Line::idempotencyKey).toList();
            assertThat(replayed.subList(0, 212)).as("the replay maps to the keys of the first reading")
                    .containsExactlyElementsOf(newKeys);
            assertThat(replayed.subList(212, 217)).containsExactlyElementsOf(
                    more.stream().map(TailHarness.Line::idempotencyKey).toList());
        }
    }

    private static String lines(String tag, int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            text.append(String.format("Dec  4 00:01:%02d %s-%05d sshd[1001]: Accepted publickey for alice%n", i % 60, tag, i));
        }
        return text.toString();
    }

    private static void write(Path log, String text) throws IOException {
        Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void truncate(Path log) throws IOException {
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
    }
}
