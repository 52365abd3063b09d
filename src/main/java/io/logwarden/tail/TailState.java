package io.logwarden.tail;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Live state of one tailed file, written by its reader thread and read by status, health and metrics.
 * Fields are volatile (one writer), so readers see recent values without locking the reader.
 */
public final class TailState {

    /** What the reader is doing now. */
    public enum Phase { STARTING, FOLLOWING, WAITING_FOR_FILE, RETRYING, REFUSED, STOPPED }

    private final String path;
    volatile Phase phase = Phase.STARTING;
    volatile FileIdentity identity;
    volatile long position;
    volatile long size;
    volatile long linesRead;
    volatile long linesTruncated;
    volatile long rotations;
    volatile long truncations;
    /** Cuts and rewrites of the file under its name since it was first followed (part of each line's alert key). */
    volatile long rewrites;
    volatile String lastError;
    volatile Instant lastErrorAt;
    volatile int consecutiveErrors;
    volatile long readerThreadId = -1;
    /** Opens refused because the file resolved outside the allowed roots (issue 11). */
    volatile long refused;
    volatile long maxSizeSeen;
    volatile long bytesLostTruncated;
    volatile int compressedSkipped;
    volatile long copiesRead;
    volatile long waitsForPipeline;
    /** Times a line was handed out and not taken (LineNotDelivered: the agent's broker unreachable) and kept. */
    volatile long linesNotDelivered;
    /** Events of more than one line (multiline setting), and events cut by its max-lines or max-bytes. */
    volatile long multilineEvents;
    volatile long multilineSplit;
    /** Offset of the first line of the event being joined (read, not handed out yet), or -1. */
    volatile long multilineHeldFrom = -1;
    /** Lines of a cri/docker source that were not records of that format (passed on as they are). */
    volatile long containerUndecodable;
    volatile String format = "plain";
    volatile Map<String, String> labels = Map.of();
    /** While the file being read is one its name no longer names: when it is left unless more is written (else null). */
    volatile Instant rotateWaitUntil;
    volatile long acknowledgedPosition;
    volatile long acknowledgedLines;
    volatile String positionError;
    volatile ReadProgress progress;
    /** The reader's open files, asked for their size at each look (null while it has none). */
    volatile OpenFiles openFiles;

    /** What the reader holds open: the file being read and the newer generations waiting their turn. */
    interface OpenFiles {
        /** Size of the file being read now, or -1 when none is open. */
        long readingSize();

        /** Bytes of the newer generations opened and waiting until the file being read is finished. */
        long queuedBytes();

        /** Up to {@code length} bytes of the file being read (not a copy drained) from {@code offset}, or null. */
        byte[] readingBytes(long offset, int length);

        /** The newer generations opened and waiting, as they were when opened (their first bytes then). */
        default java.util.List<FileIdentity> queuedGenerations() {
            return java.util.List.of();
        }
    }

    public TailState(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }

    public Phase phase() {
        return phase;
    }

    public long position() {
        return position;
    }

    /**
     * Size of the file being read, asked now: the size the reader last saw lags behind while it is busy (it
     * is taken at the end of the data and between chunks, neither of which comes while the pipeline is full).
     */
    public long size() {
        OpenFiles files = openFiles;
        long now = files == null ? -1 : files.readingSize();
        return now >= 0 ? now : size;
    }

    /** Bytes not handed to the pipeline yet: the rest of the file being read, plus the generations queued after it. */
    public long lag() {
        OpenFiles files = openFiles;
        return Math.max(0, size() - position) + (files == null ? 0 : files.queuedBytes());
    }

    /** While the reader waits on a file its name no longer names (rotate wait): when it moves on, else null. */
    public Instant rotateWaitUntil() {
        return rotateWaitUntil;
    }

    public long linesRead() {
        return linesRead;
    }

    public long linesTruncated() {
        return linesTruncated;
    }

    public long rotations() {
        return rotations;
    }

    public long truncations() {
        return truncations;
    }

    public long rewrites() {
        return rewrites;
    }

    public long copiesRead() {
        return copiesRead;
    }

    public String lastError() {
        return lastError;
    }

    /** Offset of the first line of the event being joined, or -1: no saved position passes it. */
    public long multilineHeldFrom() {
        return multilineHeldFrom;
    }

    public long multilineEvents() {
        return multilineEvents;
    }

    public long refused() {
        return refused;
    }

    public long readerThreadId() {
        return readerThreadId;
    }

    public boolean failing() {
        return phase == Phase.RETRYING;
    }

    /** Read on, but something an operator must fix: the position cannot be saved, or the name is not a regular file. */
    public boolean degraded() {
        return positionError != null || phase == Phase.REFUSED;
    }

    public String positionError() {
        return positionError;
    }

    /** Times a line was not taken by its destination (the agent's Kafka broker) and kept to be sent again. */
    public long linesNotDelivered() {
        return linesNotDelivered;
    }

