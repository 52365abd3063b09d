package io.logwarden.tail;

import org.apache.camel.Endpoint;
import org.apache.camel.component.stream.StreamComponent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Registered as the {@code stream} component, so routes keep the documented form
 * {@code stream:file?fileName=...&scanStream=true&scanStreamDelay=...} and it becomes a tailer that
 * loses nothing and duplicates nothing. Everything else ({@code stream:in}, {@code out}, {@code err},
 * {@code header}, {@code url}, producers, {@code stream:file} without scanStream) stays Camel's.
 *
 * <p>Defects of camel-stream 4.17.0's file scan mode that this replaces (measured, see issue 3 and
 * docs/STACK.md; CAMEL-27067 fixes part of it in 4.18/4.22 only):
 * <ul>
 * <li>it always opens at offset 0 and keeps no position, so a restart replays the whole file:
 *     here positions (device, inode, fingerprint of the first KiB, byte offset, line count) are stored
 *     under {@code <data-dir>/positions/} after the lines up to them were processed, at most every second and on stop;</li>
 * <li>{@code retry} re-reads the whole file on every scan, with {@code fileWatcher} on every append:
 *     here both are unnecessary and ignored;</li>
 * <li>without {@code retry} it stays on a renamed file and never reads the new one, mis-reads after
 *     copytruncate (old offset, lost lines, a fragment from mid-line) and never opens a file missing at start:
 *     here rename/delete-and-create and repointed symlinks finish the old file then read the new one from
 *     its start, a truncated file is read again from byte 0 with no fragment, a late file is read when it appears;</li>
 * <li>a line written in two pieces comes out as two messages: here only whole lines are handed out; an
 *     unterminated last line after {@code quietPeriod} ms of silence;</li>
 * <li>{@code scanStreamDelay} defaults to 0 and spins a core while idle: here 0 means 250 ms and an idle
 *     file costs one stat, one size and one 1 KiB read per poll;</li>
 * <li>any read error ends the reader thread while the route still shows as started: here errors are
 *     retried with backoff (100 ms doubling to 30 s) and shown in status and the {@code tailing} health check.</li>
 * </ul>
 * Invalid UTF-8 becomes U+FFFD and a line over {@code maxLineLength} bytes is cut and counted.
 *
 * <p>Followed files share a small pool of reader threads ({@code readerThreads}, named
 * {@value #READER_THREAD_NAME}): a file takes a turn while it has data (at most 50 ms, then the next busy
 * file's turn), and an idle one is looked at once per scan delay, so hundreds of files cost a few threads.
 * A change its directory reports (inotify) wakes the file's reader at once ({@code watchChanges}), so a line
 * written to an idle file waits for no scan; the scan still finds whatever a notification misses.
 */
public class TailingStreamComponent extends StreamComponent {

    private static final Logger log = LoggerFactory.getLogger(TailingStreamComponent.class);
    /** The name Camel gives the reader threads ("Camel (ctx) thread #N - LogwardenTail"). */
    public static final String READER_THREAD_NAME = "LogwardenTail";
    private TailRegistry registry = new TailRegistry(null);
    private PositionStore positionStore;
    private LineAcks lineAcks = new LineAcks();
    private OpenGuard openGuard = NO_GUARD;
    private final Set<FileTailConsumer> readers = ConcurrentHashMap.newKeySet();
    private Duration drainTimeout = Duration.ofSeconds(30);
    private int maxLinesInFlight = 10_000;
    private long quietPeriod = 2000;
    private long rotateWait = 5000;
    private int maxLineLength = 64 * 1024;
    private java.util.List<TailSource> sources = java.util.List.of();
    private volatile boolean readingStopped;
    private int readerThreads = 8;
    private ScheduledExecutorService readerPool;
    private boolean watchChanges = true;
    private FileChangeWatcher watcher;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        TailingStreamEndpoint endpoint = new TailingStreamEndpoint(uri, this);
        endpoint.setKind(remaining);
        endpoint.setStartFrom(getAndRemoveParameter(parameters, "startFrom", String.class, "beginning"));
        endpoint.setQuietPeriod(getAndRemoveParameter(parameters, "quietPeriod", Long.class, quietPeriod));
        endpoint.setMaxLineLength(getAndRemoveParameter(parameters, "maxLineLength", Integer.class, maxLineLength));
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** The threads every followed file takes its turns on, created with the first reader. */
    synchronized ScheduledExecutorService readerPool() {
        if (readerPool == null) {
            readerPool = getCamelContext().getExecutorServiceManager()
                    .newScheduledThreadPool(this, READER_THREAD_NAME, readerThreads);
        }
        return readerPool;
    }

    /**
     * Wakes a reader when its file's directory reports a change to the name (null when watching is off or the
     * file system offers no notifications: the scan delay alone paces the reader then).
     */
    synchronized FileChangeWatcher.Registration watchChanges(Path file, Runnable wake) {
        if (!watchChanges) {
            return null;
        }
        if (watcher == null) {
            try {
                watcher = new FileChangeWatcher(READER_THREAD_NAME + " change watch");
            } catch (IOException | RuntimeException e) {
                log.warn("File changes cannot be watched ({}); followed files are looked at every scan delay only", e.toString());
                watchChanges = false;
                return null;
            }
        }
        return watcher.watch(file, wake);
    }

    public boolean isWatchChanges() {
        return watchChanges;
    }

    /** Whether readers are woken by file change notifications (logwarden.tail.watch-changes), besides the scan. */
    public void setWatchChanges(boolean watchChanges) {
        this.watchChanges = watchChanges;
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        synchronized (this) {
            if (watcher != null) {
                watcher.close();
                watcher = null;
            }
            if (readerPool != null) {
                getCamelContext().getExecutorServiceManager().shutdownNow(readerPool);
                readerPool = null;
            }
        }
    }

    public int getReaderThreads() {
        return readerThreads;
    }

    /** Threads shared by all followed files (logwarden.tail.reader-threads); takes effect for a pool not yet created. */
    public void setReaderThreads(int readerThreads) {
        if (readerThreads < 1) {
            throw new IllegalArgumentException("reader-threads must be at least 1, got " + readerThreads);
        }
        this.readerThreads = readerThreads;
    }

    void readerStarted(FileTailConsumer reader) {
        readers.add(reader);
    }

    void readerStopped(FileTailConsumer reader) {
        readers.remove(reader);
    }

    /** Checks a file each time the reader opens it; returns the path to open (its real path). */
    @FunctionalInterface
    public interface OpenGuard {
        Path checkOpen(Path path) throws IOException;
    }

    /** No check: plain Camel contexts and benchmarks that have no allowed roots. */
    public static final OpenGuard NO_GUARD = path -> path;

    /**
     * Called before every open of a followed file or one of its rotated generations (the allowed-roots
     * check); returns the real path to open, so a symlink swapped in after the check is not followed.
     */
    Path checkOpen(Path file) throws IOException {
        return openGuard.checkOpen(file);
    }

    /** The check run before every open; it throws {@link PathNotAllowedException} to refuse the file. */
    public void setOpenGuard(OpenGuard openGuard) {
        this.openGuard = openGuard == null ? NO_GUARD : openGuard;
    }

    public Duration getDrainTimeout() {
        return drainTimeout;
    }

    /** How long a stopping reader waits for the lines it handed out to be finished before it saves its position. */
    public void setDrainTimeout(Duration drainTimeout) {
        this.drainTimeout = drainTimeout;
    }

    public int getMaxLinesInFlight() {
        return maxLinesInFlight;
    }

    /** Lines of one file handed to the pipeline and not finished yet, at most; the reader waits beyond it. */
    public void setMaxLinesInFlight(int maxLinesInFlight) {
        if (maxLinesInFlight < 1) {
            throw new IllegalArgumentException("max-lines-in-flight must be at least 1, got " + maxLinesInFlight);
        }
        this.maxLinesInFlight = maxLinesInFlight;
    }

    public LineAcks getLineAcks() {
        return lineAcks;
    }

    public void setLineAcks(LineAcks lineAcks) {
        this.lineAcks = lineAcks;
    }

    /**
     * First step of an orderly stop: every reader stops handing out lines (the line in hand finishes).
     * The routes stay up so what was read goes on through scoring, storage and broadcast.
     */
    public void stopReading(Duration timeout) {
        readingStopped = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        for (FileTailConsumer reader : readers) {
            try {
                reader.stopReading(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Whether {@link #stopReading} ran (shutdown): no new file may be followed any more. */
    public boolean isReadingStopped() {
        return readingStopped;
    }

    /** Lines handed to the pipeline by all readers and not finished yet. */
    public int linesInFlight() {
        int sum = 0;
        for (FileTailConsumer reader : readers) {
            sum += reader.inFlight();
        }
        return sum;
    }

    /** Saves every reader's position: exactly the last line before the first one the pipeline has not finished. */
    public void saveAcknowledgedPositions() {
        for (FileTailConsumer reader : readers) {
            reader.persist(true);
            log.debug("Saved the position of {}", reader.key());
        }
    }

    public TailRegistry getRegistry() {
        return registry;
    }

    public void setRegistry(TailRegistry registry) {
        this.registry = registry;
    }

    public PositionStore getPositionStore() {
        return positionStore;
    }

    /** Where read positions are kept; without one they live only as long as the consumer object. */
    public void setPositionsDirectory(Path directory) {
        this.positionStore = directory == null ? null : new PositionStore(directory);
    }

    public void setPositionStore(PositionStore positionStore) {
        this.positionStore = positionStore;
    }

    /** Milliseconds a file its name no longer names must have been quiet before its reader leaves it. */
    public long getRotateWait() {
        return rotateWait;
    }

    public void setRotateWait(long rotateWait) {
        if (rotateWait < 0) {
            throw new IllegalArgumentException("rotateWait must be >= 0 ms, got " + rotateWait);
        }
        this.rotateWait = rotateWait;
    }

    public long getQuietPeriod() {
        return quietPeriod;
    }

    public void setQuietPeriod(long quietPeriod) {
        this.quietPeriod = quietPeriod;
    }

    /** The first configured source matching the file decides how its lines are joined; none: line by line. */
    MultilineSettings multilineFor(Path file) {
        for (TailSource source : sources) {
            if (source.matches(file)) {
                return source.multiline();
            }
        }
        return null;
    }

    /** The first configured source matching the file decides its format; none: plain lines. */
    io.logwarden.parse.ContainerLogFormat formatFor(Path file) {
        for (TailSource source : sources) {
            if (source.matches(file)) {
                return io.logwarden.parse.ContainerLogFormat.of(source.format());
            }
        }
        return io.logwarden.parse.ContainerLogFormat.PLAIN;
    }

    public java.util.List<TailSource> getSources() {
        return sources;
    }

    /** Per-file reading settings (logwarden.tail.sources), looked up by path when a reader starts. */
    public void setSources(java.util.List<TailSource> sources) {
        this.sources = sources == null ? java.util.List.of() : java.util.List.copyOf(sources);
    }

    public int getMaxLineLength() {
        return maxLineLength;
    }

    public void setMaxLineLength(int maxLineLength) {
        this.maxLineLength = maxLineLength;
    }
}
