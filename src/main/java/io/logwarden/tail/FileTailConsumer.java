package io.logwarden.tail;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.stream.StreamConstants;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The reader behind {@code stream:file?scanStream=true}: one thread per file that hands each whole
 * line to the route synchronously, then records how far processing got (see {@link TailingStreamComponent}
 * for what it fixes in Camel 4.17's consumer).
 *
 * <p>Every time it reaches the end of the data it checks, cheaply (one stat, one size, one read of the
 * first KiB): does the name still point at the open file (rename-and-create, delete-and-recreate,
 * symlink repointed), is the file shorter than what was read or does it start differently (copytruncate,
 * truncation, rewrite)? Then it sleeps {@code scanStreamDelay} ms. While data flows it never sleeps.
 */
final class FileTailConsumer extends DefaultConsumer implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(FileTailConsumer.class);
    private static final long PERSIST_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 30_000;

    /** Thrown from the line sink when the route is stopping, to leave the current chunk without committing. */
    private static final class Stopping extends RuntimeException {
        Stopping() {
            super("stopping", null, false, false);
        }
    }

    private static final Stopping STOPPING = new Stopping();

    private final TailingStreamEndpoint endpoint;
    private final Path path;
    private final String key;
    private final TailRegistry registry;
    private final PositionStore store;
    private final long pollNanos;
    private final long quietNanos;
    private final boolean startAtEnd;
    private final LineBuffer buffer;
    private final LineBuffer.Sink sink = this::onLine;
    private final TailingStreamComponent.OpenGuard guard;

    private volatile boolean running;
    private volatile Thread reader;
    private ExecutorService executor;
    private CountDownLatch finished;

    // reader thread only
    private TailState state;
    private FileChannel channel;
    private FileIdentity identity;
    private long committed;
    private long lineNumber;
    private boolean dirty;
    private long lastPersistNanos;
    private long lastDataNanos;
    private TailPosition resume;
    private TailPosition lastRun; // where the previous run of this consumer ended, when positions are not stored
    private boolean firstLook;
    private boolean atEnd;

    FileTailConsumer(TailingStreamEndpoint endpoint, Processor processor, TailRegistry registry, PositionStore store,
                     TailingStreamComponent.OpenGuard guard) {
        super(endpoint, processor);
        this.guard = guard;
        this.endpoint = endpoint;
        this.path = Path.of(endpoint.getFileName()).toAbsolutePath().normalize();
        this.key = path.toString();
        this.registry = registry;
        this.store = store;
        long delay = endpoint.getScanStreamDelay() > 0 ? endpoint.getScanStreamDelay() : TailingStreamEndpoint.DEFAULT_POLL_MS;
        this.pollNanos = TimeUnit.MILLISECONDS.toNanos(delay);
        this.quietNanos = TimeUnit.MILLISECONDS.toNanos(endpoint.getQuietPeriod());
        this.startAtEnd = StartFrom.parse(endpoint.getStartFrom()) == StartFrom.END;
        this.buffer = new LineBuffer(endpoint.getMaxLineLength());
    }

    TailState state() {
        return state;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        state = registry.register(key);
        resume = store == null ? lastRun : store.load(key).orElse(null);
        firstLook = true;
        running = true;
        try {
            // open in the starting thread: once the route has started, the file it names is held, so a
            // rotation right after start-up cannot slip between "started" and the reader's first look
            open();
        } catch (IOException e) {
            closeForRetry(); // the reader thread retries with backoff and reports it
            state.error(e + " (retrying)");
        }
        finished = new CountDownLatch(1);
        executor = endpoint.getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, "LogwardenTail " + key);
        executor.execute(this);
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        Thread t = reader;
        if (t != null) {
            LockSupport.unpark(t);
        }
        if (finished != null && !finished.await(30, TimeUnit.SECONDS)) {
            log.warn("The reader of {} did not finish within 30 s; its last position may be up to 1 s old", key);
        }
        if (executor != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdownNow(executor);
            executor = null;
        }
        if (state != null) {
            state.phase = TailState.Phase.STOPPED;
            registry.unregister(key, state);
        }
        super.doStop();
    }

    @Override
    public void run() {
        reader = Thread.currentThread();
        state.readerThreadId = reader.getId();
        long backoffMs = 0;
        try {
            while (running) {
                boolean busy;
                try {
                    busy = step();
                    if (backoffMs > 0 && channel != null) {
                        log.info("Reading {} again after {} failed attempt(s)", key, state.consecutiveErrors);
                        state.consecutiveErrors = 0;
                        backoffMs = 0;
                    }
                } catch (Stopping e) {
                    break;
                } catch (IOException | RuntimeException e) {
                    backoffMs = backoffMs == 0 ? MIN_BACKOFF_MS : Math.min(backoffMs * 2, MAX_BACKOFF_MS);
                    state.error(e + " (retrying in " + backoffMs + " ms, position " + committed + " kept)");
                    log.warn("Cannot read {}: {}; retrying in {} ms from byte {}", key, e.toString(), backoffMs, committed);
                    closeForRetry();
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoffMs));
                    continue;
                }
                if (!busy && running) {
                    LockSupport.parkNanos(pollNanos);
                }
            }
        } finally {
            try {
                if (store == null && running == false && channel != null) {
                    // no position to resume from: hand out the unfinished last line rather than lose it
                    flushQuietly();
                }
                persist(true);
                if (identity != null) {
                    lastRun = new TailPosition(identity, committed, lineNumber);
                }
            } finally {
                closeChannel();
                reader = null;
                finished.countDown();
            }
        }
    }

    /** One read, or one look at the file when there is nothing to read. Returns whether it made progress. */
    private boolean step() throws IOException {
        if (channel == null && !open()) {
            return false;
        }
        long now = System.nanoTime();
        if (atEnd) {
            // the reader slept: before reading on, make sure the bytes after the position still belong to
            // the same file (a truncate-and-rewrite larger than the position would otherwise be read mid-line)
            if (checkFile(now)) {
                atEnd = false;
                return true;
            }
            if (channel == null) {
                return false;
            }
        }
        ByteBuffer space = buffer.space();
        int n = channel.read(space, buffer.readOffset());
        if (n > 0) {
            atEnd = false;
            buffer.filled(n);
            buffer.drain(sink);
            lastDataNanos = now;
            state.phase = TailState.Phase.FOLLOWING;
            if (buffer.readOffset() > state.size) {
                state.size = buffer.readOffset();
            }
            persist(false);
            return true;
        }
        atEnd = true;
        if (buffer.hasPartial() && now - lastDataNanos >= quietNanos) {
            buffer.flush(sink); // nothing more came: the writer meant this unterminated line as it is
        }
        persist(false);
        return false;
    }

    private void onLine(String text, boolean truncated, long endOffset) {
        if (!running) {
            throw STOPPING;
        }
        long number = lineNumber + 1;
        Exchange exchange = createExchange(false);
        Message in = exchange.getIn();
        in.setBody(text);
        in.setHeader(TailHeaders.LINE_NUMBER, number);
        in.setHeader(StreamConstants.STREAM_INDEX, number - 1);
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("Error processing line " + number + " of " + key, exchange,
                        exchange.getException());
            }
            releaseExchange(exchange, false);
        }
        // processed (or failed for good, reported above): never hand this line out again
        lineNumber = number;
        committed = endOffset;
        dirty = true;
        state.position = endOffset;
        state.linesRead++;
        if (truncated) {
            state.linesTruncated++;
        }
        if (store != null && System.nanoTime() - lastPersistNanos >= PERSIST_EVERY_NANOS) {
            persist(false);
        }
    }

    /**
     * Opens the file to read: the one the known position belongs to (found under the name, or renamed
     * next to it while the service was down), else whatever the name points to now.
     */
    private boolean open() throws IOException {
        boolean routeStart = firstLook;
        firstLook = false;
        if (resume != null) {
            TailPosition known = resume;
            resume = null;
            if (openKnown(known)) {
                return true;
            }
            routeStart = false; // the name now holds a file never read: all of it is new
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
        // issue 11: every open is checked against the allowed roots, and the checked real path is what gets opened
        FileChannel ch = FileChannel.open(checkOpen(path), StandardOpenOption.READ);
        if (!sameFile(devIno, path)) {
            ch.close(); // rotated between the look and the open: look again
            return false;
        }
        FileIdentity id = FileIdentity.of(devIno, ch);
        long offset = 0;
        long lines = 0;
        if (routeStart && startAtEnd) {
            offset = lastLineEnd(ch);
            lines = countLines(ch, offset);
        }
        attach(ch, id, offset, lines);
        log.info("Reading {} ({}) from byte {}{}", key, id.describe(), offset,
                routeStart && startAtEnd ? " (its end, as from=end asks)" : "");
        return true;
    }

    private boolean openKnown(TailPosition known) throws IOException {
        Path candidate = locate(known.identity());
        if (candidate == null) {
            log.info("{}: the file last read ({}) is gone; reading what the name holds now from its start",
                    key, known.identity().describe());
            return false;
        }
        FileChannel ch = FileChannel.open(checkOpen(candidate), StandardOpenOption.READ);
        FileIdentity verified = known.identity().verify(ch);
        if (verified == null || ch.size() < known.offset()) {
            ch.close();
            log.info("{}: the file last read was truncated or rewritten; reading it from its start", key);
            return false;
        }
        attach(ch, verified, known.offset(), known.lines());
        if (candidate.equals(path)) {
            log.info("Resuming {} at byte {} (line {})", key, known.offset(), known.lines());
        } else {
            log.info("Resuming {} in its rotated copy {} at byte {}, then its new file", key, candidate, known.offset());
        }
        return true;
    }

    /** The allowed-roots check of issue 11; a refusal is counted, shown in the file's status and logged (WARN, by the retry loop). */
    private Path checkOpen(Path file) throws IOException {
        try {
            return guard.checkOpen(file);
        } catch (PathNotAllowedException e) {
            state.refused++;
            throw e;
        }
    }

    /** The name itself if it still is that file, else a sibling with the same device and inode. */
    private Path locate(FileIdentity id) throws IOException {
        try {
            if (id.sameInode(FileIdentity.devIno(path))) {
                return path;
            }
        } catch (NoSuchFileException ignored) {
            // renamed away and not recreated: look among the siblings
        }
        Path dir = path.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return null;
        }
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(dir)) {
            for (Path sibling : siblings) {
                try {
                    if (Files.isRegularFile(sibling) && id.sameInode(FileIdentity.devIno(sibling))) {
                        return sibling;
                    }
                } catch (IOException ignored) {
                    // vanished while listing
                }
            }
        }
        return null;
    }

    /**
     * At the end of the data: has the name moved on to another file, or has the file been cut?
     * Returns true when it switched (there may be data to read right away).
     */
    private boolean checkFile(long now) throws IOException {
        long size = channel.size();
        state.size = size;
        long[] devIno;
        try {
            devIno = FileIdentity.devIno(path);
        } catch (NoSuchFileException e) {
            devIno = null;
        }
        if (devIno != null && !identity.sameInode(devIno)) {
            finishOldFile();
            state.rotations++;
            log.info("{} now names another file (rotated, recreated or symlink repointed); finished the old one at byte {}, "
                    + "reading the new one from its start", key, committed);
            return open();
        }
        if (devIno == null) {
            // deleted or renamed away: a writer may still append to the open file for a moment
            if (now - lastDataNanos >= Math.max(quietNanos, pollNanos)) {
                finishOldFile();
                state.phase = TailState.Phase.WAITING_FOR_FILE;
                log.info("{} was removed; finished it at byte {}, waiting for a new file under that name", key, committed);
            }
            return false;
        }
        FileIdentity verified = size < buffer.readOffset() ? null : identity.verify(channel);
        if (verified == null) {
            state.truncations++;
            log.info("{} was truncated or rewritten from its start (size {} below read position {}, or new first bytes); "
                    + "reading it from byte 0", key, size, buffer.readOffset());
            attach(channel, FileIdentity.of(devIno, channel), 0, 0);
            return true;
        }
        if (verified != identity) {
            identity = verified;
            state.identity = verified;
            dirty = true;
        }
        return false;
    }

    /** Reads whatever is left in the open file, hands out its unterminated last line, and closes it. */
    private void finishOldFile() throws IOException {
        while (true) {
            ByteBuffer space = buffer.space();
            int n = channel.read(space, buffer.readOffset());
            if (n <= 0) {
                break;
            }
            buffer.filled(n);
            buffer.drain(sink);
        }
        buffer.flush(sink);
        persist(true);
        closeChannel();
    }

    private void attach(FileChannel ch, FileIdentity id, long offset, long lines) throws IOException {
        channel = ch;
        identity = id;
        committed = offset;
        lineNumber = lines;
        buffer.reset(offset);
        atEnd = false;
        dirty = true;
        lastDataNanos = System.nanoTime();
        state.identity = id;
        state.position = offset;
        state.size = ch.size();
        state.phase = TailState.Phase.FOLLOWING;
        persist(false);
    }

    private void persist(boolean force) {
        if (store == null || !dirty || identity == null) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastPersistNanos < PERSIST_EVERY_NANOS) {
            return;
        }
        try {
            store.save(key, new TailPosition(identity, committed, lineNumber));
            dirty = false;
            lastPersistNanos = now;
        } catch (IOException e) {
            lastPersistNanos = now; // try again in a second, not on every line
            log.warn("Could not save the read position of {} in {}: {}", key, store.directory(), e.toString());
        }
    }

    private void closeForRetry() {
        if (identity != null) {
            resume = new TailPosition(identity, committed, lineNumber);
        }
        closeChannel();
    }

    private void flushQuietly() {
        try {
            buffer.flush(sink);
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