    /** Lines handed to the pipeline and not finished yet (scoring, alert storage, broadcast hand-off). */
    public int linesInFlight() {
        ReadProgress p = progress;
        return p == null ? 0 : p.inFlight();
    }

    void refuse(String message) {
        lastError = message;
        lastErrorAt = Instant.now();
        phase = Phase.REFUSED;
    }

    /** Files this reader has read (their identities as last known), newest last: enough to know a rotated generation. */
    private final java.util.List<FileIdentity> filesRead = new java.util.ArrayList<>();

    /** Files remembered in {@link #filesRead}: a rotation keeps a few generations under numbered names. */
    static final int FILES_REMEMBERED = 16;

    /** The first bytes (a KiB at most) of the file the reader reads now, to tell a copy of it being written. */
    private byte[] head = new byte[0];

    /** The reader opened this file (its first generation, the next one after a rotation, or a copytruncate copy). */
    synchronized void read(FileIdentity file) {
        filesRead.removeIf(f -> f.sameInode(file));
        filesRead.add(file);
        while (filesRead.size() > FILES_REMEMBERED) {
            filesRead.remove(0);
        }
    }

    /** The files read, oldest first: saved with the position, so a restarted reader still knows them. */
    synchronized java.util.List<FileIdentity> filesRead() {
        return java.util.List.copyOf(filesRead);
    }

    /** Files read before a restart ({@link #filesRead}), known again before the reader opens any. */
    synchronized void readBefore(java.util.List<FileIdentity> files) {
        files.forEach(this::read);
    }

    /**
     * The reader reads this file now, which starts with {@code firstBytes}: read after its identity, so a cut in
     * between gives bytes it does not start with; the head is then unknown until the reader sees the cut, and a
     * rotated name that may be its copy waits meanwhile.
     */
    synchronized void reading(FileIdentity file, byte[] firstBytes) {
        identity = file;
        head = file.startOf(firstBytes) ? firstBytes : null;
        read(file);
    }

    /**
     * The reader finished the file it read (read to its end, its name gone on to another): it no longer reads it, and
     * tells the others it has read it. A finished file still shown as read now kept the reader of its new name
     * waiting for a reader that was itself waiting: replaying a tester's mix of rotations, the readers of app.log,
     * app.log.1 and app.log.2 waited on each other for good.
     */
    synchronized void finished(FileIdentity file) {
        if (identity != null && identity.sameInode(file)) {
            read(identity);
            identity = null;
            head = new byte[0];
        }
    }

    /** The open file's first KiB grew: what tells it apart from another file under a recycled inode grows too. */
    synchronized void grown(FileIdentity file, byte[] firstBytes) {
        identity = file;
        head = firstBytes;
        filesRead.replaceAll(f -> f.sameInode(file) ? file : f);
    }

    /**
     * What this reader knows of a file another reader is about to read from its start ({@code devIno}, first bytes
     * {@code firstBytes}, found as {@code file}): it follows that file under its own name now, or drains it (a
     * generation rotated away from its name); it has read it (same inode and still starting with the bytes it
     * had: ext4 and tmpfs hand a freed inode to the next new file); or the file has one of its rotated names and
     * starts with the bytes of the file it reads now, or is too short yet to tell (copytruncate's copy of it, maybe
     * still being written, whose lines this reader reads under its own name, or from the copy once it sees the
     * cut). An unrelated file that starts alike under another name is not kept waiting.
     */
    synchronized ReaderClaim.Kind claimOf(ReaderClaim.Candidate candidate) {
        long[] devIno = candidate.devIno();
        byte[] firstBytes = candidate.head();
        FileIdentity now = identity;
        if (now != null && now.sameInode(devIno)) {
            return underItsName(devIno) ? ReaderClaim.Kind.FOLLOWED : ReaderClaim.Kind.READING;
        }
        if (now == null && phase == Phase.STARTING && RotatedFiles.isRotatedName(Path.of(path), candidate.file())) {
            // just started (a restart): it may resume in this very file, or read its copy; wait until it has opened
            return ReaderClaim.Kind.READING;
        }
        for (FileIdentity f : filesRead) {
            if (f.sameInode(devIno) && f.fingerprintLength() > 0 && f.startOf(firstBytes)) {
                return ReaderClaim.Kind.READ;
            }
        }
        if (now != null && RotatedFiles.isRotatedName(Path.of(path), candidate.file()) && startsAlike(firstBytes)
                && copyOfWhatIsRead(candidate)) {
            return ReaderClaim.Kind.COPY_OF_READING;
        }
        if (copyOfQueued(candidate)) {
            return ReaderClaim.Kind.COPY_OF_READING;
        }
        return ReaderClaim.Kind.NONE;
    }

