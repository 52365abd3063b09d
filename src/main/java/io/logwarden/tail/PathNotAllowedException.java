package io.logwarden.tail;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file the reader was about to open resolves (after symlinks) outside {@code logwarden.tail.allowed-roots}, or is
 * a hard link that could reach outside them.
 */
public class PathNotAllowedException extends IOException {

    private final Path requested;
    private final Path real;

    public PathNotAllowedException(Path requested, Path real, Object roots) {
        super(requested + (real.equals(requested) ? "" : " resolves to " + real) + ", outside the allowed roots " + roots
                + " (logwarden.tail.allowed-roots): not read");
        this.requested = requested;
        this.real = real;
    }

    /** A file refused for another reason than its place: {@code reason} says which. */
    public PathNotAllowedException(Path requested, Path real, String reason) {
        super(requested + ": " + reason + ": not read");
        this.requested = requested;
        this.real = real;
    }

    public Path requested() {
        return requested;
    }

    public Path real() {
        return real;
    }
}
