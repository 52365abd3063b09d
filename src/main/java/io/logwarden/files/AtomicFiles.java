package io.logwarden.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a file so that a reader, a full disk or a killed process sees the old content or the new, never a
 * file cut mid-write that looks whole: the content goes to a temporary file beside the target, which is then
 * renamed over it. Hand-written because neither the JDK nor Commons IO offers it; it is the one place for it.
 */
public final class AtomicFiles {

    /** Writes the new content; the stream is closed after it returns. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Replaces (or creates) {@code target}; a new file is private to its owner (rw-------). */
    public static void replace(Path target, Content content) throws IOException {
        replace(target, content, false);
    }

    /**
     * Replaces (or creates) {@code target} as a user's output file: it keeps the old file's permissions, or gets
     * rw-r--r-- as a file created by the user would.
     */
    public static void replaceKeepingPermissions(Path target, Content content) throws IOException {
        replace(target, content, true);
    }

    private static void replace(Path target, Content content, boolean keepPermissions) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path temporary = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
        try {
            if (keepPermissions) {
                keepPermissions(absolute, temporary);
            }
            try (OutputStream out = Files.newOutputStream(temporary)) {
                content.writeTo(out);
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void keepPermissions(Path target, Path temporary) {
        try {
            Files.setPosixFilePermissions(temporary, Files.exists(target) ? Files.getPosixFilePermissions(target)
                    : PosixFilePermissions.fromString("rw-r--r--"));
        }
        catch (UnsupportedOperationException | IOException e) {
            // a file system without POSIX permissions (or a target we may not inspect): the temporary's own stay
        }
    }
}
