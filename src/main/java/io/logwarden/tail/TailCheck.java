package io.logwarden.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * The bytes just before a read position, as a length and a CRC-32C: what tells, when a saved position is resumed,
 * that the file still holds the content that was read up to it. The first KiB (the fingerprint) and the size do not
 * tell a file cut and written again with the same header past the old position; its bytes before the position do.
 *
 * @param length   how many bytes before the position the checksum covers (0: nothing to check, as in positions saved
 *                 before this was recorded, or a position at byte 0)
 * @param checksum CRC-32C of those bytes
 */
public record TailCheck(int length, long checksum) {

    /** Enough to cover the end of a typical log line (the bytes before a line boundary) and tell content apart. */
    public static final int BYTES = 64;

    public static final TailCheck NONE = new TailCheck(0, 0);

    /** The check of {@code bytes[from, to)}, its last {@link #BYTES} at most. */
    static TailCheck of(byte[] bytes, int from, int to) {
        int start = Math.max(from, to - BYTES);
        CRC32C crc = new CRC32C();
        crc.update(bytes, start, to - start);
        return new TailCheck(to - start, crc.getValue());
    }

    /** The check of the bytes of an open file just before {@code offset}. */
    static TailCheck read(FileChannel channel, long offset) throws IOException {
        int length = (int) Math.min(offset, BYTES);
        if (length <= 0) {
            return NONE;
        }
        byte[] bytes = readBefore(channel, offset, length);
        return bytes == null ? NONE : of(bytes, 0, length);
    }

    /** Whether the open file holds the same bytes before {@code offset} (always, when nothing was recorded). */
    boolean matches(FileChannel channel, long offset) throws IOException {
        if (length == 0) {
            return true;
        }
        byte[] bytes = offset < length ? null : readBefore(channel, offset, length);
        return bytes != null && of(bytes, 0, length).equals(this);
    }

    private static byte[] readBefore(FileChannel channel, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset - length + buffer.position()) <= 0) {
                return null; // the file ends before the position
            }
        }
        return buffer.array();
    }
}
