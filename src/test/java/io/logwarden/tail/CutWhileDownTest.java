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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exact accounting of a file cut while the service was down, or before its next saved position (issue 12: "no line
 * lost, none processed twice", "0 duplicate alerts"). A kill -9 is the saved position of an earlier moment put back
 * before a start: the lines after it were processed (their alerts stored) and are read again. The alert table stores
 * one alert per idempotency key, so the alerts a line can store are its distinct keys over every reading.
 */
class CutWhileDownTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** 12 lines, about 1.2 KiB: the same first KiB before and after a rewrite, as a fixed banner. */
    private static final List<String> BANNER = IntStream.range(0, 12)
            .mapToObj(i -> String.format("Dec  4 00:00:%02d banner-%02d sshd[1000]: Server listening on 0.0.0.0 port 22 "
                    + "with the very same words every time", i, i))
            .toList();

    @TempDir
    Path dir;

    /**
     * Truncated and written again while the service was down, with the same first KiB and past the saved position:
     * the size and the fingerprint match, the bytes before the position do not. The file is read from its start, as
     * a cut seen while running is: no fragment, every new line once, keys of its own, the cut counted.
     */
    @Test
    void aRewriteWhileDownWithTheSameHeaderPastThePositionIsReadFromItsStartWithoutFragments() throws Exception {
        Path log = dir.resolve("app.log");
        Path positions = dir.resolve("positions");
        List<String> old = concat(BANNER, lines("old", 100));
        List<String> rewritten = concat(BANNER, lines("new", 300));
        assertThat(String.join("\n", BANNER).length()).isGreaterThan(FileIdentity.FINGERPRINT_BYTES);
        write(log, old);
        Path positionFile = new PositionStore(positions).fileFor(log.toAbsolutePath().normalize().toString());
        try (TailHarness tail = new TailHarness(log, positions, "&startFrom=beginning")) {
            tail.awaitCount(old.size(), WAIT);
            TailHarness.await(() -> tail.state().acknowledgedLines == old.size(), WAIT, () -> "old content acknowledged");
            tail.stop();
            Path atOldEnd = dir.resolve("at-old-end.position");
            Files.copy(positionFile, atOldEnd);
            List<String> firstKeys = keys(tail.lines());

            truncate(log);
            write(log, rewritten);
            assertThat(Files.size(log)).as("rewritten past the saved position")
                    .isGreaterThan(new PositionStore(positions).load(log.toAbsolutePath().normalize().toString())
                            .orElseThrow().offset());
            tail.start();
            long size = Files.size(log);
            TailHarness.await(() -> tail.state().acknowledgedPosition == size && tail.state().identity != null
                    && tail.state().position == size, WAIT, () -> "the rewritten file read to its end");
            tail.assertNoMoreLines(Duration.ofMillis(300));
            List<TailHarness.Line> after = tail.lines().subList(old.size(), tail.count());
            assertThat(after).extracting(TailHarness.Line::text).as("every new line once, no fragment")
                    .containsExactlyElementsOf(rewritten);
            assertThat(after).extracting(TailHarness.Line::lineNumber)
                    .containsExactlyElementsOf(numbers(1, rewritten.size()));
            assertThat(keys(after)).as("keys of its own: no alert dropped as a replay of the old content")
                    .doesNotContainAnyElementsOf(firstKeys).doesNotHaveDuplicates();
            assertThat(tail.state().truncations()).as("the rewrite, in the status").isEqualTo(1);
            assertThat(tail.state().describe()).containsEntry("truncations", 1L);
            assertThat(tail.meters().find("logwarden.tail.truncations").tag("file", tail.state().path()).functionCounter()
                    .count()).as("the rewrite, in the metrics").isEqualTo(1.0);

            // a kill -9 before the next saved position: the new content is read again with the keys of its first reading
            tail.stop();
            Files.copy(atOldEnd, positionFile, StandardCopyOption.REPLACE_EXISTING);
            int before = tail.count();
            tail.start();
            tail.awaitCount(before + rewritten.size(), WAIT);
            tail.assertNoMoreLines(Duration.ofMillis(300));
            List<TailHarness.Line> replay = tail.lines().subList(before, before + rewritten.size());
            assertThat(replay).extracting(TailHarness.Line::text).containsExactlyElementsOf(rewritten);
            assertThat(keys(replay)).containsExactlyElementsOf(keys(after));
        }
    }

    /** A position file written before the bytes before the position were saved: resumed as it was, not read again. */
    @Test
    void aPositionSavedWithoutTheBytesBeforeItIsStillResumed() throws Exception {
        Path log = dir.resolve("app.log");
        Path positions = dir.resolve("positions");
        write(log, lines("old", 50));
        String key = log.toAbsolutePath().normalize().toString();
        try (TailHarness tail = new TailHarness(log, positions, "&startFrom=beginning")) {
            tail.awaitCount(50, WAIT);
            TailHarness.await(() -> tail.state().acknowledgedLines == 50, WAIT, () -> "acknowledged");
            tail.stop();
            PositionStore store = new PositionStore(positions);
            TailPosition saved = store.load(key).orElseThrow();
            assertThat(saved.tail().length()).as("saved with the bytes before it").isEqualTo(TailCheck.BYTES);
            Path file = store.fileFor(key);
            List<String> previousVersion = Files.readAllLines(file).stream()
                    .filter(l -> !l.startsWith("tailLength=") && !l.startsWith("tailChecksum=")).toList();
            Files.write(file, previousVersion);
            assertThat(store.load(key).orElseThrow().tail()).isEqualTo(TailCheck.NONE);
            write(log, lines("more", 5));
            tail.start();
            tail.awaitCount(55, WAIT);
            tail.assertNoMoreLines(Duration.ofMillis(300));
            assertThat(tail.texts().subList(50, 55)).containsExactlyElementsOf(lines("more", 5));
            assertThat(tail.state().truncations()).isZero();
        }
    }

    private static List<Long> numbers(long from, int count) {
        List<Long> numbers = new ArrayList<>();
        for (long i = from; i < from + count; i++) {
            numbers.add(i);
        }
        return numbers;
    }

    private static List<String> keys(List<TailHarness.Line> lines) {
        return lines.stream().map(TailHarness.Line::idempotencyKey).toList();
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    private static List<String> lines(String tag, int n) {
        return IntStream.rangeClosed(1, n)
                .mapToObj(i -> String.format("Dec  4 00:01:%02d %s-%05d sshd[1001]: Accepted publickey for alice", i % 60, tag, i))
                .toList();
    }

    private static void write(Path log, List<String> lines) throws IOException {
        Files.writeString(log, lines.stream().map(l -> l + "\n").collect(Collectors.joining()), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void truncate(Path log) throws IOException {
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
    }
}