    /**
     * Whether a file that starts like the one read now is a copy of it: empty yet; or the file read now no longer
     * starts so (cut, and the reader has not seen it yet: the candidate may hold the lines after its position); or
     * it is a prefix of that file, ending with the bytes that file has there. A black-box tester's unrelated file
     * with the same 1.1 KiB banner, named app.log.1, was never read while it waited for a cut.
     */
    private boolean copyOfWhatIsRead(ReaderClaim.Candidate candidate) {
        OpenFiles files = openFiles;
        if (candidate.size() == 0 || files == null || head == null) {
            return true;
        }
        byte[] start = files.readingBytes(0, head.length);
        if (start == null || !Arrays.equals(start, head)) {
            return true;
        }
        byte[] tail = candidate.tail();
        byte[] there = files.readingBytes(candidate.size() - tail.length, tail.length);
        if (there != null && Arrays.equals(there, tail)) {
            return true;
        }
        // cut between the two reads (copytruncate truncates right after it copies): the start no longer matches
        // either, and the candidate may hold the lines after the reader's position
        byte[] startNow = files.readingBytes(0, head.length);
        return startNow == null || !Arrays.equals(startNow, head);
    }

    /**
     * A rotated name that starts like a generation this reader has opened and still has to read: copytruncate's copy
     * of it, cut before the reader got to it, whose lines this reader reads from the copy when it does. Replaying a tester's
     * mix, the reader of app.log.1 read such a copy from its start while the reader of app.log was still on the generation
     * before, which then read the same lines from the copy again.
     */
    private boolean copyOfQueued(ReaderClaim.Candidate candidate) {
        OpenFiles files = openFiles;
        if (files == null || !RotatedFiles.isRotatedName(Path.of(path), candidate.file())) {
            return false;
        }
        for (FileIdentity queued : files.queuedGenerations()) {
            if (!queued.sameInode(candidate.devIno()) && queued.fingerprintLength() > 0 && queued.startOf(candidate.head())) {
                return true;
            }
        }
        return false;
    }

    /** Nothing yet, or the same bytes as the file read now as far as both go (or those are not known yet). */
    private boolean startsAlike(byte[] other) {
        if (other.length == 0 || head == null) {
            return true;
        }
        int common = Math.min(other.length, head.length);
        return common > 0 && Arrays.equals(other, 0, common, head, 0, common);
    }

    private boolean underItsName(long[] devIno) {
        try {
            long[] named = FileIdentity.devIno(Path.of(path));
            return named[0] == devIno[0] && named[1] == devIno[1];
        } catch (IOException e) {
            return false; // renamed away, not created again yet: what it reads is a rotated generation
        }
    }

    void clearRefusal() {
        if (lastError != null && consecutiveErrors == 0) {
            lastError = null;
        }
    }

    void error(String message) {
        lastError = message;
        lastErrorAt = Instant.now();
        consecutiveErrors++;
        phase = Phase.RETRYING;
    }

    /** The status object shown per file under "tail" in GET /api/v1/streaming/status and in health details. */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("state", phase.name().toLowerCase(java.util.Locale.ROOT));
        FileIdentity id = identity;
        if (id != null) {
            Map<String, Object> identityMap = new LinkedHashMap<>();
            identityMap.put("dev", id.dev());
            identityMap.put("inode", id.ino());
            identityMap.put("fingerprint", Long.toHexString(id.fingerprint()));
            identityMap.put("fingerprint_bytes", id.fingerprintLength());
            d.put("identity", identityMap);
        }
        d.put("position", position);
        d.put("size", size());
        d.put("lag_bytes", lag());
        d.put("rotate_wait_until", rotateWaitUntil);
        d.put("rotations", rotations);
        d.put("truncations", truncations);
        d.put("rewrites", rewrites);
        d.put("lines_read", linesRead);
        d.put("lines_truncated", linesTruncated);
        d.put("opens_refused", refused);
        d.put("acknowledged_position", acknowledgedPosition);
        d.put("acknowledged_lines", acknowledgedLines);
        d.put("lines_in_flight", linesInFlight());
        d.put("position_saved", positionError == null);
        d.put("position_error", positionError);
        d.put("lost_bytes_truncated", bytesLostTruncated);
        d.put("copytruncate_copies_read", copiesRead);
        d.put("waits_for_pipeline", waitsForPipeline);
        d.put("lines_not_delivered", linesNotDelivered);
        d.put("multiline_events", multilineEvents);
        d.put("multiline_events_split", multilineSplit);
        d.put("multiline_held_from", multilineHeldFrom);
        d.put("format", format);
        d.put("container_lines_undecodable", containerUndecodable);
        if (!labels.isEmpty()) {
            d.put("labels", labels);
        }
        d.put("compressed_generations_skipped", compressedSkipped);
        d.put("last_error", lastError);
        d.put("last_error_at", lastErrorAt);
        d.put("consecutive_errors", consecutiveErrors);
        return d;
    }
}
