package io.logwarden.tail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
     * copytruncate: the lines after the saved position were read from the live file (their alerts stored), the
     * file was copied and cut, and the service killed before it saved a later position. After the restart they are
     * read from the copy, another inode, and must get the keys of their first reading; so must those read again after
     * a kill while the copy itself is being read, and the lines written into the cut file after it. Also with a file
     * under 1 KiB, whose lines' keys hold the fingerprint of the bytes up to them: taken from the copy, not from the cut
     * file (which holds other bytes by then).
     */
    @ParameterizedTest(name = "{0}, {1}, {2} lines")
    @CsvSource({"200, 300, 50", "4, 4, 4"})
    void linesReadAgainFromTheCopyAfterAKillGetTheKeysOfTheirFirstReading(int aLines, int bLines, int cLines)
            throws Exception {
        Path log = dir.resolve("app.log");
        Path positions = dir.resolve("positions");
        List<String> a = lines("a", aLines);
        List<String> b = lines("b", bLines);
        List<String> c = lines("c", cLines);
        int aHeld = aLines / 2;
        int bHeld = bLines / 2;
        write(log, a);
        LineGate gate = new LineGate();
        gate.holdAt(a.get(aHeld));
        Path positionFile = new PositionStore(positions).fileFor(log.toAbsolutePath().normalize().toString());
        try (TailHarness tail = new TailHarness(log, positions, "&startFrom=beginning", gate)) {
            // the first reading: the live file up to the end of a, copytruncate while the pipeline is on a line of a,
            // then the copy (b, found while running) and the cut file (c)
            gate.awaitHeld(WAIT);
            Path inA = savePositionNow(tail, positionFile, aHeld, "in-a");
            write(log, b);
            copyTruncate(log);
            write(log, c);
            gate.release();
            List<String> all = concat(a, b, c);
            tail.awaitCount(all.size(), WAIT);
            tail.assertNoMoreLines(Duration.ofMillis(300));
            List<TailHarness.Line> first = tail.lines();
            assertThat(tail.texts()).as("copytruncate while running: every line once, in order").containsExactlyElementsOf(all);
            assertThat(keys(first)).as("a key of its own for every line").doesNotHaveDuplicates().doesNotContainNull();
            assertThat(tail.state().truncations()).isEqualTo(1);

            // kill -9 with that position saved: the rest of a and all of b are read again, now from the copy
            tail.stop();
            Files.copy(inA, positionFile, StandardCopyOption.REPLACE_EXISTING);
            gate.holdAt(b.get(bHeld));
            tail.start();
            gate.awaitHeld(WAIT);
            Path inB = savePositionNow(tail, positionFile, aLines + bHeld, "in-b");
            gate.release();
            List<String> again = concat(a.subList(aHeld, aLines), b, c);
            tail.awaitCount(first.size() + again.size(), WAIT);
            tail.assertNoMoreLines(Duration.ofMillis(300));
            List<TailHarness.Line> second = tail.lines().subList(first.size(), first.size() + again.size());
            assertThat(second).extracting(TailHarness.Line::text).containsExactlyElementsOf(again);
            assertThat(keys(second)).as("read again from the copy: the keys of the first reading")
                    .containsExactlyElementsOf(keys(first.subList(aHeld, first.size())));
            assertThat(tail.state().truncations()).as("the cut found at the restart").isEqualTo(1);
            assertThat(tail.state().copiesRead()).as("the copy read at the restart, in the status").isEqualTo(1);

            // kill -9 while the copy was read after the restart, with the position saved then
            tail.stop();
            Files.copy(inB, positionFile, StandardCopyOption.REPLACE_EXISTING);
            int before = tail.count();
            tail.start();
            List<String> third = concat(b.subList(bHeld, bLines), c);
            tail.awaitCount(before + third.size(), WAIT);
            tail.assertNoMoreLines(Duration.ofMillis(300));
            List<TailHarness.Line> replayed = tail.lines().subList(before, before + third.size());
            assertThat(replayed).extracting(TailHarness.Line::text).containsExactlyElementsOf(third);
            assertThat(keys(replayed)).as("a position saved while the copy was read leads back to the same keys")
                    .containsExactlyElementsOf(keys(first.subList(aLines + bHeld, first.size())));

            Set<String> alerts = new HashSet<>(keys(tail.lines()));
            assertThat(alerts).as("alerts the table stores over the three runs: one per line written").hasSize(all.size());
        }
    }

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
            assertThat(tail.state().rewrites()).as("rewrites, in the status and in every new line's key").isEqualTo(1);
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

    /**
     * kill -9 while the reader is behind on a generation rotated away and already reads the newer one, then that
     * newer one renamed to another name of its directory while the service is down (a black-box test lost its lines
     * without a count: the saved position named only the older file). The position the service saves then names the
     * newer generations too; here it is written as the service writes it, since this test's route finishes every line
     * before the reader moves on. After the restart the renamed file is found by its inode and read after the rest of
     * the older one, once, with the keys of its first reading.
     */
    @Test
    void aNewerGenerationRenamedWhileDownIsFoundByItsInodeAndReadOnce() throws Exception {
        Path log = dir.resolve("app.log");
        Path positions = dir.resolve("positions");
        List<String> a = lines("a", 200);
        List<String> b = lines("b", 60);
        int held = 100;
        write(log, a);
        LineGate gate = new LineGate();
        gate.holdAt(a.get(held));
        Path positionFile = new PositionStore(positions).fileFor(log.toAbsolutePath().normalize().toString());
        try (TailHarness tail = new TailHarness(log, positions, "&startFrom=beginning", gate)) {
            gate.awaitHeld(WAIT);
            Path inA = savePositionNow(tail, positionFile, held, "in-a");
            Files.move(log, dir.resolve("app.log.1"));
            write(log, b);
            gate.release();
            List<String> all = concat(a, b);
            tail.awaitCount(all.size(), WAIT);
            tail.assertNoMoreLines(Duration.ofMillis(300));
            List<TailHarness.Line> first = tail.lines();
            assertThat(tail.texts()).containsExactlyElementsOf(all);
            String key = tail.state().path();

            // kill -9 with the position in a saved while b was being read, then b renamed while the service is down
            tail.stop();
            PositionStore store = new PositionStore(positions);
            Files.copy(inA, positionFile, StandardCopyOption.REPLACE_EXISTING);
            TailPosition saved = store.load(key).orElseThrow();
            assertThat(saved.lines()).as("the position in the older generation").isEqualTo(held);
            FileIdentity newer;
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(log)) {
                newer = FileIdentity.of(FileIdentity.devIno(log), ch);
            }
            store.save(key, saved, List.of(newer));
            Files.move(log, dir.resolve("renamed.log"));
            tail.start();
            List<String> again = concat(a.subList(held, a.size()), b);
            tail.awaitCount(first.size() + again.size(), WAIT);
            tail.assertNoMoreLines(Duration.ofMillis(300));
            List<TailHarness.Line> second = tail.lines().subList(first.size(), first.size() + again.size());
            assertThat(second).extracting(TailHarness.Line::text).as("the rest of the older file, then the renamed one")
                    .containsExactlyElementsOf(again);
            assertThat(keys(second)).as("read again: the keys of the first reading")
                    .containsExactlyElementsOf(keys(first.subList(held, first.size())));
        }
    }

    /**
     * copytruncate while the service was down, then a create rotation, and both files renamed to names no rotation
     * scheme uses (a black-box test lost the rest of the copy and the cut file's new lines, uncounted): the copy is
     * found by its start and the bytes before the saved position under any name of the directory, the cut file by its
     * inode, and both are read before the name's new file.
     */
    @Test
    void aCopyAndTheCutFileRenamedWhileDownAreStillReadBeforeTheNewFile() throws Exception {
        Path log = dir.resolve("app.log");
        Path positions = dir.resolve("positions");
        List<String> a = lines("a", 120);
        List<String> afterCut = lines("b", 20);
        List<String> newest = lines("c", 30);
        int held = 60;
        write(log, a);
        LineGate gate = new LineGate();
        gate.holdAt(a.get(held));
        Path positionFile = new PositionStore(positions).fileFor(log.toAbsolutePath().normalize().toString());
        try (TailHarness tail = new TailHarness(log, positions, "&startFrom=beginning", gate)) {
            gate.awaitHeld(WAIT);
            Path inA = savePositionNow(tail, positionFile, held, "in-a");
            tail.stop(); // kill -9 with the position in a
            Files.copy(inA, positionFile, StandardCopyOption.REPLACE_EXISTING);
            gate.release();
            int before = tail.count();

            copyTruncate(log);                                    // app.log.1 holds a, app.log is cut
            write(log, afterCut);
            Files.move(dir.resolve("app.log.1"), dir.resolve("copy-x.log"));
            Files.move(log, dir.resolve("y.log"));               // the cut file, renamed away
            write(log, newest);                                   // the name's new file
            tail.start();
            List<String> expected = concat(a.subList(held, a.size()), afterCut, newest);
            tail.awaitCount(before + expected.size(), WAIT);
            tail.assertNoMoreLines(Duration.ofMillis(300));
            assertThat(tail.lines().subList(before, before + expected.size())).extracting(TailHarness.Line::text)
                    .as("the rest of a from its copy, the cut file's new lines, then the new file").containsExactlyElementsOf(expected);
        }
    }

    /**
     * Saves the acknowledged position now, as the reader's next scan would (it is held in the route on the next line),
     * and keeps a copy of it: the position a kill -9 right after this moment leaves.
     */
    private Path savePositionNow(TailHarness tail, Path positionFile, long lines, String name) throws IOException {
        PositionStore store = new PositionStore(positionFile.getParent());
        String key = tail.state().path();
        TailHarness.await(() -> {
            tail.component().saveAcknowledgedPositions();
            return store.load(key).map(TailPosition::lines).orElse(-1L) == lines;
        }, WAIT, () -> "position of line " + lines + " saved");
        Path copy = dir.resolve(name + ".position");
        Files.copy(positionFile, copy);
        return copy;
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

    /** logrotate's copytruncate. */
    private static void copyTruncate(Path log) throws IOException {
        Files.copy(log, log.resolveSibling(log.getFileName() + ".1"));
        truncate(log);
    }

    private static void truncate(Path log) throws IOException {
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
    }
}
