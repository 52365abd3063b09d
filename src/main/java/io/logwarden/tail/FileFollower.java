package io.logwarden.tail;

import io.logwarden.parse.ContainerLogFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.zip.CRC32C;

/**
 * Follows one file under its name, without Camel: {@link FileTailConsumer} gives it turns on a pool thread and
 * carries its events to the route ({@link Route}); the pipeline acknowledges them through {@link LineAcks}.
 *
 * <p>Positions: every line is registered in a {@link ReadProgress} before it is handed to the route; the
 * pipeline finishes it through {@link LineAcks} (no window formed, or its window scored, its alert stored
 * and its messages queued for broadcast). Only the position of the last line before the first unfinished
 * one is saved, every scan delay while it moves and at stop.
 *
 * <p>Generations: the file the name points to is looked at every scan delay, also while the reader is
 * busy. A new file under the name is opened at once and queued (kept open by identity), so the older
 * one is read to its end first, however many rotations follow; generations that lived and were rotated
 * away between two looks are found among the rotated names of the same directory ({@link RotatedFiles}).
 *
 * <p>Cuts: a file truncated (copytruncate) or rewritten in place is read from its start again, what was behind
 * the position read from its copy when one is found, else counted in {@code lost_bytes_truncated}. Every open,
 * rotated names included, passes the allowed-roots check; a refused name is shown as refused, not retried as a
 * failure.
 */
final class FileFollower {

    /** Where events go: the route, one synchronous attempt at a time. */
    interface Route {
        /**
         * Hands one event (its first line's number) to the route and returns when the route call has;
         * {@code lastOfRead}: nothing more follows it until the file is read again (what waits downstream for
         * more lines, a scoring batch, can go now).
         */
        Attempt send(String text, long number, boolean lastOfRead);

        /**
         * A route that hands events on in chunks ({@code groupLines}) hands what it holds now: called at the end of
         * every turn, before the reader waits for the pipeline, and when the file is finished.
         */
        default void flush() {
        }
    }

    /** What became of one attempt to hand an event out. */
    interface Attempt {
        /** The failure the route call ended with, or null. */
        Exception failure();

        /** Why the destination did not take the event and may take it later ({@link LineNotDelivered}), or null. */
        Exception notDelivered();

        /** The event failed for good: report it (it is passed). */
        void report(String message, Exception why);

        /** The attempt is over. */
        void release();
    }

