package io.logwarden.tail;

import io.logwarden.parse.ContainerLogFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file-following state machine driven directly: no Camel, no threads, no waiting. Each turn runs on a clock the
 * test steps, so scan delays and quiet periods pass when the test says so, and every line handed out is recorded.
 */
class FileFollowerTest {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);

    @TempDir
    Path dir;

    private long now = 1_000_000_000_000L;
    private final List<String> emitted = new ArrayList<>();
    private final List<Long> numbers = new ArrayList<>();
    private final List<String> markedLast = new ArrayList<>();

    private boolean refusing;

    private FileFollower follower(Path file, PositionStore store) {
        FileFollower.Settings settings = new FileFollower.Settings(POLL_NANOS, QUIET_NANOS, 1000, false, 64 * 1024, null,
                ContainerLogFormat.PLAIN);
        return new FileFollower(file, settings, store, new LineAcks(), this::checkOpen, this::send, () -> now);
    }

    /** The allowed-roots check, refusing every open while the test says so. */
    private Path checkOpen(Path file) throws IOException {
        if (refusing) {
            throw new PathNotAllowedException(file, file, "outside the allowed roots in this test");
        }
        return file;
    }

    /** The lag the status showed as each line was handed out, when a test watches a state. */
    private TailState watched;
    private final List<Long> lagAtSend = new ArrayList<>();

    private FileFollower.Attempt send(String text, long number, boolean lastOfRead) {
        emitted.add(text);
        numbers.add(number);
        if (lastOfRead) {
            markedLast.add(text);
        }
        if (watched != null) {
            lagAtSend.add(watched.lag());
        }
        return TakenAttempt.TAKEN;
    }

    private static TailState started(FileFollower follower, Path file) {
        TailState state = new TailState(file.toAbsolutePath().normalize().toString());
        follower.start(state);
        return state;
    }

    /** A reader of {@code file} among the others of {@code registry}, whom it asks before reading a file from its start. */
    private FileFollower startedAmong(TailRegistry registry, Path file, PositionStore store) {
        FileFollower reader = follower(file, store);
        reader.otherReaders(candidate -> registry.claimElsewhere(file.toString(), candidate));
        reader.leftBehind((devIno, fits) -> registry.leftBehind(store, file.toString(), devIno, fits));
        reader.start(registry.register(file.toString()));
        return reader;
    }

    /** The service with a reader of each file, run until each has read it, then stopped (SIGTERM): positions saved. */
    private void readAndStop(PositionStore store, Path... files) {
        TailRegistry registry = new TailRegistry(null);
        List<FileFollower> readers = new ArrayList<>();
        for (Path file : files) {
            readers.add(startedAmong(registry, file, store));
        }
        readers.forEach(this::scan);
        for (FileFollower reader : readers) {
            reader.stop();
            reader.finish();
        }
    }

    /** The service started again with a reader of each file, in this order, run for some quiet periods. */
    private void restartAndRun(PositionStore store, int quietPeriods, Path... files) {
        TailRegistry registry = new TailRegistry(null);
        List<FileFollower> readers = new ArrayList<>();
        for (Path file : files) {
            readers.add(startedAmong(registry, file, store));
        }
        for (int i = 0; i < quietPeriods; i++) {
            now += QUIET_NANOS;
            readers.forEach(this::scan);
        }
    }

    /** One scan delay passes, then turns run until the follower has nothing left to do for now. */
    private void scan(FileFollower follower) {
        now += POLL_NANOS;
        for (int i = 0; i < 10; i++) {
            long next = follower.turn();
            assertThat(next).as("the follower is still running").isGreaterThanOrEqualTo(0);
            if (next > 0) {
                return;
            }
        }
        throw new AssertionError("the follower stays busy");
    }

    private static void write(Path file, String text, StandardOpenOption... options) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, options);
    }

    private static void append(Path file, String text) throws IOException {
        write(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Cuts the file in place, keeping its inode (what a truncate or copytruncate does). */
    private static void truncate(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
    }

    @Test
    void aWatchedFileWithNothingUnfinishedIsLookedAtLessOften() throws IOException {
        Path file = dir.resolve("app.log");
        write(file, "one\ntwo\n");
        FileFollower follower = follower(file, null);
        started(follower, file);
        scan(follower);
        long scanDelays = FileFollower.SETTLED_LOOK_SCANS;

        assertThat(follower.turn()).as("no notifications: the next look within one and a half scan delays")
                .isPositive().isLessThanOrEqualTo(POLL_NANOS * 3 / 2);
        follower.watchedWhile(() -> true);
        assertThat(follower.turn()).as("notifications and nothing unfinished: looks are spread out")
                .isGreaterThan(POLL_NANOS * 3 / 2).isLessThanOrEqualTo(POLL_NANOS * scanDelays * 3 / 2);

        // an unterminated line is handed out after its quiet period, which only a look notices
        append(file, "thr");
        scan(follower);
        assertThat(follower.turn()).isPositive().isLessThanOrEqualTo(POLL_NANOS * 3 / 2);
        append(file, "ee\n");
        scan(follower);
        assertThat(emitted).containsExactly("one", "two", "three");
        assertThat(follower.turn()).isGreaterThan(POLL_NANOS * 3 / 2);
    }

    @Test
    void aSymlinkedNameIsLookedAtEveryScanDelayEvenWhenWatched() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path target = elsewhere.resolve("app.log");
        write(target, "one\n");
        Path name = Files.createSymbolicLink(dir.resolve("app.log"), target);
        FileFollower follower = follower(name, null);
        started(follower, name);
        follower.watchedWhile(() -> true);
        scan(follower);
        assertThat(emitted).containsExactly("one");

        // writes to the target are reported in its own directory, not in the name's
        assertThat(follower.turn()).isPositive().isLessThanOrEqualTo(POLL_NANOS * 3 / 2);
    }

    @Test
    void readsWholeLinesAndHoldsTheUnterminatedLastOne() throws IOException {
        Path file = dir.resolve("app.log");
        write(file, "one\ntwo\nthr");
        FileFollower follower = follower(file, null);
        TailState state = started(follower, file);

        scan(follower);
        assertThat(emitted).containsExactly("one", "two");
        assertThat(state.position).isEqualTo(8);

        append(file, "ee\n");
        scan(follower);
        assertThat(emitted).containsExactly("one", "two", "three");
        assertThat(numbers).containsExactly(1L, 2L, 3L);
        // the last line of each read: what waits downstream for more lines (a scoring batch) need not wait
        assertThat(markedLast).containsExactly("two", "three");
    }

    @Test
    void marksOnlyTheEndOfABacklogNotEachChunkOfIt() throws IOException {
        Path file = dir.resolve("app.log");
        StringBuilder backlog = new StringBuilder();
        for (int i = 1; i <= 30_000; i++) {
            backlog.append("line ").append(i).append('\n'); // about 330 KB: several reads of the 64 KiB space
        }
        write(file, backlog.toString());
        FileFollower follower = follower(file, null);
        started(follower, file);

        for (int i = 0; i < 20 && emitted.size() < 30_000; i++) {
            scan(follower);
        }
        assertThat(emitted).hasSize(30_000);
        assertThat(markedLast).containsExactly("line 30000");
    }

    @Test
    void handsOutAnUnterminatedLastLineOnceTheQuietPeriodHasPassed() throws IOException {
        Path file = dir.resolve("app.log");
        write(file, "one\nlast");
        FileFollower follower = follower(file, null);
        started(follower, file);

        scan(follower);
        scan(follower);
        assertThat(emitted).containsExactly("one");

        now += QUIET_NANOS;
        scan(follower);
        assertThat(emitted).containsExactly("one", "last");
        assertThat(markedLast).as("each ended what there was to read").containsExactly("one", "last");
    }

    @Test
    void readsTheRenamedFileToItsEndBeforeTheNewOne() throws IOException {
        Path file = dir.resolve("app.log");
        write(file, "a1\na2\n");
        FileFollower follower = follower(file, null);
        TailState state = started(follower, file);
        scan(follower);

        append(file, "a3\n");
        Files.move(file, dir.resolve("app.log.1"));
        append(dir.resolve("app.log.1"), "a4\n"); // the writer had not reopened yet
        write(file, "b1\n");
        scan(follower);
        now += QUIET_NANOS; // the renamed file has been quiet for the rotate wait
        scan(follower);

        assertThat(emitted).containsExactly("a1", "a2", "a3", "a4", "b1");
        assertThat(numbers).containsExactly(1L, 2L, 3L, 4L, 1L);
        assertThat(state.rotations).isEqualTo(1);
        assertThat(state.truncations).isZero();
    }

    /**
     * A black-box tester's writer kept its file open after the rename and reopened by name a second later, as a
     * daemon does when logrotate's signal reaches it late: the reader finished the renamed file as soon as the name
     * named a new one, and the lines written to it after that were never read (150-200 lines per run).
     */
    @Test
    void aRenamedFileIsReadUntilItsWriterHasBeenQuietForTheRotateWait() throws IOException {
        Path file = dir.resolve("app.log");
        write(file, "a1\n");
        FileFollower follower = follower(file, null);
        TailState state = started(follower, file);
        scan(follower);

        try (FileChannel writer = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            Files.move(file, dir.resolve("app.log.1"));
            write(file, "b1\n"); // logrotate's create: the new file exists before the writer reopens
            scan(follower);
            assertThat(state.rotations).isEqualTo(1);
            writer.write(ByteBuffer.wrap("a2\n".getBytes(StandardCharsets.UTF_8)));
            now += QUIET_NANOS / 2;
            scan(follower);
            writer.write(ByteBuffer.wrap("a3\n".getBytes(StandardCharsets.UTF_8)));
            now += QUIET_NANOS / 2;
            scan(follower);
        }
        assertThat(emitted).as("the new file waits while the renamed one is still written").containsExactly("a1", "a2", "a3");
        // an operator sees why the new file is not read yet, and until when
        assertThat(state.describe().get("rotate_wait_until")).isInstanceOf(Instant.class);
        now += QUIET_NANOS;
        scan(follower);

        assertThat(emitted).containsExactly("a1", "a2", "a3", "b1");
        assertThat(state.describe()).containsEntry("rotate_wait_until", null);
    }

    /**
     * A black-box tester renamed four times a second apart with a writer three seconds late: each generation was waited
     * for in turn from when the reader reached it, empty ones too, and the live file went unread for 19 s. The wait
     * counts from a generation's last write, by its modification time.
     */
    @Test
    void aGenerationUnwrittenSinceItWasRotatedIsNotWaitedForAgain() throws IOException {
        Path file = dir.resolve("app.log");
        write(file, "a1\n");
        FileFollower follower = follower(file, null);
        started(follower, file);
        scan(follower);

        Files.move(file, dir.resolve("app.log.1"));
        write(file, "");
        scan(follower); // the empty second generation is found and held
        Files.move(dir.resolve("app.log.1"), dir.resolve("app.log.2"));
        Files.move(file, dir.resolve("app.log.1"));
        // its last write, by its modification time, long before the reader reaches it
        Files.setLastModifiedTime(dir.resolve("app.log.1"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        write(file, "c1\n");
        now += QUIET_NANOS; // the first generation's wait is over
        scan(follower);
        scan(follower);

        assertThat(emitted).containsExactly("a1", "c1");
    }

    /**
     * The random accounting test restarted while the reader waited on a renamed file and the name's new file, held
     * open behind it, was deleted: nothing found that file again after the restart, and its lines were lost. A
     * deleted newer generation is read at the stop, after what is left of the older one.
     */
    @Test
    void aNewerGenerationDeletedWhileTheRenamedOneIsWaitedForIsReadAtTheStop() throws IOException {
        Path file = dir.resolve("app.log");
        PositionStore store = new PositionStore(dir.resolve("positions"));
        write(file, "a1\n");
        FileFollower follower = follower(file, store);
        started(follower, file);
        scan(follower);

        Files.move(file, dir.resolve("app.log.1"));
        write(file, "b1\nb2\n");
        scan(follower);
        append(dir.resolve("app.log.1"), "a2\n");
        Files.delete(file);
        follower.stop();
        follower.finish();

        assertThat(emitted).containsExactly("a1", "a2", "b1", "b2");
    }

    @Test
    void readsWhatWasBehindTheCutFromTheCopyOfCopytruncate() throws IOException {
        Path file = dir.resolve("app.log");
        write(file, "a1\na2\n");
        FileFollower follower = follower(file, null);
        TailState state = started(follower, file);
        scan(follower);

        append(file, "a3\n");
        Files.copy(file, dir.resolve("app.log.1"), StandardCopyOption.COPY_ATTRIBUTES);
        truncate(file);
        append(file, "b1\n");
        watched = state;
        scan(follower);
        scan(follower);

        assertThat(emitted).containsExactly("a1", "a2", "a3", "b1");
        // as the copy's line is handed out, it and the cut file's new content are still owed; the cut file alone,
        // below the position, showed no lag at all
        assertThat(lagAtSend.get(0)).isEqualTo("a3\n".length() + "b1\n".length());
        assertThat(state.lag()).isZero();
        assertThat(state.truncations).isEqualTo(1);
        assertThat(state.copiesRead).isEqualTo(1);
        assertThat(state.bytesLostTruncated).isZero();
        assertThat(state.rewrites).isEqualTo(1);
    }

    @Test
    void countsTheBytesCutAfterTheLastLineWhenNoCopyIsFound() throws IOException {
        Path file = dir.resolve("app.log");
        write(file, "a1\na2\npart");
        FileFollower follower = follower(file, null);
        TailState state = started(follower, file);
        scan(follower);
        assertThat(emitted).containsExactly("a1", "a2");

        truncate(file);
        append(file, "b1\n");
        scan(follower);
        scan(follower);

        assertThat(emitted).containsExactly("a1", "a2", "b1");
        assertThat(state.truncations).isEqualTo(1);
        assertThat(state.bytesLostTruncated).as("the unterminated 'part' read before the cut").isEqualTo(4);
        assertThat(state.rewrites).isEqualTo(1);
    }

    @Test
    void readsAFileRewrittenInPlaceFromItsStart() throws IOException {
        Path file = dir.resolve("app.log");
        write(file, "a1\na2\n");
        FileFollower follower = follower(file, null);
        TailState state = started(follower, file);
        scan(follower);
        long inode = FileIdentity.devIno(file)[1];

        // longer than before, same inode: the bytes before the read position changed, not the size downwards
        write(file, "b1 rewritten\nb2\n", StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        assertThat(FileIdentity.devIno(file)[1]).isEqualTo(inode);
        scan(follower);
        scan(follower);

        assertThat(emitted).containsExactly("a1", "a2", "b1 rewritten", "b2");
        assertThat(numbers).containsExactly(1L, 2L, 1L, 2L);
        assertThat(state.truncations).isEqualTo(1);
        assertThat(state.rewrites).isEqualTo(1);
        // every old line was read: the new content's size is not the old one's (a black-box tester's copy written over
        // the last copy in place counted the whole new copy, 161-260 KB, as lost)
        assertThat(state.bytesLostTruncated).isZero();
    }

    /** A first run reads "a1", "a2" and stops (its last turn); what it handed out is forgotten by the test. */
    private void readAndStop(Path file, PositionStore store) throws IOException {
        write(file, "a1\na2\n");
        FileFollower first = follower(file, store);
        started(first, file);
        scan(first);
        first.stop();
        first.finish();
        assertThat(emitted).containsExactly("a1", "a2");
        emitted.clear();
        numbers.clear();
    }

    @Test
    void resumesAfterTheLastAcknowledgedLineAtRestart() throws IOException {
        Path file = dir.resolve("app.log");
        PositionStore store = new PositionStore(dir.resolve("positions"));
        readAndStop(file, store);
        assertThat(store.load(file.toAbsolutePath().normalize().toString())).get()
                .satisfies(p -> assertThat(p.offset()).isEqualTo(6));

        append(file, "a3\n");
        FileFollower second = follower(file, store);
        TailState state = started(second, file);
        scan(second);

        assertThat(emitted).containsExactly("a3");
        assertThat(numbers).containsExactly(3L);
        assertThat(state.acknowledgedPosition).isEqualTo(9);
    }

    @Test
    void resumesInTheRotatedFileWhenTheNameWasRotatedWhileStopped() throws IOException {
        Path file = dir.resolve("app.log");
        PositionStore store = new PositionStore(dir.resolve("positions"));
        readAndStop(file, store);

        append(file, "a3\n");
        Files.move(file, dir.resolve("app.log.1"));
        write(file, "b1\n");
        FileFollower second = follower(file, store);
        started(second, file);
        scan(second);
        now += QUIET_NANOS; // the rotated file has been quiet for the rotate wait
        scan(second);
        scan(second);

        assertThat(emitted).containsExactly("a3", "b1");
    }

    @Test
    void aRefusedNameIsDegradedNotFailingAndIsReadOnceAllowed() throws IOException {
        Path file = dir.resolve("app.log");
        write(file, "a1\n");
        refusing = true;
        FileFollower follower = follower(file, null);
        TailState state = started(follower, file);
        scan(follower);
        scan(follower);

        assertThat(emitted).isEmpty();
        assertThat(state.phase).isEqualTo(TailState.Phase.REFUSED);
        assertThat(state.degraded()).isTrue();
        assertThat(state.failing()).isFalse();
        assertThat(state.refused).as("counted once per refusal, not at every scan").isEqualTo(1);

        refusing = false;
        scan(follower);

        assertThat(emitted).containsExactly("a1");
        assertThat(state.phase).isEqualTo(TailState.Phase.FOLLOWING);
        assertThat(state.degraded()).isFalse();
    }

    /**
     * A black-box tester's glob over app.log*: two rotations (or two while the service was down) between two looks,
     * so the reader of app.log.1 read the middle generation from its start, and the reader of app.log waited for it
     * to be done with a file it follows under its own name: nothing after it was ever read (13,522 lines lost).
     */
    @Test
    void aGenerationAnotherReaderFollowsUnderItsOwnNameIsLeftToItAndTheNextOneRead() throws IOException {
        Path live = dir.resolve("app.log");
        Path first = dir.resolve("app.log.1");
        write(live, "a1\na2\n");
        TailRegistry registry = new TailRegistry(null);
        FileFollower reader = startedAmong(registry, live, null);
        scan(reader);

        append(live, "a3\n");
        Files.move(live, first);
        write(live, "b1\nb2\n");
        Files.move(first, dir.resolve("app.log.2"));
        Files.move(live, first);
        write(live, "c1\n");
        FileFollower rotatedName = startedAmong(registry, first, null);
        scan(rotatedName);
        for (int i = 0; i < 5; i++) {
            now += QUIET_NANOS;
            scan(reader);
        }

        assertThat(emitted).containsExactlyInAnyOrder("a1", "a2", "a3", "b1", "b2", "c1");
    }

    /**
     * A black-box tester restarted the service after two rotations under app.log*: what the reader of app.log had read
     * was kept in memory only, so the reader of app.log.1, new at the restart, read that generation again (601 lines
     * twice). What a reader has read is saved with its position.
     */
    @Test
    void aGenerationReadBeforeARestartIsNotReadAgainByAnotherReaderAfterIt() throws IOException {
        Path live = dir.resolve("app.log");
        Path first = dir.resolve("app.log.1");
        PositionStore store = new PositionStore(dir.resolve("positions"));
        write(live, "a1\na2\n");
        FileFollower before = follower(live, store);
        before.start(new TailRegistry(null).register(live.toString()));
        scan(before);
        append(live, "a3\n");
        Files.move(live, first);
        write(live, "b1\n");
        for (int i = 0; i < 5; i++) {
            now += QUIET_NANOS;
            scan(before);
        }
        before.stop();
        before.finish();
        assertThat(emitted).containsExactly("a1", "a2", "a3", "b1");

        TailRegistry registry = new TailRegistry(null);
        FileFollower reader = startedAmong(registry, live, store);
        FileFollower rotatedName = startedAmong(registry, first, store);
        append(live, "b2\n");
        for (int i = 0; i < 5; i++) {
            now += QUIET_NANOS;
            scan(reader);
            scan(rotatedName);
        }

        assertThat(emitted).containsExactly("a1", "a2", "a3", "b1", "b2");
    }

    /**
     * A black-box tester stopped the service (SIGTERM) after a glob's reader had read app.log.2 to its end, renamed it
     * app.log.3 while the service was down, and started it again: the glob found app.log.3 as a new file and read all
     * its 1,000 lines again, their alerts stored twice. The saved position of the reader that did not start again
     * (its name was gone) is taken over by the reader of the file's new name.
     */
    @Test
    void aGenerationRenamedWhileTheServiceIsDownIsReadOnFromItsSavedPosition() throws IOException {
        Path second = dir.resolve("app.log.2");
        Path third = dir.resolve("app.log.3");
        PositionStore store = new PositionStore(dir.resolve("positions"));
        write(second, "a1\na2\na3\n");
        readAndStop(store, second);
        assertThat(emitted).containsExactly("a1", "a2", "a3");

        Files.move(second, third);
        append(third, "a4\n"); // written before the rename reached the writer: read once, after the others
        restartAndRun(store, 3, third);
        assertThat(emitted).containsExactly("a1", "a2", "a3", "a4");
        assertThat(numbers).containsExactly(1L, 2L, 3L, 4L);
        assertThat(store.savedPaths()).as("the position is taken over, not left for another reader").doesNotContain(second.toString());
    }

    /** The name still holds the file (its reader not started yet): the position is its own reader's, not taken over. */
    @Test
    void aPositionWhoseNameStillHoldsTheFileIsNotTakenOver() throws IOException {
        Path first = dir.resolve("app.log.1");
        Path link = dir.resolve("copy-of-app.log.1");
        PositionStore store = new PositionStore(dir.resolve("positions"));
        write(first, "a1\na2\n");
        readAndStop(store, first);

        Files.createLink(link, first); // the same inode under a second name, the first name still there
        restartAndRun(store, 1, link);
        assertThat(store.savedPaths()).as("app.log.1's reader resumes from it when it starts").contains(first.toString());
    }

    /**
     * A create rotation while the service is down, under a glob: app.log.1 became app.log.2, app.log became app.log.1,
     * a new app.log. Every generation's reader starts again; the tester saw a whole generation read twice.
     */
    @Test
    void aCreateRotationWhileTheServiceIsDownUnderAGlobReadsEachLineOnce() throws IOException {
        Path live = dir.resolve("app.log");
        Path first = dir.resolve("app.log.1");
        Path second = dir.resolve("app.log.2");
        PositionStore store = new PositionStore(dir.resolve("positions"));
        write(first, "a1\na2\n");
        write(live, "b1\nb2\n");
        readAndStop(store, live, first);
        assertThat(emitted).containsExactlyInAnyOrder("a1", "a2", "b1", "b2");

        Files.move(first, second);
        append(live, "b3\n");
        Files.move(live, first);
        write(live, "c1\n");
        restartAndRun(store, 8, live, first, second);
        assertThat(emitted).containsExactlyInAnyOrder("a1", "a2", "b1", "b2", "b3", "c1");
    }

    /**
     * The tester's same-run double reads: after a rotation while the service was down, the glob's reader of app.log.1
     * started before the reader of app.log, read the renamed file from its start, and the reader of app.log then
     * resumed the same file at its saved position. The first to start takes the position over; the other finds none.
     */
    @Test
    void theReaderOfARotatedNameStartingFirstAfterARestartTakesOverTheSavedPosition() throws IOException {
        Path live = dir.resolve("app.log");
        Path first = dir.resolve("app.log.1");
        PositionStore store = new PositionStore(dir.resolve("positions"));
        write(live, "a1\na2\n");
        readAndStop(store, live);

        append(live, "a3\n");
        Files.move(live, first);
        write(live, "b1\n");
        restartAndRun(store, 8, first, live); // the glob lists app.log.1 first
        assertThat(emitted).containsExactlyInAnyOrder("a1", "a2", "a3", "b1");
    }

    /**
     * The tester's next case: generations shifted while the service was down onto names that had readers of their
     * own (app.log.3 to app.log.4, app.log.2 to app.log.3). The reader of app.log.3 resumed its file in app.log.4,
     * then took what its name holds now, app.log.2's old file, for a new generation and read it from its start:
     * 1,000 lines twice after a SIGTERM, as after each logrotate while down. Stepped here, the reader opens that file
     * after the old one; in the service it was queued as the next generation. Both ask for a left-behind position.
     */
    @Test
    void generationsShiftedWhileTheServiceIsDownAreEachReadOnFromTheirPositions() throws IOException {
        Path live = dir.resolve("app.log");
        Path second = dir.resolve("app.log.2");
        Path third = dir.resolve("app.log.3");
        Path fourth = dir.resolve("app.log.4");
        PositionStore store = new PositionStore(dir.resolve("positions"));
        write(third, "c1\nc2\n");
        write(second, "b1\nb2\n");
        write(live, "a1\na2\n");
        readAndStop(store, third, second, live);
        assertThat(emitted).containsExactlyInAnyOrder("a1", "a2", "b1", "b2", "c1", "c2");

        Files.move(third, fourth);
        append(fourth, "c3\n"); // written just before the rotation: the reader of app.log.3 has its old file to finish
        Files.move(second, third);
        append(live, "a3\n");
        TailRegistry after = new TailRegistry(null);
        List<FileFollower> restarted = List.of(startedAmong(after, live, store), startedAmong(after, third, store),
                startedAmong(after, fourth, store));
        for (int i = 0; i < 60; i++) {
            restarted.forEach(this::scan); // scan by scan: the name's new file is queued while the old one is finished
        }
        assertThat(emitted).containsExactlyInAnyOrder("a1", "a2", "b1", "b2", "c1", "c2", "c3", "a3");
    }
}
