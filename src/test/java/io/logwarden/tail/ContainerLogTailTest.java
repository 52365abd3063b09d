package io.logwarden.tail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Container logs through the real reader: CRI partial records joined into one line (then a stack trace
 * joined by the multiline setting on top), Docker json-file decoded, Kubernetes labels from the kubelet's
 * file name on every line, and a partial record still waiting for its end bounding the saved position, at
 * a stop and in what is saved while reading, so a restart reads the whole line once.
 */
class ContainerLogTailTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ID = "0123456789abcdef".repeat(4);
    private static final String T = "2024-01-01T00:00:00.000000001Z";
    private static final String QUIET = "&quietPeriod=60000";
    private static final String FIRST = T + " stdout F before\n";

    @TempDir
    Path dir;

    private Path containerLog(String pod) throws Exception {
        return Files.createDirectories(dir.resolve("containers")).resolve(pod + "_shop_orders-" + ID + ".log");
    }

    private static List<TailSource> source(Path log, String format, MultilineSettings multiline) {
        return List.of(new TailSource(log.toString(), List.of(), multiline, format));
    }

    /** A quiet period longer than the test: a partial record is held for its end, never handed out as it is. */
    private static TailHarness held(Path log, Path positions, String format) throws Exception {
        return new TailHarness(log, positions, QUIET, Duration.ZERO, source(log, format, null));
    }

    private static void awaitLines(TailHarness tail, List<String> texts, Long... lineNumbers) {
        tail.awaitCount(texts.size(), WAIT);
        assertThat(tail.texts()).containsExactlyElementsOf(texts);
        assertThat(tail.lines()).extracting(TailHarness.Line::lineNumber).containsExactly(lineNumbers);
    }

    /** A file with one whole record, then a partial one; returns once the reader holds the partial line. */
    private static TailHarness heldAfterOneLine(Path log, Path positions, String partial) throws Exception {
        Files.writeString(log, FIRST + T + " stdout P " + partial + "\n");
        TailHarness tail = held(log, positions, "cri");
        try {
            tail.awaitCount(1, WAIT);
            TailHarness.await(() -> tail.state().multilineHeldFrom() == FIRST.length(), WAIT,
                    () -> "held from " + tail.state().multilineHeldFrom());
            return tail;
        } catch (AssertionError e) {
            tail.close();
            throw e;
        }
    }

    @Test
    void criPartialRecordsAreOneLineAStackTraceOneEventAndEveryLineCarriesItsPodLabels() throws Exception {
        Path log = containerLog("orders-7d9f8-x2x4q");
        Files.writeString(log, String.join("\n",
                T + " stdout F 2024-05-01 12:00:00 INFO started",
                T + " stdout P first half of a ",
                T + " stdout P long line, ",
                T + " stdout F end",
                T + " stderr F 2024-05-01 12:00:01 ERROR order failed",
                T + " stderr F java.lang.IllegalStateException: stock",
                T + " stderr F \tat com.example.Orders.take(Orders.java:88)",
                T + " stdout F 2024-05-01 12:00:02 INFO next",
                "not a CRI record") + "\n");
        MultilineSettings javaTraces = new MultilineSettings("java", null, null, 500, DataSize.ofKilobytes(512), Duration.ofMillis(200));
        try (TailHarness tail = new TailHarness(log, dir.resolve("positions"), "", Duration.ZERO, source(log, "cri", javaTraces))) {
            tail.awaitCount(5, WAIT);
            assertThat(tail.texts()).containsExactly(
                    "2024-05-01 12:00:00 INFO started",
                    "first half of a long line, end",
                    "2024-05-01 12:00:01 ERROR order failed\njava.lang.IllegalStateException: stock\n"
                            + "\tat com.example.Orders.take(Orders.java:88)",
                    "2024-05-01 12:00:02 INFO next",
                    "not a CRI record");
            assertThat(tail.lines()).extracting(TailHarness.Line::lineNumber).containsExactly(1L, 2L, 5L, 8L, 9L);
            assertThat(tail.lines()).extracting(TailHarness.Line::pod).containsOnly("orders-7d9f8-x2x4q");
            TailHarness.await(() -> tail.state().acknowledgedLines == 9, WAIT, () -> "acknowledged " + tail.state().acknowledgedLines);
            assertThat(tail.state().describe()).containsEntry("format", "cri").containsEntry("container_lines_undecodable", 1L)
                    .containsEntry("labels", Map.of("namespace", "shop", "pod", "orders-7d9f8-x2x4q",
                            "container", "orders", "container_id", ID));
        }
    }

    @Test
    void dockerJsonFileLinesAreDecodedAndAPartialLogIsJoinedWithTheRecordThatEndsIt() throws Exception {
        Path log = containerLog("web-1");
        Files.writeString(log, String.join("\n",
                "{\"log\":\"GET / 200\\n\",\"stream\":\"stdout\",\"time\":\"" + T + "\"}",
                "{\"log\":\"a line longer than 16 KiB, \",\"stream\":\"stdout\",\"time\":\"" + T + "\"}",
                "{\"log\":\"its end \\\"quoted\\\"\\n\",\"stream\":\"stdout\",\"time\":\"" + T + "\"}") + "\n");
        try (TailHarness tail = new TailHarness(log, dir.resolve("positions"), "", Duration.ZERO, source(log, "auto", null))) {
            awaitLines(tail, List.of("GET / 200", "a line longer than 16 KiB, its end \"quoted\""), 1L, 2L);
        }
    }

    @Test
    void aRecordWhoseEndComesAfterTheQuietPeriodIsStillOneLine() throws Exception {
        // a starved runtime or a slow disk: the end of a line arrives long after its first part; a container
        // file's unfinished line is held for it, not split at the quiet period (200 ms here)
        Path cri = containerLog("late-cri");
        Files.writeString(cri, FIRST + T + " stdout P first part, ");
        Path docker = containerLog("late-docker");
        String record = "{\"log\":\"a whole record\\n\",\"stream\":\"stdout\",\"time\":\"" + T + "\"}\n";
        Files.writeString(docker, record + record.substring(0, 20));
        try (TailHarness criTail = new TailHarness(cri, dir.resolve("p1"), "&quietPeriod=200", Duration.ZERO, source(cri, "cri", null));
             TailHarness dockerTail = new TailHarness(docker, dir.resolve("p2"), "&quietPeriod=200", Duration.ZERO,
                     source(docker, "docker", null))) {
            criTail.awaitCount(1, WAIT);
            dockerTail.awaitCount(1, WAIT);
            await().during(Duration.ofSeconds(1)).atMost(WAIT)
                    .until(() -> criTail.lines().size() == 1 && dockerTail.lines().size() == 1);
            Files.writeString(cri, "\n" + T + " stdout F and its end\n", StandardOpenOption.APPEND);
            Files.writeString(docker, record.substring(20), StandardOpenOption.APPEND);
            awaitLines(criTail, List.of("before", "first part, and its end"), 1L, 2L);
            awaitLines(dockerTail, List.of("a whole record", "a whole record"), 1L, 2L);
            assertThat(criTail.state().describe()).containsEntry("container_lines_undecodable", 0L);
            assertThat(dockerTail.state().describe()).containsEntry("container_lines_undecodable", 0L);
        }
    }

    @Test
    void aPartialRecordWaitingForItsEndBoundsTheSavedPositionAndIsReadWholeOnceAfterARestart() throws Exception {
        Path log = containerLog("api-0");
        Path positions = dir.resolve("positions");
        String key = log.toAbsolutePath().normalize().toString();
        try (TailHarness tail = heldAfterOneLine(log, positions, "the first part, ")) {
            tail.component().saveAcknowledgedPositions(); // what a kill -9 now would leave
            assertThat(new PositionStore(positions).load(key).orElseThrow().offset()).isEqualTo(FIRST.length());
        }
        assertThat(new PositionStore(positions).load(key).orElseThrow().offset()).as("at stop").isEqualTo(FIRST.length());
        Files.writeString(log, T + " stdout F the rest\n" + T + " stdout F after\n", StandardOpenOption.APPEND);
        try (TailHarness tail = held(log, positions, "cri")) {
            awaitLines(tail, List.of("the first part, the rest", "after"), 2L, 4L);
        }
    }

    /**
     * The runtime's writer reopened between a partial record and the record that ends it: the line is handed
     * out in two parts, the first when the old file is finished, because an event never spans two files
     * (its position could not be saved in either). No record is lost or read twice, a restart included.
     */
    @Test
    void aRotationBetweenAPartialRecordAndItsEndLosesAndRepeatsNoRecord() throws Exception {
        Path log = containerLog("worker-5");
        Path positions = dir.resolve("positions");
        try (TailHarness tail = heldAfterOneLine(log, positions, "two, first part")) {
            Files.move(log, log.resolveSibling(log.getFileName() + ".1"));
            Files.writeString(log, T + " stdout F , its end\n" + T + " stdout F three\n");
            tail.awaitCount(4, WAIT);
            assertThat(tail.texts()).containsExactly("before", "two, first part", ", its end", "three");
            assertThat(tail.lines()).extracting(TailHarness.Line::pod).containsOnly("worker-5");
            TailHarness.await(() -> tail.state().rotations() == 1 && tail.state().acknowledgedLines == 2, WAIT,
                    () -> "rotations " + tail.state().rotations() + ", acknowledged " + tail.state().acknowledgedLines);
        }
        Files.writeString(log, T + " stdout F four\n", StandardOpenOption.APPEND);
        try (TailHarness tail = held(log, positions, "cri")) {
            awaitLines(tail, List.of("four"), 3L); // a record read again would come before it
        }
    }

    /**
     * Records that are not in the format (broken JSON, junk bytes) are handed out as they are and counted: the
     * partial line pending before them is handed out where they begin, the route reads on, every line carries
     * the pod's labels, and the saved position covers them all (a restart reads only what came after).
     */
    @Test
    void malformedRecordsPassAsTheyAreCountedAndTheRouteReadsOnWithPodLabelsOnEveryLine() throws Exception {
        Path log = containerLog("web-2");
        Path positions = dir.resolve("positions");
        Files.writeString(log, String.join("\n",
                "{\"log\":\"GET / 200\\n\",\"stream\":\"stdout\",\"time\":\"" + T + "\"}",
                "{\"log\":\"half of a \",\"stream\":\"stdout\",\"time\":\"" + T + "\"}",
                "{\"log\":\"broken",
                "\u0000\u0001 junk \uFFFD",
                "{\"log\":\"after\\n\",\"stream\":\"stderr\",\"time\":\"" + T + "\"}") + "\n");
        try (TailHarness tail = held(log, positions, "docker")) {
            tail.awaitCount(5, WAIT);
            assertThat(tail.texts()).containsExactly("GET / 200", "half of a ", "{\"log\":\"broken", "\u0000\u0001 junk \uFFFD",
                    "after");
            assertThat(tail.lines()).allSatisfy(line -> {
                assertThat(line.namespace()).isEqualTo("shop");
                assertThat(line.pod()).isEqualTo("web-2");
                assertThat(line.container()).isEqualTo("orders");
            });
            TailHarness.await(() -> tail.state().acknowledgedLines == 5, WAIT, () -> "acknowledged " + tail.state().acknowledgedLines);
            assertThat(tail.state().describe()).containsEntry("container_lines_undecodable", 2L);
        }
        Files.writeString(log, "{\"log\":\"end\\n\",\"stream\":\"stdout\",\"time\":\"" + T + "\"}\n", StandardOpenOption.APPEND);
        try (TailHarness tail = held(log, positions, "docker")) {
            awaitLines(tail, List.of("end"), 6L);
        }
    }
}
