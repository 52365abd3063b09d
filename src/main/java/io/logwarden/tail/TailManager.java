package io.logwarden.tail;

import org.springframework.beans.factory.annotation.Autowired;
import io.logwarden.live.StreamingStats;
import io.logwarden.settings.LogwardenProperties;
import io.logwarden.tail.TailRequestException.Kind;
import io.logwarden.window.SlidingWindowStrategy;
import io.logwarden.window.WindowProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;

import static io.logwarden.tail.TailRequestException.shorten;

/**
 * Starts and stops the per-file tail routes, each created from the {@code tail-file} route template
 * in routes/tail.yaml, so that how a file is read stays in the YAML and out of the Java.
 * The followed set is kept in {@code <data-dir>/tail/followed.json} and followed again at start-up;
 * stopping a file through the API removes it from that set and deletes its read position, so a later
 * start honours the "from" it asks for instead of resuming an old position.
 *
 * <p>A glob ({@code /var/log/app/*.log}) is followed as the set of files it matches: listed every scan delay,
 * new matching files are followed (from the start: all of a file that appears later is new), files whose
 * name is gone are stopped once their reader has read them to the end and the pipeline finished their lines.
 * The glob, not its files, is kept in the followed list. At most {@code logwarden.tail.max-open-files} files
 * are followed at once.
 */
@Service
public class TailManager {

    static final String TEMPLATE_ID = "tail-file";
    private static final Logger log = LoggerFactory.getLogger(TailManager.class);

