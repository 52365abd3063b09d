package io.logwarden.tail;

import io.logwarden.parse.ContainerLogFormat;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * One entry of {@code logwarden.tail.sources}: files to follow (a path or a glob such as
 * {@code /var/log/app/*.log}) and how their lines are read. The settings apply to every followed file the
 * path matches, also to one started through the API.
 *
 * @param path      absolute file path or glob ({@code *} stays inside one directory, {@code **} crosses them)
 * @param exclude   globs of files the path matches but that are not followed (e.g. {@code *.gz}, {@code *-debug.log});
 *                  a glob without '/' is matched against the file name only
 * @param multiline how lines are joined into events, or absent: one line, one event
 * @param format    {@code plain} (default), {@code cri}, {@code docker} (json-file) or {@code auto} (either, per line):
 *                  container runtime records are decoded and partial records joined before the multiline setting
 */
public record TailSource(String path, List<String> exclude, MultilineSettings multiline, String format) {

    public TailSource {
        format = ContainerLogFormat.of(format).name().toLowerCase(java.util.Locale.ROOT); // refuses an unknown one at start-up
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("logwarden.tail.sources[].path is required: a file or a glob to follow");
        }
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }

    /** Whether a file (absolute, normalized) is one of this source's files. */
    public boolean matches(Path file) {
        return Globs.matcher(path).matches(file) && !Globs.excluded(file, exclude);
    }

    /** Matching by glob, shared by the sources and the discovery of new files. */
    static final class Globs {

        private Globs() {
        }

        static boolean isGlob(String path) {
            return path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('[') >= 0 || path.indexOf('{') >= 0;
        }

        static PathMatcher matcher(String glob) {
            String absolute = Path.of(glob).isAbsolute() ? glob : Path.of("").toAbsolutePath() + "/" + glob;
            return FileSystems.getDefault().getPathMatcher("glob:" + absolute);
        }

        static boolean excluded(Path file, List<String> excludes) {
            for (String exclude : excludes) {
                if (exclude.isBlank()) {
                    continue;
                }
                boolean nameOnly = exclude.indexOf('/') < 0;
                PathMatcher m = nameOnly ? FileSystems.getDefault().getPathMatcher("glob:" + exclude) : matcher(exclude);
                Path target = nameOnly ? file.getFileName() : file;
                if (target != null && m.matches(target)) {
                    return true;
                }
            }
            return false;
        }
    }
}