    /**
     * How a file is read: scan delay, quiet period before an unterminated last line is handed out, lines in flight
     * at most, whether a file found at start is read from its end, the longest line, how lines join and decode.
     */
    record Settings(long pollNanos, long quietNanos, int maxInFlight, boolean startAtEnd, int maxLineLength,
                    MultilineSettings multiline, ContainerLogFormat format, long rotateWaitNanos) {

        /** Settings whose rotate wait is the quiet period. */
        Settings(long pollNanos, long quietNanos, int maxInFlight, boolean startAtEnd, int maxLineLength,
                 MultilineSettings multiline, ContainerLogFormat format) {
            this(pollNanos, quietNanos, maxInFlight, startAtEnd, maxLineLength, multiline, format, quietNanos);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(FileFollower.class);
    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 30_000;
    /** Longest pause before a line its destination did not take is handed out again (the send itself waits too). */
    private static final long MAX_UNDELIVERED_PAUSE_MS = 5_000;
    private static final int TAIL_CHECK_BYTES = 64;
    private static final long POSITION_ERROR_LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** How long one file may keep a pool thread while it has data, before the busy files behind it get their turn. */
    private static final long TURN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** Thrown from the line sink when reading stops, to leave the current chunk without handing out more. */
    private static final class Stopping extends RuntimeException {
        Stopping() {
            super("stopping", null, false, false);
        }
    }

    private static final Stopping STOPPING = new Stopping();

    /** Thrown from the line sink when the file's lines in flight reach the limit: the turn ends, the thread is free. */
    private static final class PipelineFull extends RuntimeException {
        PipelineFull() {
            super("pipeline full", null, false, false);
        }
    }

    private static final PipelineFull PIPELINE_FULL = new PipelineFull();
    /** How soon a file whose pipeline was full looks again (the pipeline finishes thousands of lines a second). */
    private static final long PIPELINE_FULL_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** Idle looks at a settled, watched file come every this many scan delays (idle CPU with many files). */
    static final int SETTLED_LOOK_SCANS = 4;

    /** A newer file seen under the name while an older one is still being read; kept open until its turn. */
    private record Generation(FileChannel channel, FileIdentity identity, Path foundAs) {
    }

    private final Path path;
    private final String key;
    private final PositionStore store;
    private final LineAcks acks;
    private final TailingStreamComponent.OpenGuard guard;
    private final Route route;
    private final LongSupplier nanos;
    private final long pollNanos;
    private volatile BooleanSupplier watched = () -> false;
    private final long quietNanos;
    /** How long a file the name no longer names must have been quiet before the reader leaves it. */
    private final long rotateWaitNanos;
    private final int maxInFlight;
    private final boolean startAtEnd;
    private final LineBuffer buffer;
    private final MultilineJoiner joiner;
    private final ContainerLines records;
    private final LineBuffer.Sink sink;
    private boolean lastOfRead = true; // the event being handed out ends what has been read (reader thread only)
    private boolean readToEnd = true; // the last read reached the end of the file: a backlog is not cut into small batches

    private volatile boolean running;

    // reader thread only
    private TailState state;
    private volatile FileChannel channel; // volatile: status threads ask it for its size (lag_bytes)
    private FileIdentity identity;
    // the identity lines are keyed and positioned with: the open file's own, except while reading the copy that
    // continues a file cut while the service was down (copytruncate), whose lines keep the cut file's keys
    private FileIdentity readAs;
    // the file lines come from: the open one, or a copy drained while the cut file stays open; volatile: while a
    // copy is drained, status threads measure the lag from it (the cut file is then below the position)
    private volatile FileChannel linesFrom;
    // reading the copy of a file cut while the service was down: what is read after it is numbered anew (rewrites + 1)
    private boolean cutBehindCopy;
    private Path openedAs;
    private FileTime openedAt;
    // the file's modification time when opened: copytruncate's copies of its later generations are newer (the
    // file system's clock on both sides, so no skew against this process's clock)
    private FileTime copiesSince;
    private long committed;   // offset after the last line handed to the route
    private long lineNumber;  // lines handed to the route in the current file
    // cuts of the name's file in place (line numbering restarted on one identity): part of every line's key, saved
    // with the position, and counted again at a restart that finds the saved position's file cut (openKnown)
    private long rewrites;
    private long backoffMs;
    private boolean mayYield; // while handing out a chunk of the open file, which can be read again from `committed`
    private long checkedSize = -1; // size and modification time (ns) at the last full check of the file at its end
    private long checkedModified;
    private long lastDataNanos;
    /** When the open file, which its name no longer names, is left unless more is written to it (0: not waiting). */
    private long leaveAt;
    /** Where the open file was last found after the name moved on ({@link #renamedTo()}); null until looked for. */
    private Path renamedTo;
    private long endSinceNanos; // when the reader last reached the end of the data
    private long lastLookNanos;
    private TailPosition resume;
    private TailPosition lastRun; // where the previous run of this consumer ended, when positions are not stored
    private boolean firstLook;
    private boolean atEnd;
    private boolean draining;
    private long headFingerprintFull = -1; // CRC of the first FINGERPRINT_BYTES of the current file, once it has them
    private byte[] tailBytes = new byte[0]; // the last bytes read, to notice a rewrite behind the position
    // after readFrom: the check of the bytes before the read position, until bytes are read from there
    private TailCheck resumeCheck = TailCheck.NONE;
    private byte[] headRead = new byte[0]; // the first bytes read of the current file, when read from its start
    private long tailBytesEnd;
    // the bytes before the ends of the last lines cut from the buffer, saved with the positions of events ending there
    private final long[] lineEnds = new long[8];
    private final TailCheck[] lineTails = new TailCheck[8];
    private int lineTailNext;
    // concurrent: status threads add up the sizes of the queued generations (lag_bytes)
    private final Deque<Generation> queued = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final RotatedFiles.Seen seen = new RotatedFiles.Seen(64);
    // the other readers of the service, asked before a file is read from its start; none by default (one file alone)
    private ReaderClaim.Source otherReaders = candidate -> ReaderClaim.NONE;
    private LeftBehindSource leftBehindSource = (devIno, fits) -> null;
    // the claim this reader waits on, so the wait is logged once
    private ReaderClaim waitingFor;
    // the file was cut in place and is read from its start: the other readers are asked first (mayReadFromStart)
    private boolean unreadStart;

    // shared with the stopping thread
    private final Object persistLock = new Object();
    private ReadProgress progress;
    private TailPosition lastSaved;
    /**
     * Generations attached since the oldest one with unfinished lines, oldest first: those newer than the
     * acknowledged one are saved with the position, so that one renamed while the service is down (to any name in
     * its directory) is found again by its inode and read after the resumed one, not lost.
     */
    private final List<FileIdentity> attachedGenerations = new java.util.ArrayList<>();
    private List<FileIdentity> lastSavedNext = List.of();
    /** The files read as last saved ({@link TailState#filesRead}). */
    private List<FileIdentity> lastSavedRead = List.of();
    /** The newer generations saved with the position resumed at start, queued at the first open. */
    private List<FileIdentity> resumeNext = List.of();
    private long lastPersistNanos;
    private long lastPositionErrorLog;

    /**
     * @param store where positions are saved, or null to keep them only as long as this object
     * @param guard the check before every open (allowed roots); returns the real path to open
     */
    FileFollower(Path path, Settings settings, PositionStore store, LineAcks acks,
                 TailingStreamComponent.OpenGuard guard, Route route) {
        this(path, settings, store, acks, guard, route, System::nanoTime);
    }

    /** @param nanos the clock of scan delays, quiet periods and turns: tests step it instead of waiting */
    FileFollower(Path path, Settings settings, PositionStore store, LineAcks acks,
                 TailingStreamComponent.OpenGuard guard, Route route, LongSupplier nanos) {
        this.path = path.toAbsolutePath().normalize();
        this.key = this.path.toString();
        this.store = store;
        this.acks = acks;
        this.guard = guard;
        this.route = route;
        this.nanos = nanos;
        this.pollNanos = settings.pollNanos();
        this.quietNanos = settings.quietNanos();
        this.rotateWaitNanos = settings.rotateWaitNanos();
        this.maxInFlight = settings.maxInFlight();
        this.startAtEnd = settings.startAtEnd();
        this.buffer = new LineBuffer(settings.maxLineLength());
        this.joiner = new MultilineJoiner(settings.multiline(), this::onEvent);
        this.records = new ContainerLines(settings.format(), joiner, settings.maxLineLength());
        this.sink = (text, truncated, endOffset) -> {
            rememberLineTail(endOffset);
            lastOfRead = readToEnd && buffer.emittingLast();
            try {
                records.line(text, truncated, endOffset);
            } finally {
                lastOfRead = true; // an event flushed outside a read (quiet period, stop) is the last for now
            }
        };
        Arrays.fill(lineEnds, -1);
    }

    TailState state() {
        return state;
    }

    String key() {
        return key;
    }

    /** The other readers of the service, asked before a file is read from its start ({@link ReaderClaim}). */
    void otherReaders(ReaderClaim.Source source) {
        this.otherReaders = source;
    }

    /** Where the saved positions of readers that did not start again are found ({@link #leftBehind}). */
    @FunctionalInterface
    interface LeftBehindSource {
        /** Finds and takes over the first position left behind in the file at {@code devIno} that {@code fits}. */
        TailRegistry.LeftBehind find(long[] devIno, java.util.function.Predicate<TailPosition> fits);
    }

    void leftBehind(LeftBehindSource source) {
        this.leftBehindSource = source;
    }

    /**
     * Starts (or starts again) following into {@code state}: the saved position is loaded and the file opened in
     * the calling thread, so once the route has started the file it names is held and a rotation right after
     * start-up cannot slip between "started" and the first turn.
     */
    void start(TailState state) {
        this.state = state;
        resume = store == null ? lastRun : store.load(key).orElse(null);
        resumeNext = store == null || resume == null ? List.of() : store.loadNext(key);
        if (store != null && resume != null) {
            state.readBefore(store.loadRead(key));
        }
        rewrites(resume == null ? 0 : resume.rewrites());
        synchronized (persistLock) {
            progress = new ReadProgress(resume);
            lastSaved = resume;
        }
        state.progress = progress;
        state.openFiles = new TailState.OpenFiles() {
            @Override
            public long readingSize() {
                FileChannel from = linesFrom;
                return sizeOf(from != null && from.isOpen() ? from : channel);
            }

            @Override
            public byte[] readingBytes(long offset, int length) {
                FileChannel open = channel;
                if (open == null || !open.isOpen() || offset < 0) {
                    return null;
                }
                try {
                    return RotatedFiles.read(open, offset, length);
                } catch (IOException e) {
                    return null; // closed by the reader meanwhile: the caller cannot tell, and waits
                }
            }

            @Override
            public long queuedBytes() {
                FileChannel from = linesFrom;
                FileChannel open = channel;
                // a copy being drained: the cut file is read from its start after it
                long bytes = from != null && from.isOpen() && open != null && from != open ? Math.max(0, sizeOf(open)) : 0;
                for (Generation g : queued) {
                    bytes += Math.max(0, sizeOf(g.channel()));
                }
                return bytes;
            }

            @Override
            public List<FileIdentity> queuedGenerations() {
                return queued.stream().map(Generation::identity).toList();
            }
        };
        firstLook = true;
        backoffMs = 0;
        running = true;
        try {
            open();
        } catch (IOException e) {
            closeForRetry(); // the next turn retries with backoff and reports it
            state.error(e + " (retrying)");
        } finally {
            route.flush(); // what opening handed out (a copy read to its end) does not wait for the first turn
        }
    }

    /** Stops handing out lines: the line being handed out finishes, the next turn is the last ({@link #finish}). */
    void stop() {
        running = false;
    }

    boolean running() {
        return running;
    }

    /** Lines handed to the route whose windows are not finished yet. */
    int inFlight() {
        ReadProgress p = progress;
        return p == null ? 0 : p.inFlight();
    }

    /** Reads for one turn; returns the nanoseconds until the next one, or -1 once reading has stopped. */
    long turn() {
        try {
            return readForATurn();
        } finally {
            route.flush(); // lines held in a chunk never wait for the next turn
        }
    }

    private long readForATurn() {
        long until = nanos.getAsLong() + TURN_NANOS;
        while (running) {
            boolean busy;
            try {
                busy = step();
                // recovered only once lines flow again: reopening an older generation (a rotation onto a refused
                // symlink) succeeds at every attempt, and resetting then retried the refused name every 100 ms
                if (backoffMs > 0 && channel != null && busy) {
                    log.info("Reading {} again after {} failed attempt(s)", key, state.consecutiveErrors);
                    state.consecutiveErrors = 0;
                    backoffMs = 0;
                }
            } catch (Stopping e) {
                return -1;
            } catch (PipelineFull e) {
                // the chunk was left at the first line not handed out: it is read again from there next turn, and
                // the thread goes to other files meanwhile instead of waiting for this file's pipeline
                readFrom(committed);
                return PIPELINE_FULL_RETRY_NANOS;
            } catch (IOException | RuntimeException e) {
                backoffMs = backoffMs == 0 ? MIN_BACKOFF_MS : Math.min(backoffMs * 2, MAX_BACKOFF_MS);
                state.error(e + " (retrying in " + backoffMs + " ms, position " + committed + " kept)");
                log.warn("Cannot read {}: {}; retrying in {} ms from byte {}", key, e.toString(), backoffMs, committed);
                closeForRetry();
                return TimeUnit.MILLISECONDS.toNanos(backoffMs);
            }
            if (!busy) {
                return untilNextLook();
            }
            if (nanos.getAsLong() - until >= 0) {
                return 0;
            }
        }
        return -1;
    }

    /**
     * Idle looks fall on a common beat (multiples of the scan delay), half a delay to one and a half apart: the
     * pool's threads then wake once per beat for all idle files, not once per file at scattered times.
     */
    private long untilNextLook() {
        long now = nanos.getAsLong();
        long beat = settled() ? pollNanos * SETTLED_LOOK_SCANS : pollNanos;
        long delay = beat - Math.floorMod(now, beat);
        delay = delay < beat / 2 ? delay + beat : delay;
        long leave = leaveAt;
        // a file its name has left is left once its rotate wait is over, not a (long) scan delay later
        return leave != 0 ? Math.max(1, Math.min(delay, leave - now)) : delay;
    }

    /** Sets when the open file is left (0: not waiting), and shows it in the status as a wall-clock time. */
    private void waitUntil(long leave, long now) {
        if (leave != leaveAt) {
            leaveAt = leave;
            state.rotateWaitUntil = leave == 0 ? null : Instant.now().plusNanos(leave - now);
        }
    }

    /**
     * When the open file, which the name no longer names, was last written, on the reader's clock: when bytes were
     * last read from it, or earlier when its modification time (where it is now, renamed) says so. Reading a backlog,
     * or reaching a generation long after its last write (several rotations inside one rotate wait, a restart), is
     * then not taken for a writer still at work: a black-box tester's live file waited 19 s behind four empty ones.
     */
    private long lastWritten(long now) {
        if (now - lastDataNanos >= rotateWaitNanos) {
            return lastDataNanos; // quiet by what was read: the modification time could only make it earlier
        }
        try {
            Path where = renamedTo();
            if (where != null) {
                long quiet = System.currentTimeMillis() - Files.getLastModifiedTime(where).toMillis();
                return Math.min(lastDataNanos, now - TimeUnit.MILLISECONDS.toNanos(Math.max(0, quiet)));
            }
        } catch (IOException e) {
            // renamed again while looked for: the last bytes read tell
        }
        return lastDataNanos;
    }

    /**
     * Where the open file is now that the name has moved on: found among the directory's names once per wait (every
     * write to the name's new file wakes the reader, and listing the directory at each wake was the cost), looked up
     * again only when it was renamed once more.
     */
    private Path renamedTo() throws IOException {
        Path known = renamedTo;
        try {
            if (known != null && identity.sameInode(FileIdentity.devIno(known))) {
                return known;
            }
        } catch (NoSuchFileException e) {
            // renamed again: looked for below
        }
        renamedTo = RotatedFiles.locate(path, identity);
        return renamedTo;
    }

    /**
     * Whether an idle look can wait {@link #SETTLED_LOOK_SCANS} scan delays: the name's directory reports changes
     * (a write, a rotation or a truncation wakes the reader at once), and nothing read waits for a later look (an
     * unterminated line or an event being joined, lines in the pipeline, a position not saved yet, a newer
     * generation queued). A name that is a symlink does not qualify: writes to its target, in another
     * directory, are not reported in the name's. The look still comes, for what a notification misses.
     */
    private boolean settled() {
        ReadProgress p = progress;
        return watched.getAsBoolean() && channel != null && queued.isEmpty() && !buffer.hasPartial() && heldFrom() < 0
                && p != null && p.inFlight() == 0 && (store == null || Objects.equals(lastSaved, p.acknowledged()))
                && !Files.isSymbolicLink(path);
    }

    /** Set by the consumer: while this says so, a change under the name wakes the reader (see {@link #settled()}). */
    void watchedWhile(BooleanSupplier watched) {
        this.watched = watched;
    }

    /** After the last turn: what a deleted file still holds is read, the position saved, the files closed. */
    void finish() {
        try {
            finishUnreachableOnStop();
            if (store == null && !running && channel != null) {
                // no position to resume from: hand out the unfinished last line rather than lose it
                flushQuietly();
            }
            route.flush();
            persist(true);
            lastRun = progress.acknowledged();
        } finally {
            closeChannel();
            closeQueued();
        }
    }

    /** One read, or one look at the file when there is nothing to read. Returns whether it made progress. */
    private boolean step() throws IOException {
        if (channel == null && !open()) {
            persist(false);
            return false;
        }
        if (unreadStart && !mayReadFromStart() && !emptyAndRenamedAway()) {
            persist(false);
            return false;
        }
        long now = nanos.getAsLong();
        long[] looked = null;
        if (now - lastLookNanos >= pollNanos) {
            lastLookNanos = now;
            looked = statName();
            if (looked != null) {
                lookAtName(looked); // a new generation under the name is opened now, even while this one is behind
            }
        }
        boolean unchanged = false;
        if (atEnd) {
            // the reader slept: before reading on, make sure the bytes after the position still belong to
            // the same file (a truncate-and-rewrite larger than the position would otherwise be read mid-line)
            if (checkFile(now, looked)) {
                atEnd = false;
                return true;
            }
            if (channel == null) {
                persist(false);
                return false;
            }
            unchanged = checkedSize == buffer.readOffset() && checkedSize == state.size;
        }
        ByteBuffer space = buffer.space();
        int room = space.remaining();
        int n = unchanged ? 0 : channel.read(space, buffer.readOffset()); // an idle look reads nothing
        // a read that did not fill the space reached the end of the file: its last line ends what there is to read
        readToEnd = n < room;
        if (n > 0) {
            if (!tailUnchanged()) {
                // the bytes before this chunk changed while it was read: the file was truncated (and maybe rewritten
                // past the position, identical header or not); the chunk is new content at an old offset, not handed out
                truncated(channel.size(), new long[]{identity.dev(), identity.ino()});
                return true;
            }
            // a first read (no bytes before the position to compare) checks the start the file was opened with: cut and
            // written again between the open and this read (copytruncate), the bytes at 0 are a later generation's
            boolean firstRead = buffer.readOffset() == 0 && identity.fingerprintLength() > 0;
            if (firstRead || identity.fingerprintLength() < FileIdentity.FINGERPRINT_BYTES
                    && buffer.readOffset() + n > identity.fingerprintLength()) {
                // the fingerprint grows with the file's first KiB also while behind: a copy of this file is then
                // told by all of it, and one read from its start is never taken for a later generation's copy
                byte[] first = FileIdentity.firstBytes(channel);
                FileIdentity grown = identity.verify(first);
                if (grown == null) {
                    truncated(channel.size(), new long[]{identity.dev(), identity.ino()});
                    return true;
                }
                grown(grown, first);
            }
            atEnd = false;
            rememberHead(space.array(), space.arrayOffset() + space.position() - n, n);
            buffer.filled(n);
            rememberTail(space.array(), space.arrayOffset() + space.position() - n, n);
            mayYield = true;
            try {
                buffer.drain(sink);
            } finally {
                mayYield = false;
            }
            state.multilineHeldFrom = heldFrom();
            lastDataNanos = now;
            state.phase = TailState.Phase.FOLLOWING;
            if (buffer.readOffset() > state.size) {
                state.size = buffer.readOffset();
            }
            persist(false);
            return true;
        }
        boolean lookedAtFile = atEnd; // checkFile ran in this step: the unfinished line is still the file's
        if (!atEnd) {
            atEnd = true;
            endSinceNanos = now;
        }
        // a container runtime's records end with a newline and partial ones with the record that finishes them:
        // those are held for their end (or the file's); only a plain writer means an unterminated line as it is
        if (lookedAtFile && buffer.hasPartial() && now - endSinceNanos >= quietNanos && !records.decodesRecords()) {
            buffer.flush(sink); // nothing more came: the writer meant this unterminated line as it is
        }
        // nothing more came for the event being joined: it is complete as it is
        boolean flushed = joiner.flushIfQuiet(now);
        state.multilineHeldFrom = heldFrom();
        persist(false);
        return flushed;
    }

    /**
     * At stop: a file being read (or queued) that was deleted cannot be found again after a restart, so what is
     * left in it is read now rather than lost. A renamed one is found again by its inode and waits.
     */
    private void finishUnreachableOnStop() {
        try {
            draining = true;
            // a newer generation held open while this one was read (or waited for: the rotate wait) and deleted since
            // is not found again after the restart: it is read now, and what is before it first, to keep the order
            Generation lastGone = null;
            for (Generation g : queued) {
                if (RotatedFiles.locate(path, g.identity()) == null) {
                    lastGone = g;
                }
            }
            if (channel != null) {
                if (lastGone == null && RotatedFiles.locate(path, identity) != null) {
                    return; // found again after the restart, the generations after it too
                }
                log.info("{}: {} ({}) before stopping", key, lastGone == null ? "the file being read was deleted; reading "
                        + "what is left of it" : "a newer generation was deleted before its turn; reading the file being read",
                        identity.describe());
                // the stop came as a line was handed out (STOPPING thrown out of the sink): the chunk being cut was
                // left half done, that line already past the buffer's start; read on from the last line handed out
                readFrom(committed);
                drainFrom(channel);
            }
            Generation g;
            while ((g = queued.peekFirst()) != null && (lastGone != null || RotatedFiles.locate(path, g.identity()) == null)) {
                queued.pollFirst();
                if (g == lastGone) {
                    lastGone = null;
                }
                closeChannel();
                attach(g.channel(), g.identity(), g.foundAs(), 0, 0);
                log.info("{}: a newer generation ({}), or one after it, was deleted before its turn; reading it before "
                        + "stopping", key, g.identity().describe());
                drainFrom(g.channel());
            }
        } catch (IOException | RuntimeException e) {
            log.warn("{}: could not read the rest of a deleted file before stopping: {}", key, e.toString());
        } finally {
            draining = false;
        }
    }

    /** The unterminated last line, then the event being joined: the file is finished (or gone). */
    private void flushAll() {
        buffer.flush(sink);
        records.flush();
        joiner.flush();
    }

    /** Where the first line read but not handed out begins (an event being joined, a partial container line), or -1. */
    private long heldFrom() {
        long event = joiner.heldStart();
        return event >= 0 ? event : records.pendingStart();
    }

    /**
     * One event (a line, or lines joined by the multiline setting) to the route. Its origin, line number and
     * idempotency key are its first line's; the position recorded for it is after its last line.
     */
    private void onEvent(String text, boolean truncated, long firstLineEnd, long endOffset, int lines) {
        if (!running && !draining) {
            throw STOPPING;
        }
        awaitRoom();
        long number = lineNumber + 1;
        long last = lineNumber + lines;
        LineOrigin origin = new LineOrigin(key, readAs.dev(), readAs.ino(), headFingerprint(firstLineEnd), rewrites,
                number, firstLineEnd);
        ReadProgress.Mark mark = progress.line(new TailPosition(readAs, endOffset, last, rewrites, tailAt(endOffset)), origin);
        hand(text, number, mark);
        // handed out (or failed for good, reported above): never hand these lines out again
        lineNumber = last;
        committed = endOffset;
        state.position = endOffset;
        state.linesRead += lines;
        if (lines > 1) {
            state.multilineEvents++;
        }
        state.multilineSplit = joiner.eventsSplit();
        state.containerUndecodable = records.undecodable(); // an undecodable line is handed out as it is, here
        if (truncated) {
            state.linesTruncated++;
        }
        persist(false); // at most every scan delay: a chunk of a backlog can take seconds to hand out
    }

    /**
     * Hands one event to the route. A failure is reported and the event passed, except a {@link LineNotDelivered}
     * (the destination, the agent's Kafka broker, cannot take it now) and any failure once reading stops (the send
     * was cut short): then the event is kept. While reading goes on it is handed out again after a pause, in this
     * thread, so the lines after it wait in the file; when reading stops it is withdrawn unacknowledged, so the
     * saved position stays before it and it is read again after a restart.
     */
    private void hand(String text, long number, ReadProgress.Mark mark) {
        long pauseMs = MIN_BACKOFF_MS;
        for (int attempt = 1; ; attempt++) {
            acks.enter(mark);
            Attempt sent = route.send(text, number, lastOfRead);
            Exception failure = sent.failure();
            // a deleted file being finished at stop cannot be read again: what fails there is reported and passed
            boolean keep = !draining && (sent.notDelivered() != null || failure != null && !running);
            if (!keep) {
                acks.leave(mark);
                Exception undelivered = sent.notDelivered();
                if (failure != null || undelivered != null) {
                    sent.report("Error processing line " + number + " of " + key, failure != null ? failure : undelivered);
                } else if (attempt > 1) {
                    log.info("{}: line {} delivered after {} attempts; reading on", key, number, attempt);
                }
                sent.release();
                return;
            }
            acks.withdraw();
            sent.release();
            state.linesNotDelivered++;
            if (!running) {
                progress.withdraw(mark);
                throw STOPPING;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pauseMs)); // stopReading unparks it
            pauseMs = Math.min(pauseMs * 2, MAX_UNDELIVERED_PAUSE_MS);
        }
    }

    /**
     * Holds the reader while too many of its lines are unfinished (scoring queued behind a backlog), so the
     * pipeline never holds more than the setting: memory stays bounded and a SIGTERM drain stays short. Reading
     * the open file, the turn ends instead (the pool thread serves other files; the chunk is read again from the
     * first line not handed out); finishing a rotated, deleted or copied file, which cannot be resumed, it waits.
     */
    private void awaitRoom() {
        if (progress.inFlight() < maxInFlight) {
            return;
        }
        route.flush(); // lines held in a chunk count in flight: handed on, they can finish
        if (progress.inFlight() < maxInFlight) {
            return;
        }
        state.waitsForPipeline++;
        if (mayYield) {
            throw PIPELINE_FULL;
        }
        while (progress.inFlight() >= maxInFlight) {
            if (!running && !draining) {
                throw STOPPING;
            }
            persist(false); // what the pipeline finishes meanwhile is saved, not only after this chunk
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** CRC-32C of the file's first bytes up to the end of this line (at most FINGERPRINT_BYTES): fixed once written. */
    private long headFingerprint(long endOffset) {
        if (headFingerprintFull >= 0 && endOffset >= FileIdentity.FINGERPRINT_BYTES) {
            return headFingerprintFull;
        }
        int length = (int) Math.min(endOffset, FileIdentity.FINGERPRINT_BYTES);
        CRC32C crc = new CRC32C();
        if (headRead.length >= length) {
            // the first bytes as they were read with the lines: a line of a chunk read before a cut and handed out after
            // it keeps the key it gets when read again from the copy
            crc.update(headRead, 0, length);
            long value = crc.getValue();
            if (length == FileIdentity.FINGERPRINT_BYTES) {
                headFingerprintFull = value;
            }
            return value;
        }
        ByteBuffer head = ByteBuffer.allocate(length);
        try {
            // the file the line is read from: a copy being drained holds the cut file's first bytes, the cut file no longer
            while (head.hasRemaining() && linesFrom.read(head, head.position()) > 0) {
                // fill
            }
        } catch (IOException e) {
            return identity.fingerprint(); // the read that follows will report the problem
        }
        crc.update(head.array(), 0, head.position());
        long value = crc.getValue();
        if (length == FileIdentity.FINGERPRINT_BYTES && head.position() == length) {
            headFingerprintFull = value;
        }
        return value;
    }

    /**
     * The one place a followed file (or a rotated generation of it) is opened. Anything but a regular
     * file is refused before open: a FIFO would block the open for ever. The allowed-roots check applies
     * to every open, rotated names included.
     */
    private FileChannel openFile(Path file) throws IOException {
        Path real;
        try {
            real = guard.checkOpen(file);
        } catch (PathNotAllowedException e) {
            if (state.phase != TailState.Phase.REFUSED) {
                state.refused++; // shown as opens_refused: once per refusal, not at every scan that finds it still there
            }
            throw e;
        }
        BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw new NotARegularFile(file, attributes);
        }
        return FileChannel.open(real, StandardOpenOption.READ);
    }

    /**
     * Opens the file to read: the one the known position belongs to (found under the name, or renamed
     * next to it while the service was down), else whatever the name points to now.
     */
    private boolean open() throws IOException {
        boolean routeStart = firstLook;
        firstLook = false;
        if (!resumeNext.isEmpty()) {
            queueSavedGenerations(resumeNext);
            resumeNext = List.of();
        }
        if (resume != null) {
            boolean known;
            try {
                known = openKnown(resume);
            } catch (PathNotAllowedException e) {
                refuse(e); // the position is kept for when the name is inside the roots again
                return false;
            }
            if (known) {
                resume = null;
                return true;
            }
            routeStart = false; // the name now holds a file never read: all of it is new
        }
        Generation next = queued.pollFirst();
        if (next != null) {
            TailPosition back = cameBack(next.identity(), next.channel());
            if (back == null) {
                // renamed onto this name while the service was down, its own reader's name gone (app.log.2 moved to
                // app.log.3 as app.log.3's file moved to app.log.4): read on where that reader left it
                back = leftBehind(next.identity(), next.channel());
            }
            ReaderClaim claim = back != null ? ReaderClaim.NONE
                    : askOthers(new long[]{next.identity().dev(), next.identity().ino()}, next.foundAs(), next.channel());
            if (claim.kind() == ReaderClaim.Kind.FOLLOWED) {
                next.channel().close();
                log.info("{}: the next generation {} ({}) is followed by the reader of {} under that name, from its start; "
                        + "left to that reader", key, next.foundAs(), next.identity().describe(), claim.reader());
                return false; // the next turn goes on with the generation after it, or the name
            }
            long[] start = back != null ? new long[]{back.offset(), back.lines()} : startOfUnread(claim, next.channel());
            if (start == null) {
                if (next.channel().size() == 0) {
                    // an empty generation the others say may yet be a copy: nothing in it to wait for. Still under the name,
                    // it is opened from there and waited on as the name's file; renamed on, the reader of that name reads
                    // whatever comes. Kept queued, the reader of app.log.1 waited behind it for good (a tester's status
                    // showed its lag for minutes after the writer stopped)
                    next.channel().close();
                    return false;
                }
                queued.addFirst(next);
                return false;
            }
            forgetResume(back);
            attach(next.channel(), next.identity(), next.foundAs(), start[0], start[1]);
            if (back == null && start[0] == 0) {
                log.info("Reading the next generation of {} ({}, {}) from its start", key, next.foundAs(), next.identity().describe());
            }
            return true;
        }
        long[] devIno;
        try {
            devIno = FileIdentity.devIno(path);
        } catch (NoSuchFileException e) {
            if (state.phase != TailState.Phase.WAITING_FOR_FILE) {
                log.info("Waiting for {} to appear; it will be read from its start", key);
            }
            state.phase = TailState.Phase.WAITING_FOR_FILE;
            return false;
        }
        FileChannel ch;
        try {
            ch = openFile(path);
        } catch (NotARegularFile | PathNotAllowedException e) {
            refuse(e);
            return false;
        }
        if (!sameFile(devIno, path)) {
            ch.close(); // rotated between the look and the open: look again
            return false;
        }
        FileIdentity id = FileIdentity.of(devIno, ch);
        long offset = 0;
        long lines = 0;
        TailPosition back = cameBack(id, ch);
        forgetResume(back);
        TailPosition left = back == null && !(routeStart && startAtEnd) ? leftBehind(id, ch) : null;
        if (back != null) {
            offset = back.offset();
            lines = back.lines();
        } else if (left != null) {
            offset = left.offset();
            lines = left.lines();
        } else if (routeStart && startAtEnd) {
            offset = lastLineEnd(ch);
            lines = countLines(ch, offset);
        } else {
            long[] start = startOfUnread(askOthers(devIno, path, ch), ch);
            if (start == null && mayBecomeACopy(ch, path)) {
                // empty under a rotated name, maybe a copy yet to be written: opened and waited on (attach asks the others
                // again before its first bytes are read), so the status shows this file and not the one finished before
                start = new long[]{0, 0};
            }
            if (start == null) {
                ch.close();
                return false;
            }
            offset = start[0];
            lines = start[1];
        }
        attach(ch, id, path, offset, lines);
        if (back == null && left == null) {
            log.info("Reading {} ({}) from byte {}{}", key, id.describe(), offset,
                    routeStart && startAtEnd ? " (its end, as from=end asks)" : "");
        }
        return true;
    }

    /**
     * After a cut in place: whether the new content may be read from its start. A rotated name that copytruncate
     * rewrote in place ({@code cp app.log app.log.1} over the last copy) holds lines another reader reads: wait
     * while that reader has not seen its cut, then read only what is appended.
     */
    private boolean mayReadFromStart() throws IOException {
        ReaderClaim claim = askOthers(new long[]{identity.dev(), identity.ino()}, path, channel);
        if (claim.kind() == ReaderClaim.Kind.NONE) {
            if (mayBecomeACopy(channel, path)) {
                return false; // nothing to tell a copy by yet: asked again when bytes come
            }
            unreadStart = false;
            return true;
        }
        long[] start = startOfUnread(claim, channel);
        if (start == null) {
            return false;
        }
        unreadStart = false;
        attach(channel, FileIdentity.of(new long[]{identity.dev(), identity.ino()}, channel), path, start[0], start[1]);
        return true;
    }

    /**
     * An empty file under a rotated name: copytruncate may yet write a copy over it ({@code cp app.log app.log.1}), so its
     * first bytes are read only once the other readers are asked about them.
     */
    private static boolean mayBecomeACopy(FileChannel ch, Path name) throws IOException {
        return ch.size() == 0 && RotatedFiles.looksRotated(name);
    }

    /**
     * A rotated name cut to nothing waits for the copy written over it ({@link #mayReadFromStart}); renamed away
     * instead (the next rotation shifted it up one number), no copy comes: it holds nothing, and the reader moves on
     * to what its name holds now. Replaying a tester's mix of rotations, the reader of app.log.1 waited for ever on an empty
     * app.log.3.
     */
    private boolean emptyAndRenamedAway() throws IOException {
        long[] named = statName();
        if (channel.size() > 0 || named != null && identity.sameInode(named)) {
            return false;
        }
        unreadStart = false;
        waitingFor = null;
        return true;
    }

    /**
     * What the other readers of the service know of a file this reader is about to read from its start ({@link
     * ReaderClaim}: a glob or a second entry that also matches rotated names); a wait is logged once.
     */
    private ReaderClaim askOthers(long[] devIno, Path foundAs, FileChannel ch) throws IOException {
        ReaderClaim claim = otherReaders.claim(ReaderClaim.Candidate.of(devIno, ch, foundAs));
        ReaderClaim waitedFor = waitingFor;
        waitingFor = null;
        switch (claim.kind()) {
            case READ:
                log.info("{}: {} was read by the reader of {} under its former name (rotated); reading only what is "
                        + "appended to it", key, foundAs, claim.reader());
                break;
            case READING, COPY_OF_READING:
                if (!claim.equals(waitedFor)) {
                    log.info(claim.kind() == ReaderClaim.Kind.COPY_OF_READING
                                    ? "{}: {} starts like the file the reader of {} reads now (copytruncate's copy, whose lines that "
                                    + "reader reads); waiting until it has seen the cut"
                                    : "{}: {} is read by the reader of {} now; waiting until it is done",
                            key, foundAs, claim.reader());
                }
                waitingFor = claim;
                break;
            default:
                break;
        }
        return claim;
    }

    /**
     * Where a file this reader has never read starts, given what the others know of it: at 0; at its last line's
     * end when another reader has read it; null (look again at the next turn) while another has it open or reads
     * the file it is a copy of. Returns the offset and the lines before it.
     */
    private long[] startOfUnread(ReaderClaim claim, FileChannel ch) throws IOException {
        switch (claim.kind()) {
            case NONE:
                return new long[]{0, 0};
            case READ: {
                long end = lastLineEnd(ch);
                return new long[]{end, countLines(ch, end)};
            }
            default:
                return null;
        }
    }

    /**
     * Newer generations that were open when the service stopped (saved with the position): each found by its inode
     * among the names of the directory, whatever it was renamed to, is read after the generation resumed; one under
     * the name is read in its turn as the name.
     */
    private void queueSavedGenerations(List<FileIdentity> saved) {
        for (FileIdentity next : saved) {
            try {
                Path found = RotatedFiles.locate(path, next);
                if (found == null) {
                    log.warn("{}: a newer generation ({}) open when the service stopped is gone (deleted while it was down); "
                            + "the lines it held after what was processed are lost", key, next.describe());
                    continue;
                }
                if (found.equals(path)
                        || queued.stream().anyMatch(g -> g.identity().sameInode(next))) {
                    continue;
                }
                FileChannel ch = openFile(found);
                FileIdentity verified = next.verify(ch);
                if (verified == null) {
                    ch.close(); // another file under a recycled inode
                    continue;
                }
                queued.addLast(new Generation(ch, verified, found));
                log.info("{}: a newer generation ({}) open when the service stopped is now {}; reading it after the one "
                        + "resumed", key, verified.describe(), found);
            } catch (IOException e) {
                log.warn("{}: cannot read the newer generation {} open when the service stopped: {}", key,
                        next.describe(), e.toString());
            }
        }
    }

    /**
     * The name holds something the reader must not read (a FIFO or device, a symlink or hard link leading out of the
     * allowed roots): not a failure of the reader, which is not retried with backoff, but a refusal an operator has
     * to resolve (status {@code refused}, health DEGRADED), looked at again every scan.
     */
    private void refuse(IOException e) {
        if (state.phase != TailState.Phase.REFUSED) {
            log.error("Refusing to read {}: {}; it is checked again every scan and read once the name holds a regular file "
                    + "inside the allowed roots", key, e.getMessage());
        }
        state.refuse(e.getMessage());
    }

    /**
     * Opens the file a known position belongs to. Not found, the position is kept (the file may come back under
     * its name: moved aside and back, or the name pointing outside the allowed roots for a while) until another
     * regular, allowed file is actually opened under the name ({@link #forgetResume}).
     */
    private boolean openKnown(TailPosition known) throws IOException {
        Path candidate = RotatedFiles.locate(path, known.identity());
        if (candidate == null) {
            return false;
        }
        FileChannel ch = openFile(candidate);
        FileIdentity verified = known.identity().verify(ch);
        boolean headKept = verified != null;
        if (verified == null || ch.size() < known.offset() || !known.tail().matches(ch, known.offset())) {
            ch.close();
            resume = null;
            // cut under the saved position: shorter, another start, or (same first KiB, as large or larger) other bytes
            // before the position, which the first KiB and the size alone do not tell; reading on at the saved offset would
            // hand out a fragment and skip lines
            state.truncations++;
            // copytruncate while the service was down: the lines after the position are in the copy, if one is found
            Path copy = RotatedFiles.findCopy(path, known.identity(), known.offset(), known.tail(), seen, this::openFile);
            if (copy != null) {
                FileChannel cc = openFile(copy);
                // the copy continues the file last read: its lines keep that file's identity and numbering, so a line
                // processed before a crash (after the saved position) and read again from the copy gets the key of its
                // first reading, and a position saved while reading the copy leads back to it the same way
                rewrites(known.rewrites());
                state.copiesRead++;
                attach(cc, FileIdentity.of(FileIdentity.devIno(copy), cc), known.identity(), copy, known.offset(),
                        known.lines());
                cutBehindCopy = true;
                if (!candidate.equals(path)) {
                    // the cut file was rotated or renamed away too: its new lines come after the copy, before the name's
                    FileChannel cut = openFile(candidate);
                    queued.addFirst(new Generation(cut, FileIdentity.of(FileIdentity.devIno(candidate), cut), candidate));
                }
                log.info("{}: the file last read was truncated while the service was down (copytruncate); reading its copy {} "
                        + "on from byte {} (line {}), then the file from its start", key, copy, known.offset(), known.lines());
                return true;
            }
            // the cut the live reader counts in truncated(): a replay after a crash between the cut and the next saved
            // position numbers the new content as the first reading did, and never with the old content's keys
            rewrites(known.rewrites() + 1);
            if (headKept && ch.size() >= known.offset()) {
                log.warn("{}: the file last read was rewritten in place while the service was down (same first {} bytes, "
                        + "other bytes before the saved position {}); reading it from its start (counted in truncations)",
                        key, known.identity().fingerprintLength(), known.offset());
            } else {
                log.info("{}: the file last read was truncated or rewritten; reading it from its start", key);
            }
            if (!candidate.equals(path)) {
                // rotated or renamed away after the cut: what it holds now was written after the cut and before the
                // newer generations, so it is read first (the name is read in its turn)
                FileChannel cut = openFile(candidate);
                attach(cut, FileIdentity.of(FileIdentity.devIno(candidate), cut), candidate, 0, 0);
                return true;
            }
            return false;
        }
        attach(ch, verified, candidate, known.offset(), known.lines());
        if (candidate.equals(path)) {
            log.info("Resuming {} at byte {} (line {})", key, known.offset(), known.lines());
        } else {
            log.info("Resuming {} in its rotated copy {} at byte {}, then its newer generations", key, candidate, known.offset());
        }
        return true;
    }

    /** Device, inode and modification time of what the name points to now; null when nothing is there. */
    private long[] statName() throws IOException {
        try {
            return FileIdentity.stat(path);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * The position a file was finished at, when it is that same file coming back under the name (moved away
     * and back, or a symlink swapped in for a while and the file restored): read on from there, not again.
     */
    private TailPosition cameBack(FileIdentity id, FileChannel ch) throws IOException {
        TailPosition finished = seen.lastEnd(id);
        if (finished == null && resume != null && resume.identity().sameInode(id)) {
            // the saved position's file, not found a moment ago (the name was being swapped back: a symlink removed,
            // the file not yet moved in) and under the name now: read on from the saved position, not again from 0
            finished = resume;
        }
        // finished empty, it tells nothing (an empty fingerprint matches any file, and ext4 hands a deleted file's inode to
        // the next one): a new file under the name, whose start the other readers are asked about
        if (finished == null || !resumable(finished, ch)) {
            return null;
        }
        log.info("{}: the file finished at byte {} (line {}) is back under the name ({}); reading on from there", key,
                finished.offset(), finished.lines(), id.describe());
        return finished;
    }

    /**
     * The position another reader saved in this very file before a restart, when that reader did not start again: its
     * name was gone, the file renamed while the service was down (a rotation shifts a glob's generations: app.log.2
     * became app.log.3). The glob found it as a new file and read it from its start: a black-box tester saw every line
     * of such a generation processed twice after a SIGTERM, and its alerts stored twice. The position is taken over
     * (deleted), so only one reader reads on from it.
     */
    private TailPosition leftBehind(FileIdentity id, FileChannel ch) throws IOException {
        TailRegistry.LeftBehind found = leftBehindSource.find(new long[]{id.dev(), id.ino()}, saved -> {
            try {
                return resumable(saved, ch);
            } catch (IOException e) {
                return false; // not readable now: read as any new file
            }
        });
        if (found == null) {
            return null;
        }
        TailPosition saved = found.position();
        log.info("{}: the reader of {} had read this file ({}) to byte {} (line {}) before the restart, and the name is "
                + "gone (renamed while the service was down); reading on from there", key, found.path(), id.describe(),
                saved.offset(), saved.lines());
        return saved;
    }

    /**
     * Whether reading can go on from {@code position} in the open file: past its start (an empty fingerprint matches any
     * file, and ext4 hands a deleted file's inode to the next one), the same first bytes, at least as long, and the
     * same bytes before the position.
     */
    private static boolean resumable(TailPosition position, FileChannel ch) throws IOException {
        return position.offset() > 0 && position.identity().verify(ch) != null && ch.size() >= position.offset()
                && position.tail().matches(ch, position.offset());
    }

    /** Another file is read now, or the known position's file came back: the position is used or gone for good. */
    private void forgetResume(TailPosition back) {
        if (resume != null) {
            if (back != resume) {
                log.warn("{}: the file last read ({}) is gone (deleted or compressed); reading what the name holds now from its start",
                        key, resume.identity().describe());
            }
            resume = null;
        }
    }

    /** Opens and queues a new file under the name (a rotation), so it cannot be missed while this one is read. */
    private void lookAtName() throws IOException {
        long[] devIno = statName();
        if (devIno != null) {
            lookAtName(devIno);
        }
    }

    private void lookAtName(long[] devIno) throws IOException {
        if (identity.sameInode(devIno)) {
            return;
        }
        for (Generation g : queued) {
            if (g.identity().sameInode(devIno)) {
                return;
            }
        }
        FileChannel ch;
        try {
            ch = openFile(path);
        } catch (NotARegularFile | PathNotAllowedException e) {
            refuse(e);
            return;
        } catch (NoSuchFileException e) {
            return;
        }
        if (!sameFile(devIno, path)) {
            ch.close();
            return;
        }
        queued.addLast(new Generation(ch, FileIdentity.of(devIno, ch), path));
        state.rotations++; // counted when found, not when reached: a reader behind shows the rotations it has ahead
    }

    /**
     * At the end of the data: has the name moved on to another file, or has the file been cut?
     * Returns true when it switched (there may be data to read right away).
     */
    private boolean checkFile(long now, long[] looked) throws IOException {
        long size = channel.size();
        state.size = size;
        long[] devIno = looked != null ? looked : statName();
        if ((devIno == null || !identity.sameInode(devIno)) && (size < buffer.readOffset() || !tailUnchanged())) {
            // cut and then renamed away (copytruncate, then a create rotation before this look): what was after the
            // position is in the copy, which is read now; the copy's lines read before the cut are never read again
            truncated(size, new long[]{identity.dev(), identity.ino()});
            return true;
        }
        if (devIno == null || !identity.sameInode(devIno)) {
            // the name names another file (logrotate's create, or the writer reopened) or none (deleted, renamed away),
            // but a writer that reopens on a signal (postrotate's HUP) appends to the old one until the signal reaches
            // it: read on until it has been quiet for the rotate wait
            long leave = lastWritten(now) + rotateWaitNanos;
            if (now - leave < 0) {
                waitUntil(leave, now);
                return false;
            }
            waitUntil(0, now);
            finishOldFile();
            if (devIno == null) {
                state.phase = TailState.Phase.WAITING_FOR_FILE;
                log.info("{} was removed; finished it at byte {}, waiting for a new file under that name", key, committed);
                return open();
            }
            lookAtName(); // counts the rotation, unless the name's file was found and counted at an earlier look
            log.info("{} now names another file (rotated, recreated or symlink repointed); finished the old one at byte {}", key,
                    committed);
            return open();
        }
        waitUntil(0, now);
        if (size == checkedSize && devIno[2] == checkedModified) {
            return false; // neither size nor modification time moved since the last full check: nothing was written
        }
        byte[] first = size < buffer.readOffset() || !tailUnchanged() ? null : FileIdentity.firstBytes(channel);
        FileIdentity verified = first == null ? null : identity.verify(first);
        if (verified == null) {
            truncated(size, devIno); // the size is the new content's: not counted among the old bytes lost
            return true;
        }
        if (size > state.maxSizeSeen) {
            state.maxSizeSeen = size;
        }
        if (verified != identity) {
            grown(verified, first);
        }
        checkedSize = size;
        checkedModified = devIno[2];
        return false;
    }

    /**
     * The open file was cut (copytruncate) or rewritten. Lines that were on disk after the read position are
     * read from the copy when one is found by fingerprint among the rotated names, else counted as lost. Then
     * the copies of generations written and cut while the reader was behind (never seen under the name) are
     * read whole, oldest first, and only then the file from its start.
     */
    private void truncated(long size, long[] devIno) throws IOException {
        state.truncations++;
        long knownEnd = Math.max(state.maxSizeSeen, buffer.readOffset());
        FileIdentity cut = identity;
        FileChannel live = channel;
        FileTime after = copiesSince;
        Path copy = RotatedFiles.findCopy(path, cut, buffer.readOffset(), TailCheck.of(tailBytes, 0, tailBytes.length), seen,
                this::openFile);
        if (copy != null) {
            try (FileChannel ch = openFile(copy)) {
                long[] copyDevIno = FileIdentity.devIno(copy);
                long before = state.linesRead;
                drainFrom(ch);
                state.copiesRead++;
                remember(new TailPosition(FileIdentity.of(copyDevIno, ch), committed, lineNumber, rewrites));
                log.info("{} was truncated (copytruncate); read {} line(s) that were behind the position from its copy {}",
                        key, state.linesRead - before, copy);
            }
        } else {
            records.flush(); // its lines were all read before the cut
            joiner.flush();
        }
        if (copy == null && knownEnd > committed) {
            // from the end of the last line handed out: the unfinished line read before the cut is dropped too
            long lost = knownEnd - committed;
            state.bytesLostTruncated += lost;
            log.warn("{} was truncated with {} byte(s) after the last line handed out and no copy found by fingerprint; "
                    + "they are lost (counted in lost_bytes_truncated)", key, lost);
        }
        buffer.reset(buffer.readOffset()); // no fragment of the old content is handed out
        // everything of the old content is handed out: what follows is numbered from 1 again, on the same identity
        // when it starts with the same bytes, so it gets keys of its own (a restart that finds the file cut under its
        // saved position counts the same cut in openKnown)
        rewrites(rewrites + 1);
        if (copy == null) {
            for (FileIdentity c : RotatedFiles.copiesOf(path, cut, headRead, this::openFile)) {
                // a copy no longer than the read position: all of it was read from the live file, never read again
                remember(new TailPosition(c, Long.MAX_VALUE, 0, rewrites));
            }
        }
        FileTime listed = after;
        long[] underName = statName();
        if (underName != null && cut.sameInode(underName)) {
            // the name's file was cut: its generations since were copies (a file renamed away is not copied)
            listed = readLaterCopies(cut, copy == null, after, live);
        }
        log.info("{} was {} (size now {}, read position {}); reading it from byte 0", key,
                size < committed ? "truncated below the read position" : "rewritten in place (the bytes before the read position changed)",
                size, committed);
        attach(live, FileIdentity.of(devIno, live), path, 0, 0);
        copiesSince = listed; // a copy made after the last look among the rotated names is newer than this
        unreadStart = true; // a rotated name rewritten in place may now hold a copy another reader reads: ask first
    }

    /**
     * Reads whole, oldest first, the copies of generations that were written, copied and cut while the reader was
     * behind, looking again after each until none is left (a copy made meanwhile is read too). Returns when the
     * last look began: the live file's modification time then (a copy made after the look is newer).
     */
    private FileTime readLaterCopies(FileIdentity cut, boolean cutCopyUnread, FileTime after, FileChannel live)
            throws IOException {
        List<FileIdentity> waiting = queued.stream().map(Generation::identity).toList();
        java.util.Set<Path> unreadable = new java.util.HashSet<>();
        boolean done = false;
        try {
            while (true) {
                FileTime lookedAt = modifiedOr(path, after);
                List<RotatedFiles.Candidate> later = RotatedFiles.laterCopies(path, cut, cutCopyUnread, after, seen, waiting, live,
                        this::openFile);
                later.removeIf(c -> unreadable.contains(c.path()));
                if (later.isEmpty()) {
                    done = true;
                    return lookedAt;
                }
                for (RotatedFiles.Candidate c : later) {
                    FileChannel ch;
                    try {
                        ch = openFile(c.path());
                        if (!sameFile(c.devIno(), c.path())) {
                            ch.close(); // renamed up one number meanwhile: found again under its new name
                            continue;
                        }
                    } catch (NoSuchFileException e) {
                        continue;
                    } catch (IOException e) {
                        unreadable.add(c.path());
                        state.bytesLostTruncated += sizeOr0(c.path());
                        log.warn("{}: cannot read the copy {} of a generation cut while the reader was behind: {}; its bytes "
                                + "are counted in lost_bytes_truncated", key, c.path(), e.toString());
                        continue;
                    }
                    ReaderClaim.Kind claim = otherReaders.claim(ReaderClaim.Candidate.of(c.devIno(), ch, c.path())).kind();
                    if (claim == ReaderClaim.Kind.READ || claim == ReaderClaim.Kind.READING || claim == ReaderClaim.Kind.FOLLOWED) {
                        // found under a name of its own by another reader, which read it from its start (nobody had
                        // read it): replaying a tester's mix, a copy of two lines was read by the readers of app.log and app.log.1
                        ch.close();
                        unreadable.add(c.path());
                        log.info("{}: {}, the copy of a generation written and cut while the reader was behind, is read by "
                                + "the reader of its name; not read again", key, c.path());
                        continue;
                    }
                    if (channel != live) {
                        closeChannel();
                    }
                    FileIdentity id = FileIdentity.of(c.devIno(), ch);
                    attach(ch, id, c.path(), 0, 0);
                    long before = state.linesRead;
                    drainFrom(ch);
                    state.copiesRead++;
                    seen.add(new TailPosition(id, committed, lineNumber, rewrites));
                    log.info("{}: read {} line(s) from {}, the copy of a generation written and cut while the reader was "
                            + "behind", key, state.linesRead - before, c.path());
                }
            }
        } finally {
            if (channel != live) {
                // done: the live file is read next; failed or stopping: the copy being read is where to resume
                FileChannel close = done ? channel : live;
                try {
                    close.close();
                } catch (IOException ignored) {
                    // read to its end, or read again after a restart
                }
                if (done) {
                    channel = live;
                }
            }
        }
    }

    /**
     * A copy of this file's generation whose lines were read (from it, or from the file before the cut): never read
     * again by this reader, nor from its start by another that finds it under a name of its own.
     */
    private void remember(TailPosition copy) {
        seen.add(copy);
        state.read(copy.identity());
    }

    /** Reads a file from the read position to its end (the open one, or copytruncate's copy of it) and flushes. */
    private void drainFrom(FileChannel copy) throws IOException {
        FileChannel was = linesFrom;
        linesFrom = copy;
        try {
            while (true) {
                ByteBuffer space = buffer.space();
                int room = space.remaining();
                int n = copy.read(space, buffer.readOffset());
                if (n <= 0) {
                    break;
                }
                readToEnd = n < room;
                buffer.filled(n);
                buffer.drain(sink);
            }
            readToEnd = true; // what the flush hands out ends the copy
            flushAll();
        } finally {
            linesFrom = was;
        }
    }

    /** Reads whatever is left in the open file, hands out its unterminated last line, and closes it. */
    private void finishOldFile() throws IOException {
        drainFrom(channel); // to its end, the last line and event handed out: an event never spans two files
        if (identity.fingerprintLength() < FileIdentity.FINGERPRINT_BYTES) {
            // what the drain read is known by it: a file found empty and finished with lines in it was not told as read
            // by the other readers, and the reader of its next rotated name read it again
            byte[] first = FileIdentity.firstBytes(channel);
            FileIdentity read = identity.verify(first);
            if (read != null && read != identity) {
                grown(read, first);
            }
        }
        seen.add(new TailPosition(identity, committed, lineNumber, rewrites, tailAt(committed)));
        FileIdentity finished = identity;
        closeChannel();
        state.finished(finished);
        // generations that were created and rotated away before the name was looked at again: rotated
        // names modified since the finished file last was (found by inode wherever it is now)
        FileTime modified = null;
        Path now = RotatedFiles.locate(path, finished);
        if (now != null) {
            try {
                modified = Files.getLastModifiedTime(now);
            } catch (IOException ignored) {
                // gone meanwhile
            }
        }
        if (modified == null) {
            modified = openedAt; // deleted: everything rotated since it was opened
        }
        // not generations but copies (copytruncate) of a file still to be read: those start with the same bytes
        List<FileIdentity> later = new java.util.ArrayList<>();
        for (Generation g : queued) {
            // as queued too: cut since (copytruncate), it no longer starts as its copy does
            later.add(g.identity());
            later.add(FileIdentity.of(new long[]{g.identity().dev(), g.identity().ino()}, g.channel()));
        }
        try (FileChannel underName = openFile(path)) {
            later.add(FileIdentity.of(FileIdentity.devIno(path), underName));
        } catch (IOException ignored) {
            // nothing under the name now
        }
        List<RotatedFiles.Candidate> missed = RotatedFiles.newerGenerations(path, finished, modified, seen, later,
                this::openFile);
        for (int i = missed.size() - 1; i >= 0; i--) {
            RotatedFiles.Candidate c = missed.get(i);
            try {
                FileChannel ch = openFile(c.path());
                queued.addFirst(new Generation(ch, FileIdentity.of(c.devIno(), ch), c.path()));
                state.rotations++;
                log.info("{}: found generation {} among the rotated names, created and rotated while {} was being read",
                        key, c.path(), finished.describe());
            } catch (IOException e) {
                log.warn("{}: cannot read the rotated generation {}: {}", key, c.path(), e.toString());
            }
        }
        state.compressedSkipped = RotatedFiles.compressedCount(path);
    }

    private void attach(FileChannel ch, FileIdentity id, Path foundAs, long offset, long lines) throws IOException {
        attach(ch, id, id, foundAs, offset, lines);
    }

    /** Reads {@code ch} from {@code offset} on, its lines keyed and positioned as lines of {@code readAs}. */
    private void attach(FileChannel ch, FileIdentity id, FileIdentity readAs, Path foundAs, long offset, long lines)
            throws IOException {
        if (cutBehindCopy) {
            // the copy of the file cut while the service was down is finished: what follows is numbered anew, as the
            // live reader numbers what follows a cut (truncated())
            cutBehindCopy = false;
            rewrites(rewrites + 1);
        }
        channel = ch;
        linesFrom = ch;
        identity = id;
        this.readAs = readAs;
        openedAs = foundAs;
        openedAt = FileTime.fromMillis(System.currentTimeMillis());
        copiesSince = modifiedOr(foundAs, openedAt);
        committed = offset;
        lineNumber = lines;
        headRead = new byte[0];
        // the bytes before where reading starts, as they are now: a copy written over this file before its first read
        // (cp over app.log.1, opened at its end) is then told from lines appended (the line ends of the file read
        // before say nothing of this one)
        TailCheck before = TailCheck.read(ch, offset);
        Arrays.fill(lineEnds, -1);
        readFrom(offset);
        if (before != TailCheck.NONE) {
            resumeCheck = before;
            rememberLineTail(offset, before);
        }
        headFingerprintFull = -1;
        checkedSize = -1;
        atEnd = false;
        lastDataNanos = nanos.getAsLong();
        renamedTo = null;
        state.reading(id, FileIdentity.firstBytes(ch));
        state.position = offset;
        state.size = ch.size();
        state.maxSizeSeen = state.size;
        state.phase = TailState.Phase.FOLLOWING;
        state.clearRefusal();
        if (id.equals(readAs)) { // a copy read in place of a cut file is found again as that file's copy, not by inode
            synchronized (persistLock) {
                FileIdentity last = attachedGenerations.isEmpty() ? null : attachedGenerations.get(attachedGenerations.size() - 1);
                if (last == null || !last.sameInode(id)) {
                    attachedGenerations.add(id);
                }
            }
        }
        progress.reached(new TailPosition(readAs, offset, lines, rewrites, before));
        // an empty file under a rotated name may yet get a copy written over it (cp app.log app.log.1), whose lines the
        // reader of app.log reads: the first bytes it gets are read only once the other readers are asked
        unreadStart |= offset == 0 && mayBecomeACopy(ch, foundAs);
        persist(false);
    }

    /** The generations newer than the acknowledged one: attached after it, then queued (under persistLock). */
    private List<FileIdentity> newerThan(FileIdentity acknowledged) {
        int at = -1;
        for (int i = attachedGenerations.size() - 1; i >= 0; i--) {
            FileIdentity g = attachedGenerations.get(i);
            if (g.sameInode(acknowledged)) {
                at = i;
                break;
            }
        }
        if (at > 0) {
            attachedGenerations.subList(0, at).clear();
            at = 0;
        }
        List<FileIdentity> next = new java.util.ArrayList<>(attachedGenerations.subList(at + 1, attachedGenerations.size()));
        for (Generation g : queued) {
            FileIdentity q = g.identity();
            boolean listed = q.sameInode(acknowledged) || next.stream().anyMatch(q::sameInode);
            if (!listed) {
                next.add(q);
            }
        }
        return next;
    }

    /** Size of an open file, or -1 (none, or closed meanwhile by the reader). */
    private static long sizeOf(FileChannel ch) {
        if (ch == null || Thread.currentThread().isInterrupted()) {
            return -1; // a FileChannel call on an interrupted thread closes the channel: the reader's file, here
        }
        try {
            return ch.size();
        } catch (IOException e) {
            return -1;
        }
    }

    private static long sizeOr0(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static FileTime modifiedOr(Path file, FileTime otherwise) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return otherwise;
        }
    }

    /** How often the file was cut or rewritten under its name: part of every line's key, shown in the status. */
    private void rewrites(long n) {
        rewrites = n;
        state.rewrites = n;
    }

    /** Forgets what was read but not handed out; the next line read is the one at {@code offset}. */
    private void readFrom(long offset) {
        // the bytes before the line read next are known (it is where a line handed out ended): checked before the
        // next chunk is taken, or a rewrite while the pipeline was full would be read on at the old offset
        resumeCheck = tailAt(offset);
        buffer.reset(offset);
        joiner.reset(offset); // a held event is read again from its first line, which is at or after offset
        records.reset(offset); // so is a partial container line, from its first record
        state.multilineHeldFrom = -1;
        tailBytes = new byte[0];
        tailBytesEnd = offset;
        Arrays.fill(lineEnds, -1);
        if (resumeCheck != TailCheck.NONE) {
            // kept for the next readFrom at the same offset: a pipeline that stays full resets here at every retry
            rememberLineTail(offset, resumeCheck);
        }
    }

    private void rememberLineTail(long endOffset) {
        rememberLineTail(endOffset, buffer.lastTail());
    }

    private void rememberLineTail(long endOffset, TailCheck tail) {
        lineEnds[lineTailNext] = endOffset;
        lineTails[lineTailNext] = tail;
        lineTailNext = (lineTailNext + 1) % lineEnds.length;
    }

    /**
     * The bytes before an event's end, from the last lines cut from the buffer (an event ends at one of the last two);
     * none when it is not among them: that position is then resumed on the first KiB and the size alone.
     */
    private TailCheck tailAt(long endOffset) {
        for (int i = 1; i <= lineEnds.length; i++) {
            int at = Math.floorMod(lineTailNext - i, lineEnds.length);
            if (lineEnds[at] == endOffset) {
                return lineTails[at];
            }
        }
        return TailCheck.NONE;
    }

    /**
     * The open file's first KiB grew: so does the identity lines are keyed by, unless they are read as another file's.
     * The other readers are told the very bytes it was verified on: read again, a copytruncate's cut in between left
     * the reader's head empty, and the glob's reader of the copy, asked to wait, read it whole (10 lines twice in CI).
     */
    private void grown(FileIdentity grown, byte[] first) {
        if (readAs == identity) {
            readAs = grown;
        }
        identity = grown;
        state.grown(grown, first);
    }

    /** The file's first bytes as read (a KiB at most): what tells a copy shorter than the fingerprint. */
    private void rememberHead(byte[] bytes, int from, int n) {
        if (buffer.readOffset() == headRead.length && headRead.length < FileIdentity.FINGERPRINT_BYTES) {
            int keep = Math.min(n, FileIdentity.FINGERPRINT_BYTES - headRead.length);
            byte[] longer = Arrays.copyOf(headRead, headRead.length + keep);
            System.arraycopy(bytes, from, longer, headRead.length, keep);
            headRead = longer;
        }
    }

    private void rememberTail(byte[] bytes, int from, int n) {
        int keep = Math.min(n, TAIL_CHECK_BYTES);
        if (keep < TAIL_CHECK_BYTES && tailBytes.length > 0) {
            // a short read: keep the end of the previous bytes too (they are contiguous)
            int old = Math.min(tailBytes.length, TAIL_CHECK_BYTES - keep);
            byte[] joined = new byte[old + keep];
            System.arraycopy(tailBytes, tailBytes.length - old, joined, 0, old);
            System.arraycopy(bytes, from + n - keep, joined, old, keep);
            tailBytes = joined;
        } else {
            tailBytes = Arrays.copyOfRange(bytes, from + n - keep, from + n);
        }
        tailBytesEnd = buffer.readOffset();
        if (state.maxSizeSeen < tailBytesEnd) {
            state.maxSizeSeen = tailBytesEnd;
        }
    }

    /** The last bytes read are still there: the file was not rewritten behind the position (identical header or not). */
    private boolean tailUnchanged() throws IOException {
        if (tailBytes.length == 0) {
            return resumeCheck.matches(channel, tailBytesEnd);
        }
        ByteBuffer now = ByteBuffer.allocate(tailBytes.length);
        long from = tailBytesEnd - tailBytes.length;
        while (now.hasRemaining()) {
            int n = channel.read(now, from + now.position());
            if (n <= 0) {
                return false;
            }
        }
        return Arrays.equals(now.array(), tailBytes);
    }

    /** Saves the position the pipeline has finished, at most every scan delay unless forced. */
    void persist(boolean force) {
        synchronized (persistLock) {
            if (progress == null) {
                return;
            }
            long now = nanos.getAsLong();
            if (!force && now - lastPersistNanos < pollNanos) {
                return;
            }
            TailPosition done = progress.acknowledged();
            if (state != null && done != null) {
                state.acknowledgedPosition = done.offset();
                state.acknowledgedLines = done.lines();
            }
            List<FileIdentity> next = done == null ? List.of() : newerThan(done.identity());
            List<FileIdentity> read = state == null ? List.of() : state.filesRead();
            if (store == null || done == null
                    || (done.equals(lastSaved) && next.equals(lastSavedNext) && read.equals(lastSavedRead))) {
                return;
            }
            lastPersistNanos = now;
            try {
                store.save(key, done, next, read);
                lastSaved = done;
                lastSavedNext = next;
                lastSavedRead = read;
                if (state.positionError != null) {
                    log.info("Read position of {} saved again in {}", key, store.directory());
                    state.positionError = null;
                }
            } catch (IOException | RuntimeException e) {
                if (state.positionError == null || now - lastPositionErrorLog >= POSITION_ERROR_LOG_EVERY_NANOS) {
                    lastPositionErrorLog = now;
                    log.error("Cannot save the read position of {} in {}: {}; reading goes on, but a restart would read "
                            + "again from the last saved position", key, store.directory(), e.toString());
                }
                state.positionError = "cannot save the read position in " + store.directory() + ": " + e;
            }
        }
    }

    private void closeForRetry() {
        if (identity != null && channel != null) {
            resume = new TailPosition(readAs, committed, lineNumber, rewrites, tailAt(committed));
        }
        closeChannel();
    }

    private void flushQuietly() {
        try {
            flushAll();
        } catch (Exception e) {
            log.debug("Unfinished last line of {} not handed out at stop: {}", key, e.toString());
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to read from it
            }
            channel = null;
        }
    }

    private void closeQueued() {
        Generation g;
        while ((g = queued.pollFirst()) != null) {
            try {
                g.channel().close();
            } catch (IOException ignored) {
                // read again from the saved position after a restart
            }
        }
    }

    private static boolean sameFile(long[] devIno, Path path) throws IOException {
        long[] again = FileIdentity.devIno(path);
        return again[0] == devIno[0] && again[1] == devIno[1];
    }

    /** Offset just after the last newline, so from=end starts at a line boundary (an unfinished line is read whole). */
    private static long lastLineEnd(FileChannel ch) throws IOException {
        long size = ch.size();
        int window = (int) Math.min(size, 64 * 1024);
        ByteBuffer tail = ByteBuffer.allocate(window);
        while (tail.hasRemaining() && ch.read(tail, size - window + tail.position()) > 0) {
            // fill
        }
        for (int i = tail.position() - 1; i >= 0; i--) {
            if (tail.get(i) == '\n') {
                return size - window + i + 1;
            }
        }
        return size <= window ? 0 : size;
    }

    /** Lines before an offset, so line numbers stay true when reading starts at the end. */
    private static long countLines(FileChannel ch, long upTo) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        long lines = 0;
        long pos = 0;
        while (pos < upTo) {
            chunk.clear();
            chunk.limit((int) Math.min(chunk.capacity(), upTo - pos));
            int n = ch.read(chunk, pos);
            if (n <= 0) {
                break;
            }
            byte[] a = chunk.array();
            for (int i = 0; i < n; i++) {
                if (a[i] == '\n') {
                    lines++;
                }
            }
            pos += n;
        }
        return lines;
    }
}
