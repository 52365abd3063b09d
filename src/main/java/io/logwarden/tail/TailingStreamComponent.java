package io.logwarden.tail;

import org.apache.camel.Endpoint;
import org.apache.camel.component.stream.StreamComponent;

import java.nio.file.Path;
import java.util.Map;

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
 */
public class TailingStreamComponent extends StreamComponent {

    /** Checks a file each time the reader opens it; returns the path to open (its real path). */
    @FunctionalInterface
    public interface OpenGuard {
        Path checkOpen(Path path) throws java.io.IOException;
    }

    /** No check: plain Camel contexts and benchmarks that have no allowed roots. */
    public static final OpenGuard NO_GUARD = path -> path;

    private TailRegistry registry = new TailRegistry(null);
    private PositionStore positionStore;
    private long quietPeriod = 2000;
    private int maxLineLength = 64 * 1024;
    private OpenGuard openGuard = NO_GUARD;

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

    public OpenGuard getOpenGuard() {
        return openGuard;
    }

    /** Called with every file the readers open (first open, rotation, recreate, resume): see AllowedRoots#checkOpen. */
    public void setOpenGuard(OpenGuard openGuard) {
        this.openGuard = openGuard == null ? NO_GUARD : openGuard;
    }

    public long getQuietPeriod() {
        return quietPeriod;
    }

    public void setQuietPeriod(long quietPeriod) {
        this.quietPeriod = quietPeriod;
    }

    public int getMaxLineLength() {
        return maxLineLength;
    }

    public void setMaxLineLength(int maxLineLength) {
        this.maxLineLength = maxLineLength;
    }
}