    private final CamelContext camel;
    private final AllowedRoots allowedRoots;
    private final TailProperties tailProperties;
    private final WindowProperties windowProperties;
    private final SlidingWindowStrategy windows;
    private final Map<String, FollowedFile> followed = new ConcurrentHashMap<>();
    private final TailRegistry tailRegistry;
    private final PositionStore positions;
    private final FollowedSet followedSet;
    /** Listed in followed.json but not followable at the last start-up (missing, unreadable): kept, not lost. */
    private final Map<String, FollowedSet.Entry> followedAgainLater = new ConcurrentHashMap<>();
    /** Read when the bean is created, before anything (the demo, logwarden.tail.follow) can save the list. */
    private final List<FollowedSet.Entry> toRestore;
    private volatile String followedListError;
    private final TailSourceProperties sourceProperties;
    private final StreamingStats stats;
    private final TailingStreamComponent stream;
    /** Globs followed, by normalized pattern. */
    private final Map<String, FollowedGlob> globs = new ConcurrentHashMap<>();
    private final ScheduledExecutorService discovery = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "LogwardenTailDiscovery");
        t.setDaemon(true);
        return t;
    });

    @Autowired
    public TailManager(CamelContext camel, AllowedRoots allowedRoots, TailProperties tailProperties,
                       WindowProperties windowProperties, SlidingWindowStrategy windows, TailRegistry tailRegistry,
                       TailingStreamComponent stream, LogwardenProperties settings, TailSourceProperties sourceProperties,
                       StreamingStats stats) {
        this(camel, allowedRoots, tailProperties, windowProperties, windows, tailRegistry, stream,
                settings.dataDir().toString(), sourceProperties, stats);
    }

    /** Without the pipeline's stats: a second manager in a test, restoring what the service's one saved. */
    public TailManager(CamelContext camel, AllowedRoots allowedRoots, TailProperties tailProperties,
                       WindowProperties windowProperties, SlidingWindowStrategy windows, TailRegistry tailRegistry,
                       TailingStreamComponent stream, String dataDir, TailSourceProperties sourceProperties) {
        this(camel, allowedRoots, tailProperties, windowProperties, windows, tailRegistry, stream, dataDir,
                sourceProperties, null);
    }

    /** @param stats the pipeline's per-file counters, whose meters go with a file no longer followed; null for none */
    public TailManager(CamelContext camel, AllowedRoots allowedRoots, TailProperties tailProperties,
                       WindowProperties windowProperties, SlidingWindowStrategy windows, TailRegistry tailRegistry,
                       TailingStreamComponent stream, String dataDir, TailSourceProperties sourceProperties,
                       StreamingStats stats) {
        this.camel = camel;
        this.stats = stats;
        this.stream = stream;
        this.sourceProperties = sourceProperties;
        this.tailRegistry = tailRegistry;
        this.positions = stream.getPositionStore();
        this.followedSet = new FollowedSet(Path.of(dataDir).toAbsolutePath().normalize().resolve("tail/followed.json"));
        this.allowedRoots = allowedRoots;
        this.tailProperties = tailProperties;
        this.windowProperties = windowProperties;
        this.windows = windows;
        this.toRestore = followedSet.load();
        // kept in the list until restoreFollowed has run: a save before it (the demo's start) must not drop them
        toRestore.forEach(e -> followedAgainLater.put(e.path(), e));
    }

    /** Result of a start request: the file, and whether this request started it or it was already followed. */
    public record Started(FollowedFile file, boolean alreadyFollowed) {
    }

    /**
     * Follows a file and saves the followed list. When the list cannot be saved the file is followed all the
     * same (reading goes on) but the answer is a 500 naming the problem: it would not be followed after a restart.
     */
    public synchronized Started start(String requestedPath, Integer windowSize, String from) {
        if (!camel.isStarted()) {
            // the REST routes answer while Camel still starts the other routes, and a tail route added then was
            // listed as followed but never read (its route ended up removed): refuse until Camel has started
            throw new TailRequestException(Kind.UNAVAILABLE, "starting",
                    "cannot follow a file yet: the service is still starting; try again once GET /actuator/health/readiness answers 200");
        }
        if (isGlobRequest(requestedPath)) {
            return startGlob(requestedPath, windowSize, from, false);
        }
        Path file = allowedRoots.checkReadableFile(requestedPath);
        if (!followed.containsKey(file.toString()) && followed.size() >= sourceProperties.maxOpenFiles()) {
            throw new TailRequestException(Kind.LIMIT, "open_file_limit", "cannot follow " + file + ": " + followed.size()
                    + " files are followed, the limit logwarden.tail.max-open-files is " + sourceProperties.maxOpenFiles()
                    + "; stop a file first or raise the limit");
        }
        Started started = follow(file, windowSize, from);
        if (!started.alreadyFollowed() && followedListError != null) {
            throw new TailRequestException(Kind.FAILED, "followed_list_not_saved", started.file().path() + " is being followed now, but "
                    + followedListError + "; after a restart it would not be followed again");
        }
        return started;
    }

    private int windowSize(Integer windowSize) {
        int size = windowSize == null ? windowProperties.size() : windowSize;
        if (size < windowProperties.minSize() || size > windowProperties.maxSize()) {
            throw new TailRequestException(Kind.INVALID, "invalid_window_size", "\"window_size\" must be between "
                    + windowProperties.minSize() + " and " + windowProperties.maxSize() + ", got " + size);
        }
        return size;
    }

    private StartFrom startFrom(String from) {
        try {
            return StartFrom.parse(from == null ? tailProperties.startFrom() : from);
        } catch (IllegalArgumentException e) {
            throw new TailRequestException(Kind.INVALID, "invalid_from", e.getMessage());
        }
    }

    private Started follow(Path path, Integer windowSize, String from) {
        return follow(path, windowSize(windowSize), startFrom(from), true);
    }

    private Started follow(Path path, int size, StartFrom startFrom, boolean save) {
        String key = path.toString();
        FollowedFile existing = followed.get(key);
        if (existing == null) {
            existing = sameFileFollowedAs(path);
        }
        if (existing != null) {
            return new Started(existing, true);
        }
        String routeId = routeIdFor(path);
        String fileOption = rawOption(key);
        try {
            camel.addRouteFromTemplate(routeId, TEMPLATE_ID, Map.of(
                    "fileName", key,
                    "fileOption", fileOption,
                    "windowSize", size,
                    "from", startFrom.value(),
                    "scanStreamDelay", tailProperties.scanStreamDelay()));
        } catch (Exception e) {
            throw new IllegalStateException("could not create the tail route for " + key + ": " + e.getMessage(), e);
        }
        FollowedFile file = new FollowedFile(key, routeId, size, startFrom, Instant.now());
        followed.put(key, file);
        if (followedAgainLater.remove(key) != null || save) {
            saveFollowed();
        }
        log.info("Following {} (route {}, window {}, from {})", key, routeId, size, startFrom.value());
        return new Started(file, false);
    }

    /** Stops following one file; empty when it was not followed. */
    public synchronized Optional<FollowedFile> stop(String requestedPath) {
        if (requestedPath == null || requestedPath.isBlank()) {
            throw new TailRequestException(Kind.INVALID, "missing_log_file", "\"log_file\" must name the file to stop following");
        }
        String key;
        try {
            key = Path.of(requestedPath.trim()).toAbsolutePath().normalize().toString();
        } catch (java.nio.file.InvalidPathException e) {
            // a NUL byte or a lone surrogate: no followed file has such a name (start refuses them the same way)
            throw new TailRequestException(Kind.INVALID, "invalid_path", "\"log_file\" is not a usable path: " + e.getReason());
        }
        FollowedGlob glob = globs.remove(key);
        if (glob != null) {
            for (String member : List.copyOf(glob.members)) {
                FollowedFile f = followed.remove(member);
                if (f != null) {
                    removeRoute(f);
                    forget(f);
                }
            }
            saveFollowed();
            log.info("Stopped following the glob {} and its {} file(s)", key, glob.members.size());
            return Optional.of(glob.entry);
        }
        FollowedFile file = followed.remove(key);
        if (file == null) {
            if (followedAgainLater.remove(key) != null) {
                saveFollowed();
                if (positions != null) {
                    positions.delete(key);
                }
                log.info("Forgot {}, which could not be followed since the restart", key);
            }
            return Optional.empty();
        }
        removeRoute(file);
        forget(file);
        for (FollowedGlob g : globs.values()) {
            if (g.members.remove(key)) {
                g.stoppedByHand.add(key); // else the next scan would follow it again
            }
        }
        saveFollowed();
        return Optional.of(file);
    }

    public synchronized List<FollowedFile> stopAll() {
        List<FollowedFile> stopped = List.copyOf(followed.values());
        followed.clear();
        followedAgainLater.clear();
        List<FollowedFile> globEntries = globs.values().stream().map(g -> g.entry).toList();
        globs.clear();
        stopped.forEach(this::removeRoute);
        stopped.forEach(this::forget);
        saveFollowed();
        return Stream.concat(stopped.stream(), globEntries.stream()).toList();
    }

    /**
     * Follows again the files that were followed when the service stopped; each resumes at its stored
     * read position. A file that cannot be followed any more stays in the list (it may come back) and is logged.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void restoreFollowed() {
        for (FollowedSet.Entry entry : toRestore) {
            try {
                synchronized (this) {
                    if (isGlobRequest(entry.path())) {
                        startGlob(entry.path(), entry.windowSize(), entry.from(), true);
                        continue;
                    }
                    follow(restorablePath(entry.path()), entry.windowSize(), entry.from());
                }
            } catch (TailRequestException e) {
                log.error("Cannot follow {} again after the restart ({}: {}); it stays listed in {} and is retried at the next start. "
                        + "Stop it through POST /api/v1/streaming/stop to forget it", entry.path(), e.code(), e.getMessage(), followedSet.file());
                followedAgainLater.put(entry.path(), entry);
            } catch (RuntimeException e) {
                log.error("Cannot follow {} again after the restart: {}", entry.path(), e.getMessage());
                followedAgainLater.put(entry.path(), entry);
            }
        }
    }

    /** The tail reader's status of a followed file (identity, position, size, lag, rotations, lines, errors). */
    public Map<String, Object> tailStatus(String path) {
        FollowedGlob glob = globs.get(path);
        if (glob != null) {
            return glob.describe(sourceProperties.maxOpenFiles());
        }
        return tailRegistry.state(path).map(TailState::describe).orElse(null);
    }

    /** The followed files, then the followed globs (their files are among the files). */
    public Collection<FollowedFile> followed() {
        return Stream.concat(followed.values().stream(), globs.values().stream().map(g -> g.entry)).toList();
    }

    /** Globs whose matching files are not all followed because of the open-file limit, with the reason (tailing health). */
    public Map<String, String> discoveryProblems() {
        Map<String, String> problems = new java.util.TreeMap<>();
        for (FollowedGlob g : globs.values()) {
            Object error = g.describe(sourceProperties.maxOpenFiles()).get("last_error");
            if (error != null) {
                problems.put(g.pattern, error.toString());
            }
        }
        return problems;
    }

    /** The Camel state of a file's route (Started, Stopped, ...), as JMX and Hawtio show it. */
    public String routeState(FollowedFile file) {
        if (globs.containsKey(file.path())) {
            return "Discovering";
        }
        Route route = camel.getRoute(file.routeId());
        return route == null ? "Removed" : camel.getRouteController().getRouteStatus(file.routeId()).name();
    }

    /**
     * The path of a file followed before the restart. A file missing now (renamed away by a rotation while
     * the service was down and not recreated yet) is followed all the same: its reader finishes the rotated
     * generation and waits for the name to come back. So is a name that now points out of the allowed roots
     * or at something that is not a regular file: its reader refuses every open (the file's state and the
     * tailing health show it) and reads on from the saved position once the file is back. Any other refusal
     * stands.
     */
    private Path restorablePath(String listed) {
        try {
            return allowedRoots.checkReadableFile(listed);
        } catch (TailRequestException e) {
            Path path = Path.of(listed).toAbsolutePath().normalize();
            boolean insideRoots = allowedRoots.roots().stream().anyMatch(path::startsWith);
            if ("file_not_found".equals(e.code()) && !Files.exists(path, LinkOption.NOFOLLOW_LINKS) && insideRoots) {
                log.warn("{} does not exist now; following it again all the same (a rotated generation is read first, "
                        + "the name when it comes back)", listed);
                return path;
            }
            if (("path_not_allowed".equals(e.code()) || "not_a_file".equals(e.code())) && insideRoots) {
                log.warn("{} is refused now ({}); following it again all the same: nothing is read while it is refused, "
                        + "and it is read on from its saved position once the file is back", listed, e.getMessage());
                return path;
            }
            throw e;
        }
    }

    /** Why the followed list could not be saved the last time, or null. */
    public String followedListError() {
        return followedListError;
    }

    private boolean saveFollowed() {
        try {
            // a glob's files are not listed: the glob is, and finds them again after a restart
            Set<String> members = new java.util.HashSet<>();
            globs.values().forEach(g -> members.addAll(g.members));
            List<FollowedFile> files = Stream.concat(
                    followed.values().stream().filter(f -> !members.contains(f.path())),
                    globs.values().stream().map(g -> g.entry)).toList();
            followedSet.save(files, followedAgainLater.values());
            if (followedListError != null) {
                log.info("The list of followed files is saved again in {}", followedSet.file());
            }
            followedListError = null;
            return true;
        } catch (IOException | RuntimeException e) {
            String error = "cannot save the list of followed files to " + followedSet.file() + ": " + e;
            if (!error.equals(followedListError)) { // retried every scan delay: logged when it starts or changes
                log.error("Cannot save the list of followed files to {}: {}; reading goes on, saving is retried every "
                        + "scan, but until it succeeds a restart would not follow them again", followedSet.file(), e.toString());
            }
            followedListError = error;
            return false;
        }
    }

    private void forget(FollowedFile file) {
        if (positions != null) {
            positions.delete(file.path());
        }
    }

    private void removeRoute(FollowedFile file) {
        try {
            camel.getRouteController().stopRoute(file.routeId());
            camel.removeRoute(file.routeId());
        } catch (Exception e) {
            log.warn("Could not remove tail route {} of {}: {}", file.routeId(), file.path(), e.getMessage());
        }
        windows.forgetSource(file.path());
        if (stats != null) {
            // its lines-read meter would stay on /actuator/prometheus for ever, and a file followed again counts from 0
            stats.forget(file.path());
        }
        log.info("Stopped following {} (route {})", file.path(), file.routeId());
    }

    /**
     * The followed file that is this very file under another name (a symlink or hard link inside the roots), judged
     * by device and inode: followed twice, every line would be read, scored and alerted twice.
     */
    private FollowedFile sameFileFollowedAs(Path path) {
        Object key = fileKey(path);
        if (key == null) {
            return null;
        }
        for (FollowedFile file : followed.values()) {
            if (key.equals(fileKey(Path.of(file.path())))) {
                return file;
            }
        }
        return null;
    }

    private static Object fileKey(Path path) {
        try {
            return Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * A path with glob characters is a glob, unless a file of that very name exists: {@code app[1].log} or
     * {@code x{y}.log} on disk are followed as the files they are.
     */
    private static boolean isGlobRequest(String path) {
        if (path == null || !TailSource.Globs.isGlob(path)) {
            return false;
        }
        try {
            return !Files.isRegularFile(Path.of(path.trim()));
        } catch (java.nio.file.InvalidPathException e) {
            return true; // refused as a glob below, with the reason
        }
    }

    /**
     * Follows every file a glob matches, now and as they appear. Excludes: logwarden.tail.exclude and those of a
     * logwarden.tail.sources entry with this same path. Files found by the first scan of a newly started glob are
     * read from {@code from}; files found later, or after a restart, from their start (or their saved position).
     */
    private Started startGlob(String requested, Integer windowSize, String from, boolean restored) {
        int size = windowSize(windowSize);
        StartFrom startFrom = startFrom(from);
        String pattern = Path.of(requested.trim()).toAbsolutePath().normalize().toString();
        FollowedGlob existing = globs.get(pattern);
        if (existing != null) {
            return new Started(existing.entry, true);
        }
        List<String> excludes = new java.util.ArrayList<>(sourceProperties.exclude());
        for (TailSource source : sourceProperties.sources()) {
            if (Path.of(source.path()).toAbsolutePath().normalize().toString().equals(pattern)) {
                excludes.addAll(source.exclude());
            }
        }
        FollowedFile entry = new FollowedFile(pattern, "glob-" + routeIdFor(Path.of(pattern)), size, startFrom, Instant.now());
        FollowedGlob glob;
        try {
            glob = new FollowedGlob(pattern, entry, excludes, restored);
        } catch (java.util.regex.PatternSyntaxException | java.nio.file.InvalidPathException e) {
            throw new TailRequestException(Kind.INVALID, "invalid_glob", "\"" + shorten(requested) + "\" is neither an existing "
                    + "file nor a valid glob (* ? [abc] {a,b}): " + shorten(e.getMessage().lines().findFirst().orElse("")));
        }
        allowedRoots.checkDirectory(glob.base(), requested);
        globs.put(pattern, glob);
        followedAgainLater.remove(pattern);
        saveFollowed();
        log.info("Following the glob {} (files under {}, excluding {}, window {}, from {} for the files there now)", pattern,
                glob.base(), excludes, size, startFrom.value());
        scan(glob);
        if (!restored && followedListError != null) {
            throw new TailRequestException(Kind.FAILED, "followed_list_not_saved", pattern + " is being followed now, but "
                    + followedListError + "; after a restart it would not be followed again");
        }
        return new Started(entry, false);
    }

    /** Starts the discovery of new files under the followed globs, every scan delay. */
    @EventListener(ApplicationReadyEvent.class)
    public void startDiscovery() {
        long every = Math.max(10, tailProperties.scanStreamDelay());
        discovery.scheduleWithFixedDelay(this::discover, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    public void stopDiscovery() {
        discovery.shutdownNow();
        // the last chance: a list never saved since a failure would lose its files at the restart
        synchronized (this) {
            if (followedListError != null) {
                saveFollowed();
            }
        }
    }

    /**
     * One look at every followed glob: follows new matching files, stops finished ones whose name is gone.
     * A followed list that could not be saved is saved again first, so the health clears once the disk lets it.
     */
    public synchronized void discover() {
        if (followedListError != null) {
            saveFollowed();
        }
        if (stream.isReadingStopped()) {
            return; // shutting down: no new reader may start while the pipeline drains
        }
        for (FollowedGlob glob : globs.values()) {
            try {
                scan(glob);
            } catch (RuntimeException e) {
                glob.scanError = e.toString();
                log.warn("Cannot look for new files of the glob {}: {}", glob.pattern, e.toString());
            }
        }
    }

    private void scan(FollowedGlob glob) {
        Set<Path> found;
        try {
            found = glob.scan();
            glob.scanError = null;
        } catch (IOException e) {
            if (glob.scanError == null) {
                log.warn("Cannot list {} for the glob {}: {}; trying again every scan", glob.base(), glob.pattern, e.toString());
            }
            glob.scanError = "cannot list " + glob.base() + ": " + e;
            return;
        }
        glob.matched = found.size();
        StartFrom from = glob.scannedOnce || glob.restored ? StartFrom.BEGINNING : glob.entry.from();
        int blocked = 0;
        for (Path file : found) {
            String key = file.toString();
            if (followed.containsKey(key) || glob.stoppedByHand.contains(key)) {
                continue;
            }
            if (followed.size() >= sourceProperties.maxOpenFiles()) {
                blocked++;
                continue;
            }
            try {
                Path checked = allowedRoots.checkReadableFile(key);
                StartFrom start = from;
                if (from == StartFrom.BEGINNING) {
                    Optional<StartFrom> rotated = rotatedGeneration(checked);
                    if (rotated.isEmpty()) {
                        continue; // another reader is still on this file under its old name: look again next scan
                    }
                    start = rotated.get();
                }
                glob.members.add(checked.toString());
                follow(checked, glob.entry.windowSize(), start, false);
                if (glob.refused.remove(key) != null) {
                    log.info("{} (glob {}) is followed now", key, glob.pattern);
                }
            } catch (TailRequestException | IllegalStateException e) {
                glob.members.remove(key);
                if (glob.refused.put(key, e.getMessage()) == null) {
                    log.warn("Not following {} matched by the glob {}: {}", key, glob.pattern, e.getMessage());
                }
            }
        }
        if (blocked != glob.notFollowedLimit) {
            if (blocked > 0) {
                log.warn("{} file(s) matched by the glob {} are not followed: {} files are followed and "
                        + "logwarden.tail.max-open-files is {}", blocked, glob.pattern, followed.size(), sourceProperties.maxOpenFiles());
            } else if (glob.notFollowedLimit > 0) {
                log.info("Every file matched by the glob {} is followed again (below logwarden.tail.max-open-files)", glob.pattern);
            }
            glob.notFollowedLimit = blocked;
        }
        glob.refused.keySet().retainAll(found.stream().map(Path::toString).toList());
        for (String member : List.copyOf(glob.members)) {
            if (!found.contains(Path.of(member)) && finished(member)) {
                FollowedFile file = followed.remove(member);
                glob.members.remove(member);
                if (file != null) {
                    removeRoute(file);
                    forget(file);
                    log.info("{} (glob {}) is gone and was read to its end; no longer followed", member, glob.pattern);
                }
            }
        }
        glob.scannedOnce = true;
        glob.scans++;
    }

    /**
     * Where a glob's new match is read from: its start, unless another reader of this service has read it under
     * another name (app.log renamed to app.log.1 by a rotation, matched by the same glob): then from its end, since
     * its lines were read already (reading them again under the new name processed every line of the generation
     * twice). Empty (look again next scan) while that reader still reads it under its old name, or reads the file
     * it is copytruncate's copy of and has not seen the cut yet (then it reads the copy's unread lines itself).
     */
    private Optional<StartFrom> rotatedGeneration(Path file) {
        ReaderClaim.Candidate candidate;
        try {
            long[] devIno = FileIdentity.devIno(file);
            Path real = allowedRoots.checkOpen(file);
            if (!Files.isRegularFile(real)) {
                return Optional.of(StartFrom.BEGINNING); // swapped for a FIFO since the check: the follower refuses it
            }
            try (FileChannel channel = FileChannel.open(real, StandardOpenOption.READ)) {
                candidate = ReaderClaim.Candidate.of(devIno, channel, file);
            }
        } catch (IOException e) {
            return Optional.of(StartFrom.BEGINNING); // the follower's own open reports what is wrong
        }
        ReaderClaim claim = tailRegistry.claimElsewhere(file.toString(), candidate);
        switch (claim.kind()) {
            case READ:
                log.info("{} is a generation {} has read (rotated); following it from its end", file, claim.reader());
                return Optional.of(StartFrom.END);
            case FOLLOWED:
                return Optional.of(StartFrom.BEGINNING); // another link of a followed file: refused as such
            case READING, COPY_OF_READING:
                return Optional.empty();
            default:
                return Optional.of(StartFrom.BEGINNING);
        }
    }

    /** The name is gone, its reader has read every generation to its end and the pipeline finished its lines. */
    private boolean finished(String path) {
        if (Files.exists(Path.of(path), LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        return tailRegistry.state(path)
                .map(s -> s.phase() == TailState.Phase.WAITING_FOR_FILE && s.linesInFlight() == 0)
                .orElse(true);
    }

    /**
     * The path as a Camel endpoint option value taken literally: a file name is not URI syntax, and pasted into
     * the endpoint URI a name like {@code q&fileName=..%2Fetc%2Fpasswd} would add options of its own. RAW(...) ends at
     * a ')' followed by '&' or the end, RAW{...} likewise at '}'; a name with both ")&" and "}&" cannot be passed.
     * Camel resolves property placeholders in route template values before RAW is read, so a name holding
     * "{{" or "}}" would be read as a placeholder (a setting's value, or {{env:...}}) and is refused.
     */
    static String rawOption(String path) {
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new TailRequestException(Kind.INVALID, "invalid_path", "file names containing control characters (tab, newline, ...) "
                    + "cannot be followed");
        }
        if (path.contains("{{") || path.contains("}}")) {
            throw new TailRequestException(Kind.INVALID, "invalid_path", "file names containing \"{{\" or \"}}\" cannot be followed: "
                    + "Camel would read them as property placeholders");
        }
        if (!path.contains(")&")) {
            return "RAW(" + path + ")";
        }
        if (!path.contains("}&")) {
            return "RAW{" + path + "}";
        }
        throw new TailRequestException(Kind.INVALID, "invalid_path", "file names containing both \")&\" and \"}&\" cannot be followed");
    }

    /**
     * The route id of a followed file: its path made readable for Hawtio and the logs. Two names can make the same
     * readable form ({@code coll_1.log} and {@code coll#1.log}), so a name that needed changing gets a short hash of
     * the real path: otherwise the second start would replace the first file's route and that file stop silently.
     */
    static String routeIdFor(Path path) {
        String text = path.toString();
        String readable = text.replaceAll("[^A-Za-z0-9._/-]+", "_").replace('/', '_').replaceAll("^_+", "");
        String plain = text.replace('/', '_').replaceAll("^_+", "");
        if (readable.equals(plain) && !text.contains("_")) {
            return "tail-" + readable;
        }
        return "tail-" + readable + "-" + Integer.toHexString(text.hashCode() & 0x7fffffff);
    }
}
