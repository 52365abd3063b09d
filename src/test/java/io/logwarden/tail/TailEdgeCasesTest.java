package io.logwarden.tail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TailEdgeCasesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void aLineWrittenInPiecesIsOneLineAndAnUnterminatedOneWaitsForTheQuietPeriod() throws Exception {
        Path log = dir.resolve("pieces.log");
        Files.createFile(log);
        try (TailHarness tail = new TailHarness(log, dir.resolve("positions"), "&quietPeriod=400")) {
            append(log, "hello wo");
            TailHarness.await(() -> tail.state().size() >= "hello wo".length(), WAIT, () -> "the reader should read the piece");
            assertThat(tail.count()).as("a partial line is held back").isZero();
            append(log, "rld\n");
            tail.awaitCount(1, WAIT);
            assertThat(tail.texts()).containsExactly("hello world");

            long written = System.nanoTime();
            append(log, "no newline yet");
            tail.awaitCount(2, WAIT);
            // a lower bound only: a slow machine delivers it later, never sooner
            assertThat(Duration.ofNanos(tail.lines().get(1).arrivedNanos() - written)).as("held for the quiet period")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(400));
            assertThat(tail.texts()).containsExactly("hello world", "no newline yet");
            append(log, "next\n");
            tail.awaitCount(3, WAIT);
            assertThat(tail.texts().get(2)).isEqualTo("next");
        }
    }

    @Test
    void overLongLinesAreCutAndCountedAndBadBytesBecomeReplacementCharacters() throws Exception {
        Path log = dir.resolve("junk.log");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write("x".repeat(1000).getBytes(StandardCharsets.US_ASCII));
        bytes.write('\n');
        bytes.write(new byte[]{(byte) 0xff, (byte) 0xfe, 'a', (byte) 0xc3, '\n'});
        bytes.write(new byte[]{0, 1, 2, 3, (byte) 0x80, 0, '\r', '\n'});
        bytes.write(("é".repeat(60) + "\n").getBytes(StandardCharsets.UTF_8)); // 120 bytes, cut inside no character
        bytes.write("y".repeat(300_000).getBytes(StandardCharsets.US_ASCII)); // longer than the read buffer
        bytes.write('\n');
        bytes.write("after\n".getBytes(StandardCharsets.US_ASCII));
        Files.write(log, bytes.toByteArray());
        try (TailHarness tail = new TailHarness(log, dir.resolve("positions"), "&maxLineLength=101")) {
            tail.awaitCount(6, WAIT);
            tail.assertNoMoreLines(Duration.ofMillis(100));
            assertThat(tail.texts()).containsExactly(
                    "x".repeat(101),
                    "\uFFFD\uFFFDa\uFFFD",
                    "\u0000\u0001\u0002\u0003\uFFFD\u0000",
                    "é".repeat(50),
                    "y".repeat(101),
                    "after");
            assertThat(tail.state().linesTruncated()).isEqualTo(3);
            assertThat(tail.state().linesRead()).isEqualTo(6);
            assertThat(tail.state().position()).isEqualTo(Files.size(log));
        }
    }

    @Test
    void aRepointedSymlinkFinishesTheOldTargetThenReadsTheNewOneFromItsStart() throws Exception {
        Path a = dir.resolve("a.log");
        Path b = dir.resolve("b.log");
        Path link = dir.resolve("current.log");
        Files.writeString(b, "b-old-1\n"); // b existed before; once the link points at it, it is a new file: all of it is read
        try (LogWriter first = new LogWriter(a)) {
            Files.createSymbolicLink(link, a);
            try (TailHarness tail = new TailHarness(link, dir.resolve("positions"), "")) {
                first.append(20, true);
                tail.awaitCount(20, WAIT);
                first.append(5, false); // written just before the switch: must not be lost
                Path tmp = dir.resolve("current.log.tmp");
                Files.createSymbolicLink(tmp, b);
                Files.move(tmp, link, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                append(b, "b-new-2\n");
                tail.awaitCount(27, WAIT);
                tail.assertNoMoreLines(Duration.ofMillis(100));
                java.util.List<String> expected = new java.util.ArrayList<>(first.written());
                expected.add("b-old-1");
                expected.add("b-new-2");
                assertThat(tail.texts()).containsExactlyElementsOf(expected);
                assertThat(tail.state().rotations()).isEqualTo(1);
                assertThat(tail.state().describe()).containsEntry("position", Files.size(b));
            }
        }
    }

    @Test
    void aChangeToAnIdleFileWakesItsReaderWithoutWaitingForTheScan() throws Exception {
        Path log = dir.resolve("watched.log");
        Files.writeString(log, "one\n");
        // a scan delay longer than the waits below: only the change notification can bring the lines in time
        try (TailHarness tail = new TailHarness(log, dir.resolve("positions"), "&scanStreamDelay=600000")) {
            tail.awaitCount(1, WAIT);
            TailHarness.await(() -> tail.state().describe().get("lag_bytes") instanceof Number n && n.longValue() == 0, WAIT,
                    () -> "the reader at the end of the file");
            Files.writeString(log, "two\n", StandardOpenOption.APPEND);
            tail.awaitCount(2, WAIT);
            Files.move(log, dir.resolve("watched.log.1"));
            Files.writeString(log, "three\n");
            tail.awaitCount(3, WAIT);
            assertThat(tail.texts()).containsExactly("one", "two", "three");
            assertThat(tail.state().rotations()).isEqualTo(1);
        }
    }

    @Test
    void aFileMovedAsideWhileFollowedAndBackLaterIsReadOnNotAgain() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path log = logs.resolve("live.log");
        Path aside = Files.createDirectories(dir.resolve("elsewhere")).resolve("live.log");
        Files.writeString(log, "one\ntwo\nthree\n");
        try (TailHarness tail = new TailHarness(log, dir.resolve("positions"), "&quietPeriod=50")) {
            tail.awaitCount(3, WAIT);
            Files.move(log, aside);
            TailHarness.await(() -> tail.state().phase() == TailState.Phase.WAITING_FOR_FILE, WAIT,
                    () -> "waiting for the name, got " + tail.state().phase());
            Files.move(aside, log);
            Files.writeString(log, "four\n", StandardOpenOption.APPEND);
            tail.awaitCount(4, WAIT);
            tail.assertNoMoreLines(Duration.ofMillis(300));
            assertThat(tail.texts()).containsExactly("one", "two", "three", "four");
        }
    }

    @Test
    void aLinkOutOfTheRootsSwappedInWhileFollowedThenTheFileRestoredIsReadOnNotAgain() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path log = logs.resolve("swap.log");
        Path aside = Files.createDirectories(dir.resolve("elsewhere")).resolve("swap.log");
        Path secret = dir.resolve("elsewhere/secret.log");
        Files.writeString(secret, "secret\n");
        Files.writeString(log, "one\ntwo\n");
        try (TailHarness tail = new TailHarness(log, dir.resolve("positions"), "")) {
            tail.awaitCount(2, WAIT);
            tail.stop();
            tail.start(onlyInside(logs));
            TailHarness.await(() -> tail.state().phase() == TailState.Phase.FOLLOWING, WAIT, () -> "following again");
            Files.move(log, aside);
            Files.createSymbolicLink(log, secret);
            TailHarness.await(() -> tail.state().describe().toString().contains("outside"), WAIT,
                    () -> "the refused link should show, got " + tail.state().describe());
            Files.delete(log);
            Files.move(aside, log);
            Files.writeString(log, "three\n", StandardOpenOption.APPEND);
            tail.awaitCount(3, WAIT);
            tail.assertNoMoreLines(Duration.ofMillis(300));
            assertThat(tail.texts()).containsExactly("one", "two", "three");
        }
    }

    @ParameterizedTest(name = "{0} copytruncate(s)")
    @ValueSource(ints = {1, 2})
    void copytruncatesWhileStoppedAreReadOnFromTheFirstCopyThenEveryLaterCopyThenTheFile(int copies) throws Exception {
        Path log = dir.resolve("copied.log");
        Files.writeString(log, "one\ntwo\nthree\n");
        try (TailHarness tail = new TailHarness(log, dir.resolve("positions"), "")) {
            tail.awaitCount(3, WAIT);
            tail.stop();
            Files.writeString(log, "four\nfive\n", StandardOpenOption.APPEND); // read by no one yet
            copyTruncate(log);
            List<String> expected = new ArrayList<>(List.of("one", "two", "three", "four", "five"));
            for (int later = 1; later < copies; later++) {
                Files.writeString(log, "later-" + later + "\n", StandardOpenOption.APPEND);
                expected.add("later-" + later);
                copyTruncate(log); // copied.log.1 moves up to copied.log.2
            }
            Files.writeString(log, "last\n", StandardOpenOption.APPEND);
            expected.add("last");
            tail.start();
            tail.awaitCount(expected.size(), WAIT);
            tail.assertNoMoreLines(Duration.ofMillis(300));
            assertThat(tail.texts()).containsExactlyElementsOf(expected);
        }
    }

    /** logrotate's copytruncate with numbered copies (older copies move up one number). */
    private static void copyTruncate(Path log) throws Exception {
        Path first = log.resolveSibling(log.getFileName() + ".1");
        if (Files.exists(first)) {
            Files.move(first, log.resolveSibling(log.getFileName() + ".2"));
        }
        Files.copy(log, first);
        try (var ch = java.nio.channels.FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
    }

    @Test
    void aFileMovedAsideWhileStoppedAndBackLaterIsResumedNotReadAgain() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path log = logs.resolve("app.log");
        Path aside = Files.createDirectories(dir.resolve("elsewhere")).resolve("app.log");
        Files.writeString(log, "one\ntwo\nthree\n");
        try (TailHarness tail = new TailHarness(log, dir.resolve("positions"), "")) {
            tail.awaitCount(3, WAIT);
            tail.stop();
            Files.move(log, aside); // moved out of the directory: not among its rotated names
            tail.start();
            TailHarness.await(() -> tail.state().phase() == TailState.Phase.WAITING_FOR_FILE, WAIT,
                    () -> "waiting for the name, got " + tail.state().phase());
            Files.move(aside, log);
            Files.writeString(log, "four\n", StandardOpenOption.APPEND);
            tail.awaitCount(4, WAIT);
            tail.assertNoMoreLines(Duration.ofMillis(300));
            assertThat(tail.texts()).containsExactly("one", "two", "three", "four");
        }
    }

    @Test
    void aNameRefusedForAWhileKeepsTheSavedPositionOfItsFile() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path log = logs.resolve("app.log");
        Path aside = Files.createDirectories(dir.resolve("elsewhere")).resolve("app.log");
        Path secret = dir.resolve("elsewhere/secret.log");
        Files.writeString(secret, "secret\n");
        Files.writeString(log, "one\ntwo\n");
        try (TailHarness tail = new TailHarness(log, dir.resolve("positions"), "")) {
            tail.awaitCount(2, WAIT);
            tail.stop();
            Files.move(log, aside);
            Files.createSymbolicLink(log, secret); // swapped for a link out of the allowed directory
            tail.start(onlyInside(logs));
            TailHarness.await(() -> tail.state().describe().toString().contains("outside"), WAIT,
                    () -> "the refused link should show, got " + tail.state().describe());
            Files.delete(log);
            Files.move(aside, log);
            Files.writeString(log, "three\n", StandardOpenOption.APPEND);
            tail.awaitCount(3, WAIT);
            tail.assertNoMoreLines(Duration.ofMillis(300));
            assertThat(tail.texts()).containsExactly("one", "two", "three");
        }
    }

    @Test
    void anIdleFollowedFileCostsAlmostNoCpu() throws Exception {
        Path log = dir.resolve("idle.log");
        Files.writeString(log, "one\ntwo\n");
        // the service's default poll (250 ms), not the tests' 10 ms
        try (TailHarness tail = new TailHarness(log, dir.resolve("positions"), "&scanStreamDelay=250")) {
            tail.awaitCount(2, WAIT);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            assertThat(tail.state().readerThreadId()).isPositive();
            long cpu0 = readerPoolCpu(threads, tail.camelName());
            long wall0 = System.nanoTime();
            Thread.sleep(3000); // the idle time measured, not a wait: the assert is a ratio of CPU to wall time
            long cpu = readerPoolCpu(threads, tail.camelName()) - cpu0;
            long wall = System.nanoTime() - wall0;
            double ratio = (double) cpu / wall;
            System.out.printf("idle reader CPU: %.3f ms over %.0f ms wall = ratio %.5f%n", cpu / 1e6, wall / 1e6, ratio);
            assertThat(ratio).as("reader thread CPU time / wall time while idle").isLessThan(0.01);
            assertThat(tail.state().phase()).isEqualTo(TailState.Phase.FOLLOWING);
        }
    }

    /** The service's allowed-roots check in small: a file whose real path leaves {@code root} is refused at every open. */
    private static TailingStreamComponent.OpenGuard onlyInside(Path root) {
        return path -> {
            Path real = path.toRealPath();
            if (!real.startsWith(root.toRealPath())) {
                throw new PathNotAllowedException(path, real, "outside " + root);
            }
            return real;
        };
    }

    /** CPU time of the context's shared reader threads (the file takes its turns on any of them). */
    static long readerPoolCpu(ThreadMXBean threads, String camelName) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().contains("(" + camelName + ")")
                        && t.getName().endsWith(TailingStreamComponent.READER_THREAD_NAME))
                .mapToLong(t -> Math.max(0, threads.getThreadCpuTime(t.getId()))).sum();
    }

    @Test
    void aDirectoryOrAFifoInPlaceOfTheFileIsRefusedShownAndTheFileReadAgainOnceBack() throws Exception {
        Path log = dir.resolve("flaky.log");
        Files.writeString(log, "before\n");
        TailRegistry registry;
        try (TailHarness tail = new TailHarness(log, dir.resolve("positions"), "")) {
            tail.awaitCount(1, WAIT);
            registry = tail.component().getRegistry();
            TailingHealthIndicator health = new TailingHealthIndicator(registry);
            assertThat(health.health().getStatus().getCode()).isEqualTo("UP");

            Files.delete(log);
            Files.createDirectory(log); // the name now points at something that cannot be read as a file
            TailHarness.await(() -> tail.state().phase() == TailState.Phase.REFUSED, WAIT, () -> "reader should refuse it");
            assertThat(tail.state().lastError()).contains("a directory, not a regular file");
            assertThat(health.health().getStatus().getCode()).isEqualTo("DEGRADED");
            assertThat(health.health().getDetails().toString()).contains(log.toString());

            Files.delete(log);
            Process mkfifo = new ProcessBuilder("mkfifo", log.toString()).start();
            assertThat(mkfifo.waitFor()).isZero();
            TailHarness.await(() -> tail.state().lastError() != null && tail.state().lastError().contains("FIFO"), WAIT,
                    () -> "reader should refuse the FIFO without opening it, got " + tail.state().lastError());
            assertThat(tail.state().phase()).isEqualTo(TailState.Phase.REFUSED);
            assertThat(tail.state().describe()).containsEntry("state", "refused");

            Files.delete(log);
            Files.writeString(log, "after\n");
            tail.awaitCount(2, WAIT);
            assertThat(tail.texts()).containsExactly("before", "after");
            TailHarness.await(() -> tail.state().phase() == TailState.Phase.FOLLOWING, WAIT, () -> "reader should recover");
            assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
            long stopStarted = System.nanoTime();
            tail.stop();
            assertThat(Duration.ofNanos(System.nanoTime() - stopStarted)).as("stop never waits for a blocked open")
                    .isLessThan(Duration.ofSeconds(5));
        }
        assertThat(registry.states()).as("a stopped route leaves no status behind").isEmpty();
    }

    @Test
    void otherStreamKindsStayCamels() throws Exception {
        TailingStreamComponent component = new TailingStreamComponent();
        try (org.apache.camel.impl.DefaultCamelContext camel = new org.apache.camel.impl.DefaultCamelContext()) {
            camel.addComponent("stream", component);
            camel.start();
            org.apache.camel.Endpoint out = camel.getEndpoint("stream:out");
            assertThat(out.createProducer()).isInstanceOf(org.apache.camel.component.stream.StreamProducer.class);
            org.apache.camel.Endpoint oneShot = camel.getEndpoint("stream:file?fileName=" + dir.resolve("x.log"));
            assertThat(oneShot.createConsumer(e -> { }))
                    .isExactlyInstanceOf(org.apache.camel.component.stream.StreamConsumer.class);
            org.apache.camel.Endpoint bad = camel.getEndpoint("stream:file?fileName=" + dir.resolve("y.log")
                    + "&scanStream=true&startFrom=middle");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> bad.createConsumer(e -> { }))
                    .hasMessageContaining("beginning").hasMessageContaining("middle");
        }
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardOpenOption.APPEND, StandardOpenOption.CREATE);
    }
}
