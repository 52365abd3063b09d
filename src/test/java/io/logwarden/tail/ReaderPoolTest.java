package io.logwarden.tail;

import io.logwarden.parse.LineHeaders;
import io.logwarden.parse.LogEvent;
import io.logwarden.scoring.Score;
import io.logwarden.scoring.Severity;
import io.logwarden.window.Window;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hundreds of followed files on a few shared reader threads: every line of every file arrives once and
 * in order, the thread count stays at the pool's size, and a file with a long backlog does not hold the
 * threads while the others wait.
 */
class ReaderPoolTest {

    private static final int FILES = 200;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private DefaultCamelContext camel;
    private final Map<String, List<String>> received = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
    }

    @Test
    void twoHundredFilesAreReadOnceAndInOrderByAtMostTheConfiguredThreads() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            Path f = dir.resolve("app-" + i + ".log");
            Files.writeString(f, lines(i, 0, 5));
            files.add(f);
        }
        start(files, 4);
        TailHarness.await(() -> total.get() >= FILES * 5L, WAIT, () -> total.get() + " of " + FILES * 5 + " lines");

        for (Path f : files) {
            Files.writeString(f, lines(files.indexOf(f), 5, 3), StandardOpenOption.APPEND);
        }
        TailHarness.await(() -> total.get() >= FILES * 8L, WAIT, () -> total.get() + " of " + FILES * 8 + " lines");

        for (int i = 0; i < FILES; i++) {
            assertThat(received.get(files.get(i).toString())).as("lines of file %d", i)
                    .containsExactlyElementsOf(expected(i, 8));
        }
        assertThat(readerThreads(camel.getName())).as("live reader threads for %d files", FILES).isBetween(1L, 4L);
        assertThat(total.get()).as("lines handed out in all").isEqualTo(FILES * 8L);
    }

    @Test
    void changeNotificationsAndShortScansNeverLetTwoTurnsReadOneFile() throws Exception {
        // many wake-ups (one per append) racing turns scheduled every millisecond: a second turn of the same file
        // running beside the first would hand lines out twice or out of order
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Path f = dir.resolve("busy-" + i + ".log");
            Files.writeString(f, "");
            files.add(f);
        }
        start(files, 2, new LineAcks(), 10_000, 1, (key, line) -> { });
        int perFile = 3_000;
        for (int n = 0; n < perFile; n++) {
            for (int i = 0; i < files.size(); i++) {
                Files.writeString(files.get(i), "file " + i + " line " + n + "\n", StandardOpenOption.APPEND);
            }
        }
        TailHarness.await(() -> total.get() >= (long) perFile * files.size(), WAIT,
                () -> total.get() + " of " + perFile * files.size() + " lines");
        for (int i = 0; i < files.size(); i++) {
            assertThat(received.get(files.get(i).toString())).as("lines of file %d", i).containsExactlyElementsOf(expected(i, perFile));
        }
    }

    @Test
    void aFileWithALongBacklogDoesNotKeepTheOthersWaiting() throws Exception {
        Path big = dir.resolve("big.log");
        StringBuilder backlog = new StringBuilder();
        for (int i = 0; i < 1_000_000; i++) {
            backlog.append("big line ").append(i).append('\n');
        }
        Files.writeString(big, backlog);
        Path small = dir.resolve("small.log");
        Files.writeString(small, "");
        start(List.of(big, small), 1); // one thread: the two files can only take turns
        TailHarness.await(() -> count(big) > 0, WAIT, () -> "the big file's first line");
        Files.writeString(small, "urgent\n", StandardOpenOption.APPEND);
        TailHarness.await(() -> count(small) == 1, WAIT, () -> "the small file's line");
        assertThat(count(big)).as("big file lines read when the small file's line arrived").isLessThan(1_000_000);
        TailHarness.await(() -> count(big) == 1_000_000, WAIT, () -> count(big) + " of the big file's lines");
        assertThat(received.get(small.toString())).containsExactly("urgent");
    }

    @Test
    void aFileWhosePipelineIsFullGivesItsThreadToTheOthersAndLaterGoesOnWithoutARepeatedLine() throws Exception {
        Path held = dir.resolve("held.log");
        Files.writeString(held, lines(0, 0, 1_000));
        Path other = dir.resolve("other.log");
        Files.writeString(other, "");
        LineAcks acks = new LineAcks();
        List<Long> waiting = java.util.Collections.synchronizedList(new ArrayList<>());
        String heldKey = held.toString();
        // the held file's lines wait for a score that only comes when the test says: its pipeline fills up
        start(List.of(held, other), 1, acks, 100, 50, (key, line) -> {
            if (key.equals(heldKey)) {
                acks.windowFormed(new Window(key, key, List.of(new LogEvent(key, line, "", "", Map.of(), 0, "", List.of(),
                        Instant.EPOCH))));
                waiting.add(line);
            }
        });
        TailHarness.await(() -> count(held) >= 100, WAIT, () -> count(held) + " of the held file's first 100 lines");
        Files.writeString(other, lines(1, 0, 50), StandardOpenOption.APPEND);
        TailHarness.await(() -> count(other) == 50, WAIT, () -> count(other) + " of 50 lines of the other file, one thread");
        assertThat(count(held)).as("held file lines handed out while its pipeline is full").isEqualTo(100);

        for (int round = 0; count(held) < 1_000; round++) {
            int before = count(held);
            release(acks, waiting, heldKey);
            TailHarness.await(() -> count(held) > before || count(held) == 1_000, WAIT,
                    () -> "the held file goes on after its lines are scored: " + before);
            assertThat(round).isLessThan(1_000);
        }
        release(acks, waiting, heldKey); // the last ones too, or the stop waits its drain timeout for them
        assertThat(received.get(heldKey)).containsExactlyElementsOf(expected(0, 1_000));
        assertThat(received.get(other.toString())).containsExactlyElementsOf(expected(1, 50));
    }

    /**
     * A file truncated and written again in place while its pipeline is full, with the same first KiB and lines of the
     * same lengths: the reader, which gives its turn back and reads its chunk again from the first line not handed out,
     * must notice that the bytes before that line changed and read the new content from its start, not go on at the
     * old offset inside it (a black-box test lost the new generations' first lines that way).
     */
    @Test
    void aFileRewrittenInPlaceWhileItsPipelineIsFullIsReadFromItsStart() throws Exception {
        Path held = dir.resolve("rewritten.log");
        // 40 lines, 2.4 KiB, more than the fingerprint: the same in both generations; the reader is held after it
        String banner = IntStream.range(0, 40).mapToObj(i -> String.format("Dec  4 00:00:%02d banner sshd[1]: Server listening on port 22%n", i))
                .collect(java.util.stream.Collectors.joining());
        Files.writeString(held, banner + generation("a", 1_000));
        LineAcks acks = new LineAcks();
        List<Long> waiting = java.util.Collections.synchronizedList(new ArrayList<>());
        String key = held.toString();
        start(List.of(held), 1, acks, 100, 50, (k, line) -> {
            acks.windowFormed(new Window(k, k, List.of(new LogEvent(k, line, "", "", Map.of(), 0, "", List.of(), Instant.EPOCH))));
            waiting.add(line);
        });
        TailHarness.await(() -> count(held) >= 100, WAIT, () -> count(held) + " of the first 100 lines");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(held, StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.wrap((banner + generation("b", 1_000)).getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0);
        }
        for (int round = 0; count(held) < 100 + 1_040; round++) {
            int before = count(held);
            release(acks, waiting, key);
            TailHarness.await(() -> count(held) > before, WAIT, () -> "lines after " + before);
            assertThat(round).isLessThan(1_000);
        }
        release(acks, waiting, key);
        List<String> got = received.get(key);
        assertThat(got.subList(100, got.size())).as("the new content, from its first line")
                .containsExactlyElementsOf(Arrays.asList((banner + generation("b", 1_000)).split("\n")));
    }

    private static String generation(String tag, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(String.format("gen-%s request %05d served in 12 ms%n", tag, i));
        }
        return b.toString();
    }

    private static void release(LineAcks acks, List<Long> waiting, String source) {
        List<Long> release;
        synchronized (waiting) {
            release = new ArrayList<>(waiting);
            waiting.clear();
        }
        release.forEach(line -> acks.scored(scoreOf(source, line)));
    }

    private static Score scoreOf(String source, long line) {
        return new Score(0, Severity.LOW, false, List.of(), Instant.EPOCH, source, source, line, line, List.of(), List.of(),
                "test", false, List.of(), "");
    }

    private int count(Path file) {
        List<String> got = received.get(file.toString());
        if (got == null) {
            return 0;
        }
        synchronized (got) {
            return got.size();
        }
    }

    private void start(List<Path> files, int threads) throws Exception {
        start(files, threads, new LineAcks(), 10_000, 50, (key, line) -> { });
    }

    private void start(List<Path> files, int threads, LineAcks acks, int maxInFlight, long scanDelayMs,
                       java.util.function.ObjLongConsumer<String> pipeline) throws Exception {
        camel = new DefaultCamelContext();
        TailingStreamComponent component = new TailingStreamComponent();
        component.setPositionsDirectory(dir.resolve("positions"));
        component.setReaderThreads(threads);
        component.setLineAcks(acks);
        component.setMaxLinesInFlight(maxInFlight);
        camel.addComponent("stream", component);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                for (Path f : files) {
                    String key = f.toString();
                    received.put(key, new ArrayList<>());
                    from("stream:file?fileName=" + f + "&scanStream=true&scanStreamDelay=" + scanDelayMs)
                            .routeId("tail-" + f.getFileName())
                            .process(e -> {
                                List<String> got = received.get(key);
                                synchronized (got) {
                                    got.add(e.getIn().getBody(String.class));
                                }
                                pipeline.accept(key, e.getIn().getHeader(LineHeaders.LINE_NUMBER, Long.class));
                                total.incrementAndGet();
                            });
                }
            }
        });
        camel.start();
    }

    /** Reader threads of this test's context (Camel names them "Camel (name) thread #N - LogwardenTail"). */
    private static long readerThreads(String camelName) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().contains("(" + camelName + ")")
                        && t.getName().endsWith(TailingStreamComponent.READER_THREAD_NAME) && t.isAlive())
                .count();
    }

    private static String lines(int file, int from, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < from + n; i++) {
            b.append("file ").append(file).append(" line ").append(i).append('\n');
        }
        return b.toString();
    }

    private static List<String> expected(int file, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("file " + file + " line " + i);
        }
        return out;
    }
}
