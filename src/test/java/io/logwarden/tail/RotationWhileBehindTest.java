package io.logwarden.tail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileOutputStream;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotations that happen while the reader is behind (its pipeline takes 0.3 ms a line) and faster than it
 * looks at the name (one scan every 2 s): every generation is read to its end, in order, exactly once.
 * Truncations while behind: the lines still on disk are read from copytruncate's copy; a plain
 * truncate-and-rewrite (even one keeping the first KiB) is seen before any new byte is read at an old
 * offset, so there is never a fragment and never a line twice.
 */
class RotationWhileBehindTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration SLOW = Duration.ofNanos(300_000);
    private static final String ONE_SCAN = "&startFrom=beginning&scanStreamDelay=2000";

    @TempDir
    Path dir;

    @Test
    void twoRotationsInsideOneScanWhileBehindLoseNoGeneration() throws Exception {
        rotationsInsideOneScan(2);
    }

    @Test
    void fiveRotationsInsideOneScanWhileBehindLoseNoGeneration() throws Exception {
        rotationsInsideOneScan(5);
    }

    private void rotationsInsideOneScan(int rotations) throws Exception {
        Path log = dir.resolve("app.log");
        Generations writer = new Generations(log);
        writer.append(3_000);
        try (TailHarness tail = new TailHarness(log, dir.resolve("positions"), ONE_SCAN, SLOW)) {
            tail.awaitCount(10, WAIT); // reading the first generation, far behind
            for (int r = 0; r < rotations; r++) {
                writer.rotateNumbered(); // name.k -> name.k+1, ..., name -> name.1, a new file under the name
                writer.append(500);
            }
            assertThat(tail.count()).as("still behind when the rotations are done").isLessThan(3_000);
            tail.awaitCount(writer.written.size(), WAIT);
            tail.assertNoMoreLines(Duration.ofMillis(300)); // a line read twice would arrive now
            assertThat(tail.texts()).containsExactlyElementsOf(writer.written);
        }
    }

    @Test
    void copytruncateWhileBehindReadsTheLinesStillOnDiskFromTheCopy() throws Exception {
        Path log = dir.resolve("app.log");
        Generations writer = new Generations(log);
        writer.append(20_000); // about 620 KiB: far more than the reader buffers ahead
        try (TailHarness tail = new TailHarness(log, dir.resolve("positions"), ONE_SCAN, SLOW)) {
            tail.awaitCount(10, WAIT);
            writer.copyTruncate(log.resolveSibling("app.log.1"));
            writer.append(500);
            assertThat(tail.count()).as("still behind when the file is cut").isLessThan(4_000);
            tail.awaitCount(writer.written.size(), WAIT);
            tail.assertNoMoreLines(Duration.ofMillis(300));
            assertThat(tail.texts()).containsExactlyElementsOf(writer.written);
            assertThat(tail.state().truncations()).isEqualTo(1);
            assertThat(tail.state().describe()).containsEntry("lost_bytes_truncated", 0L)
                    .containsEntry("copytruncate_copies_read", 1L);
        }
    }

    @Test
    void severalCopytruncatesWhileHeldReadEveryCopiedGenerationOnceOldestFirst() throws Exception {
        Generations writer = new Generations(dir.resolve("app.log"));
        LineGate gate = new LineGate();
        try (TailHarness tail = heldBehind(writer, gate)) {
            for (int cut = 0; cut < 3; cut++) {
                writer.copyTruncateNumbered(); // app.log.k -> app.log.k+1, copy to app.log.1, cut app.log
                writer.append(1_000);
            }
            gate.release();
            assertEveryLineOnceInOrder(tail, writer, 3);
        }
    }

    @Test
    void copiesWhoseFirstKibibyteIsTheSameAsTheFileBeingReadAreStillReadAsLaterGenerations() throws Exception {
        Generations writer = new Generations(dir.resolve("app.log"));
        writer.header = "# " + "h".repeat(1_150); // every generation starts with the same 1.1 KiB
        LineGate gate = new LineGate();
        try (TailHarness tail = heldBehind(writer, gate)) {
            for (int cut = 0; cut < 2; cut++) {
                writer.copyTruncateNumbered();
                writer.append(1_000);
            }
            gate.release();
            assertEveryLineOnceInOrder(tail, writer, 2);
        }
    }

    @Test
    void aSmallCopyTakenBeforeTheLinesTheReaderReadLastIsNeverReadAgain() throws Exception {
        Path log = dir.resolve("app.log");
        Generations writer = new Generations(log);
        writer.append(5);
        LineGate gate = new LineGate();
        gate.holdAt("gen-0 line-000007 some payload");
        try (TailHarness tail = new TailHarness(log, dir.resolve("positions"), ONE_SCAN, gate)) {
            tail.awaitCount(5, WAIT);
            Files.copy(log, dir.resolve("app.log.1")); // logrotate's copy: 155 bytes, below the fingerprint's KiB
            writer.append(5); // written between the copy and the truncation, and read: the copy is all read already
            gate.awaitHeld(WAIT);
            writer.truncate();
            writer.generation++;
            writer.append(100);
            gate.release();
            assertEveryLineOnceInOrder(tail, writer, 0);
        }
    }

    @Test
    void aSecondCopytruncateWhileTheFirstCopyIsBeingReadLosesNoGeneration() throws Exception {
        Generations writer = new Generations(dir.resolve("app.log"));
        LineGate gate = new LineGate();
        try (TailHarness tail = heldBehind(writer, gate)) {
            writer.copyTruncateNumbered();
            writer.append(3_000);
            gate.holdAt("gen-0 line-015000 some payload"); // past the chunk read before the cut: read from the copy
            gate.release();
            gate.awaitHeld(WAIT);
            assertThat(tail.state().truncations()).as("held inside the first copy").isEqualTo(1);
            writer.copyTruncateNumbered(); // the copy being read becomes app.log.2; gen 1, never read, app.log.1
            writer.append(500);
            gate.release();
            assertEveryLineOnceInOrder(tail, writer, 2);
        }
    }

    @Test
    void aCopyGoneBeforeItsTurnIsCountedAndTheLaterCopiesAreStillRead() throws Exception {
        Generations writer = new Generations(dir.resolve("app.log"));
        LineGate gate = new LineGate();
        try (TailHarness tail = heldBehind(writer, gate)) {
            List<String> first = List.copyOf(writer.written);
            writer.copyTruncateNumbered();
            writer.append(1_000);
            writer.copyTruncateNumbered();
            writer.append(1_000);
            // logrotate's compress: the copy of the generation being read is gone (the .gz is never read)
            Files.move(dir.resolve("app.log.2"), dir.resolve("app.log.2.gz"));
            gate.release();
            awaitLastLine(tail, writer);
            List<String> got = tail.texts();
            int keptFirst = (int) got.stream().filter(line -> line.startsWith("gen-0 ")).count();
            assertThat(got.subList(0, keptFirst)).as("what was read of the first generation before the cut, in order")
                    .containsExactlyElementsOf(first.subList(0, keptFirst));
            assertThat(got.subList(keptFirst, got.size())).as("the later generations, whole and in order")
                    .containsExactlyElementsOf(writer.written.subList(first.size(), writer.written.size()));
            long unread = first.subList(keptFirst, first.size()).stream().mapToLong(line -> line.length() + 1L).sum();
            assertThat(unread).as("the reader was behind when the copy went").isPositive();
            assertThat(tail.state().describe()).as("every byte not handed out is counted")
                    .containsEntry("lost_bytes_truncated", unread)
                    .containsEntry("copytruncate_copies_read", 1L);
        }
    }

    /**
     * A first generation far bigger than one read chunk (the rest after a cut is only in its copy), and a reader
     * held in the route on its eleventh line: behind everything written after, however fast the machine.
     */
    private TailHarness heldBehind(Generations writer, LineGate gate) throws Exception {
        writer.append(20_000);
        gate.holdAt("gen-0 line-000010 some payload");
        TailHarness tail = new TailHarness(writer.file, dir.resolve("positions"), ONE_SCAN, gate);
        gate.awaitHeld(WAIT);
        return tail;
    }

    private static void assertEveryLineOnceInOrder(TailHarness tail, Generations writer, long copies) {
        awaitLastLine(tail, writer); // a skipped generation shows as a difference below, not as a time-out
        assertThat(tail.texts()).containsExactlyElementsOf(writer.written);
        assertThat(tail.state().describe()).containsEntry("lost_bytes_truncated", 0L)
                .containsEntry("copytruncate_copies_read", copies);
    }

    @Test
    void truncateAndRewriteBiggerWhileBehindLosesOnlyTheOldTailAndNeverRepeatsOrFragments() throws Exception {
        Path log = dir.resolve("app.log");
        Generations writer = new Generations(log);
        writer.append(4_000);
        List<String> old = List.copyOf(writer.written);
        try (TailHarness tail = new TailHarness(log, dir.resolve("positions"), ONE_SCAN, SLOW)) {
            tail.awaitCount(10, WAIT);
            writer.truncate();
            writer.written.clear();
            writer.append(6_000); // bigger than the old file: the old offset now lies inside new content
            List<String> fresh = List.copyOf(writer.written);
            TailHarness.await(() -> tail.count() >= fresh.size() && tail.texts().contains(fresh.get(fresh.size() - 1)),
                    WAIT, () -> "the rewritten file should be read to its end, got " + tail.count());
            tail.assertNoMoreLines(Duration.ofMillis(300));
            List<String> got = tail.texts();
            int keptOld = got.size() - fresh.size();
            assertThat(keptOld).as("old lines read before the truncation was seen").isBetween(10, 4_000);
            assertThat(got.subList(0, keptOld)).as("a prefix of the old file, no fragment")
                    .containsExactlyElementsOf(old.subList(0, keptOld));
            assertThat(got.subList(keptOld, got.size())).as("the new file once, from its start")
                    .containsExactlyElementsOf(fresh);
            assertThat(tail.state().truncations()).isEqualTo(1);
        }
    }

    @Test
    void truncateAndRewriteWithTheSameFirstKibibyteIsSeenAndNeverYieldsFragments() throws Exception {
        Path log = dir.resolve("app.log");
        String header = "# " + "h".repeat(1_150) + "\n"; // the same first 1.1 KiB in both versions
        Files.writeString(log, header);
        Generations writer = new Generations(log);
        writer.append(300);
        try (TailHarness tail = new TailHarness(log, dir.resolve("positions"), "&startFrom=beginning&scanStreamDelay=500")) {
            tail.awaitCount(301, WAIT);
            List<String> before = tail.texts();
            // inside one scan: truncate, write the same header and more lines than before
            writer.truncate();
            Files.writeString(log, header, StandardOpenOption.APPEND);
            writer.written.clear();
            writer.append(600);
            List<String> expected = new ArrayList<>(before);
            expected.add(header.strip());
            expected.addAll(writer.written);
            tail.awaitCount(expected.size(), WAIT);
            tail.assertNoMoreLines(Duration.ofMillis(600)); // more than one scan (500 ms)
            assertThat(tail.texts()).containsExactlyElementsOf(expected);
            assertThat(tail.state().truncations()).isEqualTo(1);
        }
    }

    /** Waits until the newest line written arrives, then for a while in which no more may come. */
    private static void awaitLastLine(TailHarness tail, Generations writer) {
        String last = writer.written.get(writer.written.size() - 1);
        TailHarness.await(() -> {
            List<String> got = tail.texts();
            return !got.isEmpty() && got.get(got.size() - 1).equals(last);
        }, WAIT,
                () -> "expected the last line written (" + last + "), got " + tail.count() + " lines");
        tail.assertNoMoreLines(Duration.ofMillis(300));
    }

    /** Numbered lines per generation, rotated the logrotate way. */
    private static final class Generations {
        private final Path file;
        private final List<String> written = new ArrayList<>();
        private FileOutputStream out;
        private int generation;
        private int next;
        private String header; // the first line of every generation, when set

        Generations(Path file) throws IOException {
            this.file = file;
            this.out = new FileOutputStream(file.toFile(), true);
        }

        void append(int n) throws IOException {
            StringBuilder text = new StringBuilder();
            if (header != null && Files.size(file) == 0) {
                written.add(header);
                text.append(header).append('\n');
            }
            for (int i = 0; i < n; i++) {
                String line = String.format("gen-%d line-%06d some payload", generation, next++);
                written.add(line);
                text.append(line).append('\n');
            }
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        void rotateNumbered() throws IOException {
            shiftNumbered();
            Files.move(file, file.resolveSibling(file.getFileName() + ".1"));
            out.close();
            out = new FileOutputStream(file.toFile(), true);
            generation++;
        }

        private void shiftNumbered() throws IOException {
            int highest = 1;
            while (Files.exists(file.resolveSibling(file.getFileName() + "." + highest))) {
                highest++;
            }
            for (int k = highest - 1; k >= 1; k--) {
                Files.move(file.resolveSibling(file.getFileName() + "." + k), file.resolveSibling(file.getFileName() + "." + (k + 1)));
            }
        }

        /** logrotate's copytruncate with numbered copies: the older copies move up one number first. */
        void copyTruncateNumbered() throws IOException {
            shiftNumbered();
            copyTruncate(file.resolveSibling(file.getFileName() + ".1"));
        }

        void copyTruncate(Path copy) throws IOException {
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            truncate();
            generation++;
        }

        void truncate() throws IOException {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }
        }
    }
}
