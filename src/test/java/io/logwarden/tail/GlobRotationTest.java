package io.logwarden.tail;

import io.logwarden.live.StreamingStats;
import io.logwarden.web.StartRequest;
import io.logwarden.web.StreamingApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A black-box tester's glob over svc.log and its rotations (logs/g2/*): after svc.log was renamed to svc.log.1
 * and created again, the follower of svc.log finished the old generation and the glob then read svc.log.1 again
 * from its start, 45 lines processed for 25 written. Through the real service and pipeline.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GlobRotationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        TailServiceProperties.register(registry, data);
    }

    @Autowired StreamingApi api;
    @Autowired StreamingStats stats;
    @Autowired TailManager tails;
    @Autowired TailRegistry registry;

    @Test
    void aRotatedGenerationMatchedByTheSameGlobIsNotReadAgain() throws Exception {
        Path live = followedByAGlob("g2", 20);

        Path rotated = live.resolveSibling("svc.log.1");
        Files.move(live, rotated);
        Files.writeString(rotated, lines("late", 2), StandardOpenOption.APPEND); // written before the application reopens
        Files.writeString(live, lines("new", 5));
        awaitLines(live, 27);
        awaitFollowed(rotated);
        Files.writeString(rotated, lines("after", 3), StandardOpenOption.APPEND); // still appended to: read, once
        awaitLines(rotated, 3);

        long processed = stats.of(live.toString()).lines() + stats.of(rotated.toString()).lines();
        assertThat(processed).as("lines processed for 30 written (svc.log %s, svc.log.1 %s)", stats.of(live.toString()).lines(),
                stats.of(rotated.toString()).lines()).isEqualTo(30);
    }

    @Test
    void generationsRenamedTwiceUnderTheGlobAreEachReadOnce() throws Exception {
        Path live = followedByAGlob("g3", 10);
        Path first = live.resolveSibling("svc.log.1");
        Path second = live.resolveSibling("svc.log.2");

        Files.move(live, first); // logrotate's create: rename, then the application opens a new file
        Files.writeString(live, lines("two", 10));
        awaitFollowed(first);
        awaitLines(live, 20);
        Files.move(first, second); // the next rotation renames every generation up one number
        Files.move(live, first);
        Files.writeString(live, lines("three", 10));
        awaitFollowed(second);
        awaitSettled(30, live, first, second);
    }

    @Test
    void copytruncateCopiesMatchedByTheGlobAreNotReadAgain() throws Exception {
        Path live = followedByAGlob("g4", 20);
        Path first = live.resolveSibling("svc.log.1");
        Path second = live.resolveSibling("svc.log.2");

        // logrotate's copytruncate: lines written just before the copy may not have been read yet; the reader of
        // svc.log reads them (from the file or from the copy), the glob's reader of the copy does not
        Files.writeString(live, lines("late", 5), StandardOpenOption.APPEND);
        copyTruncate(live, first);
        Files.writeString(live, lines("two", 5), StandardOpenOption.APPEND);
        awaitFollowed(first);
        awaitLines(live, 30);
        Files.move(first, second);
        Files.writeString(live, lines("later", 3), StandardOpenOption.APPEND);
        copyTruncate(live, first);
        Files.writeString(live, lines("three", 4), StandardOpenOption.APPEND);
        awaitFollowed(second);
        awaitSettled(37, live, first, second);
    }

    /** A black-box tester's copytruncate wrote each copy over the last one (cp over svc.log.1): the copy was read again. */
    @Test
    void aCopyWrittenOverTheLastCopyInPlaceIsNotReadAgain() throws Exception {
        Path live = followedByAGlob("g6", 20);
        Path first = live.resolveSibling("svc.log.1");

        copyTruncate(live, first);
        Files.writeString(live, lines("two", 6), StandardOpenOption.APPEND);
        awaitFollowed(first);
        awaitLines(live, 26);
        Files.writeString(live, lines("late", 4), StandardOpenOption.APPEND);
        try (FileChannel copy = FileChannel.open(first, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            copy.write(java.nio.ByteBuffer.wrap(Files.readAllBytes(live))); // same inode: cp over an existing file
        }
        try (FileChannel channel = FileChannel.open(live, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        Files.writeString(live, lines("three", 5), StandardOpenOption.APPEND);
        awaitSettled(35, live, first);
    }

    /** svc.log with {@code n} lines in a directory of its own, followed through the glob dir/* and read. */
    private Path followedByAGlob(String name, int n) throws Exception {
        Path dir = Files.createDirectories(data.resolve("logs").resolve(name));
        Path live = dir.resolve("svc.log");
        Files.writeString(live, lines("one", n));
        assertThat(api.start(new StartRequest(dir.resolve("*").toString(), null, "beginning")).status()).isEqualTo("started");
        awaitLines(live, n);
        return live;
    }

    private static void copyTruncate(Path log, Path copy) throws IOException {
        Files.copy(log, copy);
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
    }

    private void awaitFollowed(Path log) throws InterruptedException {
        TailHarness.await(() -> registry.state(log.toString()).map(s -> s.phase() == TailState.Phase.FOLLOWING).orElse(false),
                WAIT, () -> "the glob should follow " + log);
    }

    /**
     * Waits until every file is read to its end by its own reader and processed, then checks that the lines
     * processed are the lines written: a generation read twice would be counted before the readers settle.
     */
    private void awaitSettled(long written, Path... logs) throws InterruptedException {
        TailHarness.await(() -> Stream.of(logs).allMatch(this::readToItsEnd), WAIT,
                () -> "every file should be read to its end: " + Stream.of(logs).map(l -> l + "=" + stats.of(l.toString()).lines()).toList());
        long processed = Stream.of(logs).mapToLong(l -> stats.of(l.toString()).lines()).sum();
        assertThat(processed).as("lines processed for %s written: %s", written,
                Stream.of(logs).map(l -> l.getFileName() + "=" + stats.of(l.toString()).lines()).toList()).isEqualTo(written);
    }

    private boolean readToItsEnd(Path log) {
        TailState state = registry.state(log.toString()).orElse(null);
        try {
            return state != null && state.phase() == TailState.Phase.FOLLOWING && state.identity != null
                    && state.identity.sameInode(FileIdentity.devIno(log)) && state.position == Files.size(log)
                    && state.linesInFlight() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static String lines(String tag, int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            text.append("Dec  7 02:00:").append(String.format("%02d", i)).append(" host cron[").append(i).append("]: job ")
                    .append(tag).append('-').append(i).append(" started\n");
        }
        return text.toString();
    }

    private void awaitLines(Path log, long expected) throws InterruptedException {
        TailHarness.await(() -> stats.of(log.toString()).lines() >= expected, WAIT,
                () -> "expected " + expected + " processed lines of " + log + ", got " + stats.of(log.toString()).lines());
    }
}
