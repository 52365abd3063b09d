package io.logwarden.tail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Multiline events through the real reader: a Java stack trace log becomes one event per log line, the
 * last one leaves after the flush timeout, and the acknowledged position never passes the first line of
 * an event still being joined, neither at a stop (SIGTERM path) nor in what is saved while reading (what a
 * kill -9 leaves behind), so a restart reads that event again whole, once.
 */
class MultilineTailTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static List<TailSource> java(Path log, Duration flushTimeout) {
        return List.of(new TailSource(log.toString(), List.of(),
                new MultilineSettings("java", null, null, 500, DataSize.ofKilobytes(512), flushTimeout), "plain"));
    }

    @Test
    void aJavaStackTraceLogIsOneEventPerLogLineAndTheLastLeavesAfterTheFlushTimeout() throws Exception {
        Path log = dir.resolve("app.log");
        List<String> lines = new ArrayList<>(List.of(MultilineJoinerTest.JAVA_LOG));
        lines.add("2024-05-01 12:00:04,005 ERROR [http-3] c.e.Orders - order 43 failed");
        lines.add("java.lang.NullPointerException");
        lines.add("\tat com.example.Orders.take(Orders.java:90)");
        Files.writeString(log, String.join("\n", lines) + "\n");
        try (TailHarness tail = new TailHarness(log, dir.resolve("positions"), "", Duration.ZERO,
                java(log, Duration.ofMillis(300)))) {
            tail.awaitCount(5, WAIT);
            assertThat(tail.lines()).extracting(TailHarness.Line::lineNumber).as("each event carries its first line's number")
                    .containsExactly(1L, 2L, 11L, 12L, 13L);
            assertThat(tail.texts().get(1)).isEqualTo(String.join("\n", lines.subList(1, 10)));
            assertThat(tail.texts().get(4)).as("the last event, complete, handed out by the flush timeout")
                    .isEqualTo(String.join("\n", lines.subList(12, 15)));
            TailHarness.await(() -> tail.state().acknowledgedLines == 15 && tail.state().multilineHeldFrom() == -1, WAIT,
                    () -> "acknowledged lines " + tail.state().acknowledgedLines + ", held from " + tail.state().multilineHeldFrom());
            assertThat(tail.state().linesRead()).isEqualTo(15);
            assertThat(tail.state().multilineEvents()).isEqualTo(2);
        }
    }

    @Test
    void aHeldEventBoundsTheSavedPositionAtStopAndInFlightAndIsReadAgainWholeOnce() throws Exception {
        Path log = dir.resolve("app.log");
        Path positions = dir.resolve("positions");
        String first = "2024-05-01 12:00:00 INFO started\n";
        String held = "2024-05-01 12:00:01 ERROR failed\njava.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)\n";
        Files.writeString(log, first + held);
        long heldFrom = first.length();
        String key = log.toAbsolutePath().normalize().toString();
        Path crashSnapshot = dir.resolve("positions-at-crash");
        // a flush timeout longer than the test: the event stays held until its next line comes
        List<TailSource> sources = java(log, Duration.ofHours(1));
        try (TailHarness tail = new TailHarness(log, positions, "", Duration.ZERO, sources)) {
            tail.awaitCount(1, WAIT);
            TailHarness.await(() -> tail.state().multilineHeldFrom() == heldFrom, WAIT,
                    () -> "held from " + tail.state().multilineHeldFrom());
            // what the periodic save writes while the event is held, i.e. what a kill -9 now would leave
            tail.component().saveAcknowledgedPositions();
            TailPosition running = new PositionStore(positions).load(key).orElseThrow();
            assertThat(running.offset()).as("saved while running: not past the held event's first line").isEqualTo(heldFrom);
            assertThat(running.lines()).isEqualTo(1);
            copy(positions, crashSnapshot);
            assertThat(tail.texts()).containsExactly("2024-05-01 12:00:00 INFO started");
        } // stop: the SIGTERM path (stop reading, drain, save)
        TailPosition atStop = new PositionStore(positions).load(key).orElseThrow();
        assertThat(atStop.offset()).as("saved at stop: the held event is read again from its first line").isEqualTo(heldFrom);
        assertThat(atStop.lines()).isEqualTo(1);

        Files.writeString(log, "\tat a.D.e(D.java:2)\n2024-05-01 12:00:02 INFO next\n", StandardOpenOption.APPEND);
        String whole = held + "\tat a.D.e(D.java:2)";
        for (Path restartFrom : List.of(positions, crashSnapshot)) {
            try (TailHarness tail = new TailHarness(log, restartFrom, "", Duration.ZERO, java(log, Duration.ofMillis(200)))) {
                tail.awaitCount(2, WAIT);
                assertThat(tail.texts()).as("restarted from " + restartFrom.getFileName())
                        .containsExactly(whole, "2024-05-01 12:00:02 INFO next");
                assertThat(tail.lines()).extracting(TailHarness.Line::lineNumber).containsExactly(2L, 6L);
            }
        }
    }

    @Test
    void everyPositionSavedWhileABacklogOfStackTracesIsReadIsAnEventBoundary() throws Exception {
        Path log = dir.resolve("backlog.log");
        Path positions = dir.resolve("positions");
        StringBuilder text = new StringBuilder();
        List<String> expected = new ArrayList<>();
        Map<Long, Long> boundaries = new HashMap<>(); // offset after an event -> lines before it
        boundaries.put(0L, 0L);
        long lines = 0;
        for (int i = 0; i < 400; i++) {
            StringBuilder event = new StringBuilder("2024-05-01 12:00:00 ERROR event " + i);
            lines++;
            for (int f = 0; f < i % 6; f++) {
                event.append("\n\tat com.example.C").append(f).append(".m(C.java:").append(i).append(')');
                lines++;
            }
            expected.add(event.toString());
            text.append(event).append('\n');
            boundaries.put((long) text.toString().getBytes(StandardCharsets.UTF_8).length, lines);
        }
        Files.writeString(log, text);
        String key = log.toAbsolutePath().normalize().toString();
        PositionStore store = new PositionStore(positions);
        List<TailPosition> samples = new ArrayList<>();
        try (TailHarness tail = new TailHarness(log, positions, "", Duration.ofMillis(2), java(log, Duration.ofMillis(200)))) {
            while (tail.count() < expected.size()) {
                Optional<TailPosition> saved = store.load(key);
                saved.filter(p -> samples.isEmpty() || !samples.get(samples.size() - 1).equals(p)).ifPresent(samples::add);
                Thread.onSpinWait();
            }
            assertThat(tail.texts()).containsExactlyElementsOf(expected);
            TailHarness.await(() -> store.load(key).map(TailPosition::offset).orElse(-1L) == text.length(), WAIT,
                    () -> "final position " + store.load(key));
        }
        assertThat(samples).as("positions saved while reading").hasSizeGreaterThan(5);
        for (TailPosition p : samples) {
            assertThat(boundaries).as("saved position %s is after a whole event", p).containsEntry(p.offset(), p.lines());
        }
    }

    private static void copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
