package io.logwarden.tail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts the bytes of one file into whole lines. A line is handed out only once its newline has been
 * read (or when the caller flushes it after a quiet period or at shutdown), so a line written in
 * pieces is never split. Bytes are decoded as UTF-8 with U+FFFD for anything invalid, so binary junk
 * costs readable garbage, never an exception. A line longer than the limit keeps its first
 * {@code maxLineBytes} bytes (cut at a character boundary) and the rest, up to the newline, is skipped.
 */
final class LineBuffer {

    /** Receives each line and the file offset just after it (where reading resumes once it is processed). */
    interface Sink {
        void line(String text, boolean truncated, long endOffset);
    }

    private static final int READ_SPACE = 64 * 1024;
    private final int maxLineBytes;
    private final byte[] buf;
    private long bufferOffset; // file offset of buf[0]
    private int start;         // first byte of the current (unfinished) line
    private int scanned;       // bytes before this have no newline after start
    private int end;           // bytes read so far
    private byte[] truncatedHead; // kept head of a line longer than the limit, while its tail is skipped
    private TailCheck lastTail = TailCheck.NONE;
    private boolean emittingLast; // the line being handed out is the last whole one read so far

    LineBuffer(int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineLength must be at least 1 byte, got " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        this.buf = new byte[maxLineBytes + READ_SPACE];
    }

    /** Forgets everything buffered; the next byte read is the one at {@code offset}. */
    void reset(long offset) {
        bufferOffset = offset;
        start = scanned = end = 0;
        truncatedHead = null;
    }

    /** File offset of the next byte to read. */
    long readOffset() {
        return bufferOffset + end;
    }

    boolean hasPartial() {
        return end > start || truncatedHead != null;
    }

    /** Space for the next read; call {@link #filled(int)} with what was read into it. */
    ByteBuffer space() {
        if (start == end) {
            bufferOffset += end;
            start = scanned = end = 0;
        } else if (buf.length - end < READ_SPACE / 4) {
            int kept = end - start;
            System.arraycopy(buf, start, buf, 0, kept);
            bufferOffset += start;
            scanned -= start;
            end = kept;
            start = 0;
        }
        return ByteBuffer.wrap(buf, end, buf.length - end);
    }

    void filled(int n) {
        end += n;
    }

    /** Hands every complete line to the sink; keeps the unfinished rest. */
    void drain(Sink sink) {
        byte[] b = buf;
        int lastNewline = end - 1;
        while (lastNewline >= scanned && b[lastNewline] != '\n') {
            lastNewline--;
        }
        for (int i = scanned; i < end; i++) {
            if (b[i] == '\n') {
                int from = start;
                start = i + 1;
                emittingLast = i == lastNewline;
                emit(sink, from, i, bufferOffset + i + 1);
            }
        }
        scanned = end;
        if (truncatedHead != null) {
            start = end; // still skipping the tail of an over-long line
        } else if (end - start > maxLineBytes) {
            truncatedHead = Arrays.copyOfRange(buf, start, start + cut(start, maxLineBytes));
            start = end;
        }
    }

    /** Hands out the unfinished line as it is (quiet period over, or shutdown). */
    void flush(Sink sink) {
        if (!hasPartial()) {
            return;
        }
        int from = start;
        start = scanned = end;
        emittingLast = true;
        emit(sink, from, end, bufferOffset + end);
    }

    /**
     * Whether the line being handed out is the last whole line of what has been read: after it the reader has
     * nothing more to hand out until it reads again.
     */
    boolean emittingLast() {
        return emittingLast;
    }

    /** The bytes before the end of the line being handed out (its own, and those before it still buffered). */
    TailCheck lastTail() {
        return lastTail;
    }

    private void emit(Sink sink, int from, int to, long endOffset) {
        lastTail = TailCheck.of(buf, 0, (int) (endOffset - bufferOffset));
        if (truncatedHead != null) {
            byte[] head = truncatedHead;
            truncatedHead = null;
            sink.line(new String(head, 0, stripCr(head, 0, head.length), StandardCharsets.UTF_8), true, endOffset);
            return;
        }
        int len = to - from;
        if (len > maxLineBytes) {
            len = cut(from, maxLineBytes);
            sink.line(new String(buf, from, len, StandardCharsets.UTF_8), true, endOffset);
            return;
        }
        len = stripCr(buf, from, len);
        sink.line(new String(buf, from, len, StandardCharsets.UTF_8), false, endOffset);
    }

    private static int stripCr(byte[] b, int from, int len) {
        return len > 0 && b[from + len - 1] == '\r' ? len - 1 : len;
    }

    /** Largest length <= max that does not end inside a UTF-8 multi-byte character. */
    private int cut(int from, int max) {
        int len = max;
        int back = 0;
        while (back < 3 && len > 0 && (buf[from + len] & 0xC0) == 0x80) {
            len--;
            back++;
        }
        return len;
    }
}
