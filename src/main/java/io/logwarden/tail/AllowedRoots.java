package io.logwarden.tail;

import io.logwarden.tail.TailRequestException.Kind;
import io.logwarden.settings.LogwardenProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.logwarden.tail.TailRequestException.shorten;

/**
 * The guard in front of every path a client names: it must resolve, after symlinks and "..", to a
 * readable regular file inside one of the configured roots. A log tool reads whatever it is told to,
 * so without this the REST API would be a file-disclosure service.
 */
@Component
public class AllowedRoots {

    private final List<Path> roots;
    private final boolean allowHardLinks;

    @Autowired
    public AllowedRoots(TailProperties properties, LogwardenProperties settings) {
        this(properties.allowedRootsUnder(settings.dataDir()), properties.allowHardLinks());
    }

    /** The roots given in {@code properties} (tests and tools, which always name them). */
    public AllowedRoots(TailProperties properties) {
        this(properties.allowedRoots() == null ? List.of() : properties.allowedRoots(), properties.allowHardLinks());
    }

    private AllowedRoots(List<String> roots, boolean allowHardLinks) {
        this.roots = roots.stream().filter(r -> !r.isBlank())
                .map(r -> Path.of(r).toAbsolutePath().normalize()).toList();
        this.allowHardLinks = allowHardLinks;
    }

    /**
     * Links of a regular file beyond its one name, or 0 where the filesystem does not say. A second hard link inside
     * a root makes a file from outside (same filesystem) readable without any symlink to resolve.
     */
    private long extraLinks(Path real) {
        if (allowHardLinks) {
            return 0;
        }
        try {
            Object links = Files.getAttribute(real, "unix:nlink");
            return links instanceof Number n ? Math.max(0, n.longValue() - 1) : 0;
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return 0;
        }
    }

    private static String hardLinkReason(long extra) {
        return "it has " + (extra + 1) + " hard links, and a hard link can reach a file outside the allowed roots "
                + "(set logwarden.tail.allow-hard-links=true if these are yours)";
    }

    public List<Path> roots() {
        return roots;
    }

    /** Returns the file's real path, or throws a TailRequestException with the code and kind the client should see. */
    public Path checkReadableFile(String requested) {
        if (requested == null || requested.isBlank()) {
            throw new TailRequestException(Kind.INVALID, "missing_log_file", "\"log_file\" is required: the path of the log file to read");
        }
        Path path;
        try {
            path = Path.of(requested.trim()).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            throw new TailRequestException(Kind.INVALID, "invalid_path", "not a valid path: " + shorten(requested));
        }
        if (!insideRoots(path)) {
            throw outside(shorten(requested));
        }
        if (!Files.exists(path)) {
            throw new TailRequestException(Kind.NOT_FOUND, "file_not_found", "no such file: " + shorten(path.toString()));
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new TailRequestException(Kind.NOT_FOUND, "file_not_found", "cannot resolve " + shorten(path.toString()) + ": "
                    + shorten(e.getMessage()));
        }
        if (!insideRoots(real)) {
            throw outside(shorten(requested) + " (it resolves to " + real + ")");
        }
        if (Files.isDirectory(real)) {
            throw new TailRequestException(Kind.INVALID, "not_a_file", path + " is a directory, not a log file");
        }
        if (!Files.isRegularFile(real)) {
            throw new TailRequestException(Kind.INVALID, "not_a_file", path + " is not a regular file");
        }
        if (!Files.isReadable(real)) {
            throw new TailRequestException(Kind.FORBIDDEN, "file_not_readable", "the service may not read " + path + " (permission denied)");
        }
        long extra = extraLinks(real);
        if (extra > 0) {
            throw new TailRequestException(Kind.FORBIDDEN, "path_not_allowed",
                    shorten(path.toString()) + " is refused: " + hardLinkReason(extra));
        }
        return path;
    }

    /**
     * The check made each time a file is opened for reading (first open, rotation, recreate, resume after a restart,
     * upload by path): the file's real path, after every symlink, must lie inside the roots. Returns that real path,
     * which the caller should open, so a symlink swapped in after the check is not followed.
     *
     * @throws PathNotAllowedException      the file resolves outside the roots
     * @throws java.nio.file.NoSuchFileException the file (or a link target) does not exist
     */
    public Path checkOpen(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        Path real = absolute.toRealPath();
        if (!insideRoots(real)) {
            throw new PathNotAllowedException(absolute, real, roots);
        }
        long extra = Files.isRegularFile(real) ? extraLinks(real) : 0;
        if (extra > 0) {
            throw new PathNotAllowedException(absolute, real, hardLinkReason(extra));
        }
        return real;
    }

    /** A glob's directory must lie inside the roots (each file it finds is checked again when it is opened). */
    public void checkDirectory(Path directory, String requested) {
        Path path = directory.toAbsolutePath().normalize();
        if (!insideRoots(path)) {
            throw outside(shorten(requested));
        }
        try {
            Path real = path.toRealPath();
            if (!insideRoots(real)) {
                throw outside(shorten(requested) + " (its directory resolves to " + real + ")");
            }
        } catch (IOException e) {
            // not there yet: files appearing in it later are checked one by one
        }
    }

    private boolean insideRoots(Path path) {
        for (Path root : roots) {
            Path realRoot = root;
            try {
                realRoot = root.toRealPath();
            } catch (IOException ignored) {
                // a root that does not exist yet (e.g. ./logs) still bounds the literal path
            }
            if (path.startsWith(root) || path.startsWith(realRoot)) {
                return true;
            }
        }
        return false;
    }

    private TailRequestException outside(String requested) {
        return new TailRequestException(Kind.FORBIDDEN, "path_not_allowed",
                requested + " is outside the allowed roots " + roots + " (setting logwarden.tail.allowed-roots)");
    }
}
