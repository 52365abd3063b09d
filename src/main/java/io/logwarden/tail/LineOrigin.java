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
 *
 * <p>A file cut and written again in place (truncate, copytruncate) keeps its inode and, when it starts with
 * the same bytes (a fixed banner), its fingerprint, while its line numbers start again at 1: {@code rewrites},
 * the count of such cuts, keeps the new content's keys apart from the old content's. It is saved with the read
 * position, so a replay after a crash computes the same value (see {@link TailPosition}).
 */
public record LineOrigin(String source, long dev, long ino, long headFingerprint, long rewrites, long line,
                         long endOffset) {

    /**
     * The file identity as an agent sends it with the line ({@code dev:ino:fingerprint}, plus {@code ~rewrites} once
     * the file was cut in place), so a detector keys the line's alert as this process would.
     */
    public String fileIdentity() {
        return dev + ":" + ino + ":" + Long.toHexString(headFingerprint) + (rewrites == 0 ? "" : "~" + rewrites);
    }

    /** 64 hex characters: SHA-256 of source, file identity, rewrites and line number (short enough for any index). */
    public String idempotencyKey() {
        // rewrites 0 leaves the text as before it was counted: keys of alerts stored by older versions still match
        String text = source + '\n' + dev + ':' + ino + ':' + Long.toHexString(headFingerprint)
                + (rewrites == 0 ? "" : "~" + rewrites) + '\n' + line;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
