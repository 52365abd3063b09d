package io.logwarden.tail;

import io.logwarden.parse.ContainerLogFormat;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Decodes the records of a container log (CRI or Docker json-file, {@link ContainerLogFormat}) into the
 * application's lines, joining partial records (CRI {@code P}, a Docker {@code log} without its newline) with
 * the records that finish them, before the multiline joiner sees them. Like the joiner it holds an unfinished
 * line without handing it out, so no saved position passes its first record. A record that is not in the
 * format passes as it is and is counted.
 */
final class ContainerLines implements LineBuffer.Sink {

    private final ContainerLogFormat format;
    private final MultilineJoiner next;
    private final int maxBytes;
    private final StringBuilder partial = new StringBuilder();
    private int partialRecords;       // 0: nothing held
    private long partialStart;
    private String partialStream;
    private boolean partialTruncated;
    private long lastEnd;
    private long undecodable;

    ContainerLines(ContainerLogFormat format, MultilineJoiner next, int maxBytes) {
        this.format = format == null ? ContainerLogFormat.PLAIN : format;
        this.next = next;
        this.maxBytes = maxBytes;
    }

    @Override
    public void line(String text, boolean truncated, long endOffset) {
        long begin = lastEnd;
        lastEnd = endOffset;
        if (format == ContainerLogFormat.PLAIN) {
            next.line(text, truncated, endOffset, 1);
            return;
        }
        ContainerLogFormat.Record record = truncated ? null : format.decode(text);
        if (record == null) {
            undecodable++;
            // a line cut by max-line-length, or not a record: whatever was pending ends where this line begins
            // (not after it, or the position recorded for the pending line would cover this one too)
            emitPending(begin);
            next.line(text, truncated, endOffset, 1);
            return;
        }
        boolean json = text.charAt(0) == '{';
        if (partialRecords > 0 && (!Objects.equals(record.stream(), partialStream) || json != partialJson)) {
            // stdout and stderr interleave: a record of the other stream does not continue it; nor, with
            // format auto, does a record of the other runtime's format (a file that changed writer)
            emitPending(begin);
        }
        if (partialRecords == 0) {
            partialStart = begin;
            partialStream = record.stream();
            partialJson = json;
        }
        partialRecords++;
        if (!partialTruncated) {
            partial.append(record.message());
            if (partial.length() > maxBytes) { // chars >= bytes / 4; cut exactly below
                cut();
            }
        }
        if (!record.partial()) {
            emit(endOffset);
        }
    }

    /** Hands out a pending partial line as it is (file finished, or the runtime never wrote the rest). */
    /** Whether the pending partial line's records are Docker JSON (true) or CRI (false). */
    private boolean partialJson;

    void flush() {
        emitPending(lastEnd);
    }

    private void emitPending(long endOffset) {
        if (partialRecords > 0) {
            emit(endOffset);
        }
    }

    /**
     * Whether lines are a runtime's records (CRI, Docker json-file). A runtime ends every record with a newline and
     * a partial line with the record that finishes it, however long it takes: such a file's unfinished line is
     * held for its end, never handed out after a quiet period (that split a line in two when the end came late).
     */
    boolean decodesRecords() {
        return format != ContainerLogFormat.PLAIN;
    }

    /** Offset of the first record of a pending partial line, or -1. */
    long pendingStart() {
        return partialRecords > 0 ? partialStart : -1;
    }

    /** The next record read is the one at {@code offset}; a pending partial line is dropped (read again from there). */
    void reset(long offset) {
        partial.setLength(0);
        partialRecords = 0;
        partialTruncated = false;
        lastEnd = offset;
    }

    long undecodable() {
        return undecodable;
    }

    private void emit(long endOffset) {
        String text = partial.toString();
        boolean truncated = partialTruncated;
        int records = partialRecords;
        partial.setLength(0);
        partialRecords = 0;
        partialTruncated = false;
        next.line(text, truncated, endOffset, records);
    }

    private void cut() {
        byte[] bytes = partial.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return;
        }
        int len = maxBytes;
        while (len > 0 && (bytes[len] & 0xC0) == 0x80) {
            len--; // not inside a character
        }
        partial.setLength(0);
        partial.append(new String(bytes, 0, len, StandardCharsets.UTF_8));
        partialTruncated = true;
    }
}
