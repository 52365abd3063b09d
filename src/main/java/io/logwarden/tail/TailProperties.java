package io.logwarden.tail;

import org.springframework.validation.annotation.Validated;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * @param allowedRoots    directories whose files may be followed or uploaded by path; anything
 *                        outside (after resolving symlinks and "..") is refused. Unset: the demo directory under
 *                        logwarden.data-dir and ./logs (computed in {@link #allowedRootsUnder})
 * @param scanStreamDelay milliseconds the stream:file consumer waits between scans when idle
 * @param follow          files followed at start-up, e.g. the demo's auth.log or /var/log/auth.log
 * @param startFrom       where a newly followed file is read from when the request does not say: end or beginning
 * @param drainTimeout    at shutdown (SIGTERM), how long the lines already read may take to be scored, stored and
 *                        queued for broadcast before the positions are saved and the database closes
 * @param maxLinesInFlight lines of one file handed to the pipeline and not finished, at most: beyond it the
 *                        reader waits (bounds memory behind a backlog and the SIGTERM drain)
 * @param allowHardLinks  whether a file with more than one hard link may be read: off by default, because a hard
 *                        link placed inside a root (same filesystem) reaches a file outside it, as symlinks would
 * @param quietPeriod     an unterminated last line of a followed file is handed out after this much silence
 * @param maxLineLength   bytes kept of a longer line, when following and on upload; the rest is skipped and counted
 *                        as truncated
 * @param readerThreads   threads shared by all followed files: a file with data reads for up to 50 ms, then the next
 *                        busy file gets the thread; an idle file is looked at once per scan delay
 * @param watchChanges    wake a followed file's reader when its directory reports a change to the name (inotify); the
 *                        scan still runs and finds what a notification misses
 * @param rotateWait      a file its name no longer names (rotated, replaced, deleted) is read on until nothing has been
 *                        written to it for this long: a writer that reopens on a signal (logrotate's postrotate HUP)
 *                        appends to the old file until the signal reaches it (Fluent Bit's Rotate_Wait, 5 s there too)
 */
@ConfigurationProperties(prefix = "logwarden.tail")
@Validated
public record TailProperties(List<String> allowedRoots,
                             @DefaultValue("250") @Positive long scanStreamDelay,
                             @DefaultValue("") List<String> follow,
                             @DefaultValue("end") String startFrom,
                             @DefaultValue("30s") @DurationMin(millis = 1) Duration drainTimeout,
                             @DefaultValue("10000") @Positive int maxLinesInFlight,
                             @DefaultValue("false") boolean allowHardLinks,
                             @DefaultValue("2s") @DurationMin(millis = 1) Duration quietPeriod,
                             @DefaultValue("65536") @Positive int maxLineLength,
                             @DefaultValue("8") @Min(1) @Max(64) int readerThreads,
                             @DefaultValue("true") boolean watchChanges,
                             @DefaultValue("5s") @DurationMin(millis = 0) Duration rotateWait) {

    /** The given settings, the rest at their defaults (tests and tools). */
    public TailProperties(List<String> allowedRoots, long scanStreamDelay, List<String> follow, String startFrom,
                          Duration drainTimeout, int maxLinesInFlight) {
        this(allowedRoots, scanStreamDelay, follow, startFrom, drainTimeout, maxLinesInFlight, false);
    }

    /** The given settings, the rest at their defaults (tests and tools). */
    public TailProperties(List<String> allowedRoots, long scanStreamDelay, List<String> follow, String startFrom,
                          Duration drainTimeout, int maxLinesInFlight, boolean allowHardLinks) {
        this(allowedRoots, scanStreamDelay, follow, startFrom, drainTimeout, maxLinesInFlight, allowHardLinks,
                Duration.ofSeconds(2), 65536, 8, true, Duration.ofSeconds(5));
    }

    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public TailProperties {
    }

    /** The allowed roots: as set, else {@code <dataDir>/demo} and {@code logs}. */
    public List<String> allowedRootsUnder(Path dataDir) {
        return allowedRoots != null ? allowedRoots : List.of(dataDir.resolve("demo").toString(), "logs");
    }
}
