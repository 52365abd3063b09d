package io.logwarden.tail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exact accounting in the style of Fluent Bit's rotation suite and Vector's file-source tests: every
 * line written must be processed exactly once, in order, whatever happens to the file in between.
 */
class TailAccountingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Long enough for the reader (a scan every 10 ms) to deliver a line read twice. */
    private static final Duration QUIET = Duration.ofMillis(100);
    /** Lines the writer thread writes between two operations of the first test (about 150 ms of it). */
    private static final int WRITTEN_BETWEEN = 150;

    @TempDir
    Path dir;

    @Test
    void writerThreadThroughRotationsTruncationsAndARestartLosesAndRepeatsNothing() throws Exception {
        Path log = dir.resolve("app.log");
        try (LogWriter writer = new LogWriter(log);
             TailHarness tail = new TailHarness(log, dir.resolve("positions"), "&startFrom=beginning")) {
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread thread = new Thread(() -> {
                try {
                    while (writing.get()) {
                        writer.append(5, true);
                        Thread.sleep(1); // the application's pace, not a wait
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "test-log-writer");
            thread.start();

            // between two operations the writer writes WRITTEN_BETWEEN lines, whatever the machine's speed
            writtenMore(writer);
            writer.renameAndCreate(5);
            writtenMore(writer);
            catchUp(writer, tail, () -> writer.copyTruncate());
            writtenMore(writer);
            writer.deleteAndRecreate();
            writtenMore(writer);
            tail.restart(); // mid-stream: the writer keeps writing while no reader runs
            writtenMore(writer);
            catchUp(writer, tail, () -> writer.truncate());
            writtenMore(writer);
            writer.renameAndCreate(3);
            writtenMore(writer);

            writing.set(false);
            thread.join();
            assertThat(failure.get()).isNull();
            tail.awaitCount(writer.count(), WAIT);
            tail.assertNoMoreLines(QUIET); // anything extra (a duplicate) would arrive now
            assertThat(tail.texts()).containsExactlyElementsOf(writer.written());
            assertThat(tail.state().rotations()).as("rotations seen since the restart").isEqualTo(1);
            assertThat(tail.state().truncations()).isEqualTo(1);
        }
    }

    @Test
    void restartResumesExactlyWhereProcessingEndedWithLineNumbersContinuing() throws Exception {
        Path log = dir.resolve("restart.log");
        try (LogWriter writer = new LogWriter(log);
             TailHarness tail = new TailHarness(log, dir.resolve("positions"), "")) {
            for (int round = 0; round < 5; round++) {
                writer.append(200, true);
                int before = writer.count() - 200;
                // restart once the reader is into this round's lines
                TailHarness.await(() -> tail.count() > before, WAIT, () -> "reading round " + before / 200);
                tail.restart();
            }
            writer.append(10, false);
            tail.awaitCount(writer.count(), WAIT);
            tail.assertNoMoreLines(QUIET);
            assertThat(tail.texts()).containsExactlyElementsOf(writer.written());
            assertThat(tail.lines().stream().mapToLong(TailHarness.Line::lineNumber).toArray())
                    .containsExactly(LongStream.rangeClosed(1, writer.count()).toArray());
            assertThat(tail.lines().stream().mapToLong(TailHarness.Line::streamIndex).toArray())
                    .containsExactly(LongStream.range(0, writer.count()).toArray());
        }
    }

    @Test
    void randomSequenceOfOperationsProcessesEveryLineExactlyOnceInOrder() throws Exception {
        long seed = 20240611L;
        java.util.Random random = new java.util.Random(seed);
        Path log = dir.resolve("random.log");
        StringBuilder ops = new StringBuilder();
        try (LogWriter writer = new LogWriter(log);
             TailHarness tail = new TailHarness(log, dir.resolve("positions"), "")) {
            for (int step = 0; step < 40; step++) {
                int op = random.nextInt(8);
                switch (op) {
                    case 0, 1, 2 -> {
                        int n = 1 + random.nextInt(300);
                        ops.append("append ").append(n).append("; ");
                        writer.append(n, random.nextBoolean());
                    }
                    case 3 -> {
                        ops.append("rename-create; ");
                        writer.renameAndCreate(random.nextInt(4));
                    }
                    case 4 -> {
                        ops.append("copytruncate; ");
                        catchUp(writer, tail, writer::copyTruncate);
                    }
                    case 5 -> {
                        ops.append("truncate; ");
                        catchUp(writer, tail, writer::truncate);
                    }
                    case 6 -> {
                        ops.append("delete-recreate; ");
                        writer.deleteAndRecreate();
                    }
                    default -> {
                        ops.append("restart; ");
                        tail.restart();
                    }
                }
                Thread.sleep(random.nextInt(30)); // the seeded sequence's timing, not a wait for anything
            }
            writer.append(1, false);
            String context = "seed " + seed + ", operations: " + ops;
            try {
                tail.awaitCount(writer.count(), WAIT);
                tail.assertNoMoreLines(QUIET);
            } catch (AssertionError e) {
                throw new AssertionError(context + " -- " + e.getMessage(), e);
            }
            assertThat(tail.texts()).as(context).containsExactlyElementsOf(writer.written());
        }
    }

    /**
     * What the random sequence hit now and then (a delete-recreate, then a restart while behind): the stop cuts
     * the reader inside a chunk, and the rest of the deleted file, read before stopping, lost the line being
     * handed out and came out as one line holding all the others (or not at all, on an index out of bounds).
     */
    @Test
    void aStopInsideAChunkOfADeletedFileReadsItsRestLineByLineOnce() throws Exception {
        Path log = dir.resolve("deleted.log");
        List<String> lines = numbered(0, 1500); // about 45 KB: one read, one chunk
        java.nio.file.Files.write(log, lines);
        try (TailHarness tail = new TailHarness(log, dir.resolve("positions"), "", Duration.ofMillis(1))) {
            tail.awaitCount(100, WAIT);
            java.nio.file.Files.delete(log);
            assertThat(tail.count()).as("still inside the chunk when the stop comes").isLessThan(lines.size());
            tail.stop();
            assertThat(tail.texts()).containsExactlyElementsOf(lines);
        }
    }

    @Test
    void startFromEndSkipsWhatIsThereButReadsAnUnfinishedLastLineWhole() throws Exception {
        Path log = dir.resolve("end.log");
        try (LogWriter writer = new LogWriter(log)) {
            writer.append(5, false);
            java.nio.file.Files.writeString(log, "half a li", java.nio.file.StandardOpenOption.APPEND);
            try (TailHarness tail = new TailHarness(log, dir.resolve("positions"), "&startFrom=end")) {
                TailHarness.await(() -> tail.component().getRegistry().state(log.toString()).isPresent()
                        && tail.state().position() > 0, WAIT, () -> "reader did not open the file");
                java.nio.file.Files.writeString(log, "ne\n", java.nio.file.StandardOpenOption.APPEND);
                writer.append(3, false);
                tail.awaitCount(4, WAIT);
                tail.assertNoMoreLines(QUIET);
                assertThat(tail.texts()).containsExactly("half a line", "line-000005 some payload 35",
                        "line-000006 some payload 42", "line-000007 some payload 49");
                assertThat(tail.lines().get(0).lineNumber()).isEqualTo(6);
            }
        }
    }

    @Test
    void aFileCreatedAfterTheRouteStartedIsReadFromItsStart() throws Exception {
        Path log = dir.resolve("later.log");
        try (TailHarness tail = new TailHarness(log, dir.resolve("positions"), "&startFrom=end")) {
            TailHarness.await(() -> tail.component().getRegistry().state(log.toString())
                            .map(s -> s.phase() == TailState.Phase.WAITING_FOR_FILE).orElse(false),
                    WAIT, () -> "reader should wait for the file");
            try (LogWriter writer = new LogWriter(log)) {
                writer.append(50, true);
                tail.awaitCount(50, WAIT);
                assertThat(tail.texts()).containsExactlyElementsOf(writer.written());
            }
        }
    }

    private static void writtenMore(LogWriter writer) {
        int from = writer.count();
        TailHarness.await(() -> writer.count() >= from + WRITTEN_BETWEEN, WAIT, () -> "the writer is stuck at " + writer.count());
    }

    /** Waits until the reader has processed everything, then runs a rotation that needs it (copytruncate). */
    private static void catchUp(LogWriter writer, TailHarness tail, IoAction action) throws Exception {
        synchronized (writer) {
            tail.awaitCount(writer.count(), WAIT);
            action.run();
        }
    }

    @FunctionalInterface
    interface IoAction {
        void run() throws Exception;
    }

    static List<String> numbered(int from, int to) {
        return java.util.stream.IntStream.range(from, to)
                .mapToObj(i -> String.format("line-%06d some payload %d", i, i * 7)).toList();
    }
}
