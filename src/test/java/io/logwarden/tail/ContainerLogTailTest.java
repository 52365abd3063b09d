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

    @TempDir
    Path dir;

    private Path containerLog(String pod) throws Exception {
        return Files.createDirectories(dir.resolve("containers")).resolve(pod + "_shop_orders-" + ID + ".log");
    }

    private static List<TailSource> source(Path log, String format, MultilineSettings multiline) {
        return List.of(new TailSource(log.toString(), List.of(), multiline, format));
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
            tail.awaitCount(2, WAIT);
            assertThat(tail.texts()).containsExactly("GET / 200", "a line longer than 16 KiB, its end \"quoted\"");
            assertThat(tail.lines()).extracting(TailHarness.Line::lineNumber).containsExactly(1L, 2L);
        }
    }

    @Test
    void aPartialRecordWaitingForItsEndBoundsTheSavedPositionAndIsReadWholeOnceAfterARestart() throws Exception {
        Path log = containerLog("api-0");
        Path positions = dir.resolve("positions");
        String first = T + " stdout F before\n";
        Files.writeString(log, first + T + " stdout P the first part, ");
        Files.writeString(log, "\n", StandardOpenOption.APPEND);
        String key = log.toAbsolutePath().normalize().toString();
        try (TailHarness tail = new TailHarness(log, positions, "", Duration.ZERO, source(log, "cri", null))) {
            tail.awaitCount(1, WAIT);
            TailHarness.await(() -> tail.state().multilineHeldFrom() == first.length(), WAIT,
                    () -> "held from " + tail.state().multilineHeldFrom());
            tail.component().saveAcknowledgedPositions(); // what a kill -9 now would leave
            assertThat(new PositionStore(positions).load(key).orElseThrow().offset()).isEqualTo(first.length());
        }
        assertThat(new PositionStore(positions).load(key).orElseThrow().offset()).as("at stop").isEqualTo(first.length());
        Files.writeString(log, T + " stdout F the rest\n" + T + " stdout F after\n", StandardOpenOption.APPEND);
        try (TailHarness tail = new TailHarness(log, positions, "", Duration.ZERO, source(log, "cri", null))) {
            tail.awaitCount(2, WAIT);
            assertThat(tail.texts()).containsExactly("the first part, the rest", "after");
            assertThat(tail.lines()).extracting(TailHarness.Line::lineNumber).containsExactly(2L, 4L);
        }
    }
}
