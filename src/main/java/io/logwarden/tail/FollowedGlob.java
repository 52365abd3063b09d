package io.logwarden.tail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A glob being followed ({@code /var/log/app/*.log}): which files it matches now, which of them are
 * followed through it, and why the others are not (the open-file limit, a refusal). The files are
 * followed one by one by {@link TailManager}; this only lists and remembers.
 */
final class FollowedGlob {

    final String pattern;
    final FollowedFile entry;
    final List<String> excludes;
    final boolean restored;
    private final Path base;
    private final int depth;
    private final PathMatcher matcher;
    /** Files followed through this glob. */
    final Set<String> members = ConcurrentHashMap.newKeySet();
    /** Files stopped one by one through the API: not followed again by this glob until it is started again. */
    final Set<String> stoppedByHand = ConcurrentHashMap.newKeySet();
    /** Matching files refused (outside the allowed roots, unreadable), with the reason. */
    final Map<String, String> refused = new ConcurrentHashMap<>();
    volatile boolean scannedOnce;
    volatile long scans;
    volatile int matched;
    volatile int notFollowedLimit;
    volatile String scanError;

    FollowedGlob(String pattern, FollowedFile entry, List<String> excludes, boolean restored) {
        this.pattern = pattern;
        this.entry = entry;
        this.excludes = List.copyOf(excludes);
        this.restored = restored;
        this.matcher = TailSource.Globs.matcher(pattern);
        Path prefix = Path.of("/");
        int segmentsAfter = 0;
        boolean inGlob = false;
        boolean deep = false;
        for (Path segment : Path.of(pattern)) {
            String s = segment.toString();
            if (!inGlob && !TailSource.Globs.isGlob(s)) {
                prefix = prefix.resolve(s);
            } else {
                inGlob = true;
                segmentsAfter++;
                deep |= s.contains("**");
            }
        }
        this.base = prefix;
        this.depth = deep ? Integer.MAX_VALUE : segmentsAfter;
    }

    /** The directory the glob is listed from: its path up to the first segment with a wildcard. */
    Path base() {
        return base;
    }

    /**
     * The regular files (symlinks to them included, as in /var/log/containers) the glob matches now, minus
     * the excludes, sorted. A missing base directory matches nothing (it may appear later).
     */
    Set<Path> scan() throws IOException {
        Set<Path> found = new TreeSet<>();
        if (depth == 1) {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(base)) {
                for (Path p : dir) {
                    consider(p, found);
                }
            } catch (NoSuchFileException e) {
                return found;
            }
            return found;
        }
        if (!Files.isDirectory(base)) {
            return found;
        }
        try (Stream<Path> walk = Files.walk(base, depth, EnumSet.noneOf(FileVisitOption.class).toArray(new FileVisitOption[0]))) {
            walk.forEach(p -> consider(p, found));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return found;
    }

    private void consider(Path p, Set<Path> found) {
        Path file = p.toAbsolutePath().normalize();
        if (matcher.matches(file) && !TailSource.Globs.excluded(file, excludes) && Files.isRegularFile(file)) {
            found.add(file);
        }
    }

    /** Shown as the entry's "tail" in the status and in the tailing health. */
    Map<String, Object> describe(int maxOpenFiles) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("state", notFollowedLimit > 0 ? "limited" : "discovering");
        d.put("glob", pattern);
        d.put("exclude", excludes);
        d.put("scans", scans);
        d.put("matched", matched);
        d.put("following", members.size());
        d.put("not_followed_limit", notFollowedLimit);
        d.put("max_open_files", maxOpenFiles);
        d.put("refused", Map.copyOf(refused));
        d.put("stopped_by_hand", List.copyOf(stoppedByHand));
        d.put("last_error", notFollowedLimit > 0
                ? notFollowedLimit + " matching file(s) not followed: logwarden.tail.max-open-files (" + maxOpenFiles + ") reached"
                : scanError);
        return d;
    }
}
