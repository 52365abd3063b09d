package io.logwarden.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Who a file is, independent of its name: device and inode (what rename and symlink repointing do not
 * change) plus a fingerprint of its first bytes (what tells a recreated file apart even when the file
 * system hands out the freed inode again, as ext4 and tmpfs often do).
 *
 * @param dev               st_dev of the file (after following symlinks)
 * @param ino               st_ino of the file
 * @param fingerprintLength how many leading bytes the fingerprint covers (0 for an empty file, at most {@link #FINGERPRINT_BYTES})
 * @param fingerprint       CRC-32C of those bytes
 */
public record FileIdentity(long dev, long ino, int fingerprintLength, long fingerprint) {

    /** Enough to cover a typical first log line (timestamp, host, program) and tell files apart. */
    public static final int FINGERPRINT_BYTES = 1024;

    /** Device and inode of what the path points to now (symlinks followed). */
    public static long[] devIno(Path path) throws IOException {
        try {
            Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino");
            return new long[]{((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue()};
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // not a Unix file system view: the file key is the best identity Java offers
            Object key = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            return new long[]{0, key == null ? path.toString().hashCode() : key.hashCode()};
        }
    }

    /**
     * Device, inode and last modification time (ns since the epoch) of what the path points to now, from one
     * stat: what an idle look needs to tell that nothing was written, rotated or rewritten.
     */
    public static long[] stat(Path path) throws IOException {
        try {
            Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino,lastModifiedTime");
            return new long[]{((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue(),
                    ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).to(java.util.concurrent.TimeUnit.NANOSECONDS)};
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            long[] devIno = devIno(path);
            return new long[]{devIno[0], devIno[1], Files.getLastModifiedTime(path).to(java.util.concurrent.TimeUnit.NANOSECONDS)};
        }
    }

    /** Reads the fingerprint of an open file. */
    public static FileIdentity of(long[] devIno, FileChannel channel) throws IOException {
        byte[] head = head(channel, FINGERPRINT_BYTES);
        return new FileIdentity(devIno[0], devIno[1], head.length, crc(head, head.length));
    }

    public boolean sameInode(long[] devIno) {
        return dev == devIno[0] && ino == devIno[1];
    }

    /** The same file (device and inode), whatever its fingerprint has grown to since. */
    public boolean sameInode(FileIdentity other) {
        return dev == other.dev && ino == other.ino;
    }

    /**
     * Whether the open file still starts with the bytes this identity was taken from. Returns the
     * (possibly longer) identity when it does, or null when the start of the file changed (truncated
     * and rewritten, or another file under a recycled inode).
     */
    public FileIdentity verify(FileChannel channel) throws IOException {
        return verify(head(channel, FINGERPRINT_BYTES));
    }

    /** {@link #verify(FileChannel)} on first bytes already read ({@link #firstBytes}), which then go with it. */
    public FileIdentity verify(byte[] head) {
        if (head.length < fingerprintLength || crc(head, fingerprintLength) != fingerprint) {
            return null;
        }
        return head.length == fingerprintLength ? this
                : new FileIdentity(dev, ino, head.length, crc(head, head.length));
    }

    /** Whether {@code head}, a file's first bytes, starts with the bytes this identity was taken from. */
    public boolean startOf(byte[] head) {
        return head.length >= fingerprintLength && crc(head, fingerprintLength) == fingerprint;
    }

    /** The first bytes of an open file, as many as a fingerprint covers. */
    public static byte[] firstBytes(FileChannel channel) throws IOException {
        return head(channel, FINGERPRINT_BYTES);
    }

    public String describe() {
        return "dev=" + dev + " ino=" + ino + " fp=" + Long.toHexString(fingerprint) + "/" + fingerprintLength;
    }

    private static byte[] head(FileChannel channel, int max) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(max);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, buffer.position());
            if (n <= 0) {
                break;
            }
        }
        byte[] bytes = new byte[buffer.position()];
        buffer.flip().get(bytes);
        return bytes;
    }

    private static long crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }
}
