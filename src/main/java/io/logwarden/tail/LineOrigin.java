package io.logwarden.tail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where one line came from: the followed source, the file that held it (device, inode and the
 * fingerprint of the file's first bytes up to this line, at most {@link FileIdentity#FINGERPRINT_BYTES}),
 * its line number in that file and the byte offset just after it.
 *
 * <p>Every part of the key is fixed once the line is on disk: an append-only file never changes the
 * bytes before a line, so a replay of the same line after a crash yields the same key, and the alert
 * table's unique constraint on it stores the alert once.
 */
public record LineOrigin(String source, long dev, long ino, long headFingerprint, long line, long endOffset) {

    /** 64 hex characters: SHA-256 of source, file identity and line number (short enough for any index). */
    public String idempotencyKey() {
        String text = source + '\n' + dev + ':' + ino + ':' + Long.toHexString(headFingerprint) + '\n' + line;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
