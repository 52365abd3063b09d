package io.logwarden.tail;

import io.logwarden.web.ApiException;
import io.logwarden.window.SlidingWindowStrategy;
import io.logwarden.window.WindowProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts and stops the per-file tail routes, each created from the {@code tail-file} route template
 * in routes/tail.yaml, so that how a file is read stays in the YAML and out of the Java.
 * The followed set is kept in {@code <data-dir>/tail/followed.json} and followed again at start-up;
 * stopping a file through the API removes it from that set and deletes its read position, so a later
 * start honours the "from" it asks for instead of resuming an old position.
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

    public TailManager(CamelContext camel, AllowedRoots allowedRoots, TailProperties tailProperties,
                       WindowProperties windowProperties, SlidingWindowStrategy windows, TailRegistry tailRegistry,
                       TailingStreamComponent stream, @Value("${logwarden.data-dir}") String dataDir) {
        this.camel = camel;
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
        Started started = follow(allowedRoots.checkReadableFile(requestedPath), windowSize, from);
        if (!started.alreadyFollowed() && followedListError != null) {
            throw new ApiException(500, "followed_list_not_saved", started.file().path() + " is being followed now, but "
                    + followedListError + "; after a restart it would not be followed again");
        }
        return started;
    }

    private Started follow(Path path, Integer windowSize, String from) {
        int size = windowSize == null ? windowProperties.size() : windowSize;
        if (size < windowProperties.minSize() || size > windowProperties.maxSize()) {
            throw new ApiException(400, "invalid_window_size", "\"window_size\" must be between " + windowProperties.minSize()
                    + " and " + windowProperties.maxSize() + ", got " + size);
        }
        StartFrom startFrom;
        try {
            startFrom = StartFrom.parse(from == null ? tailProperties.startFrom() : from);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid_from", e.getMessage());
        }
        String key = path.toString();
        FollowedFile existing = followed.get(key);
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
        followedAgainLater.remove(key);
        saveFollowed();
        log.info("Following {} (route {}, window {}, from {})", key, routeId, size, startFrom.value());
        return new Started(file, false);
    }

    /** Stops following one file; empty when it was not followed. */
    public synchronized Optional<FollowedFile> stop(String requestedPath) {
        if (requestedPath == null || requestedPath.isBlank()) {
            throw new ApiException(400, "missing_log_file", "\"log_file\" must name the file to stop following");
        }
        String key = Path.of(requestedPath.trim()).toAbsolutePath().normalize().toString();
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
        saveFollowed();
        return Optional.of(file);
    }

    public synchronized List<FollowedFile> stopAll() {
        List<FollowedFile> stopped = List.copyOf(followed.values());
        followed.clear();
        followedAgainLater.clear();
        stopped.forEach(this::removeRoute);
        stopped.forEach(this::forget);
        saveFollowed();
        return stopped;
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
                    follow(restorablePath(entry.path()), entry.windowSize(), entry.from());
                }
            } catch (ApiException e) {
                log.error("Cannot follow {} again after the restart ({}: {}); it stays listed in {} and is retried at the next start. "
                        + "Stop it through POST /api/v1/streaming/stop to forget it", entry.path(), e.getCode(), e.getMessage(), followedSet.file());
                followedAgainLater.put(entry.path(), entry);
            } catch (RuntimeException e) {
                log.error("Cannot follow {} again after the restart: {}", entry.path(), e.getMessage());
                followedAgainLater.put(entry.path(), entry);
            }
        }
    }

    /** The tail reader's status of a followed file (identity, position, size, lag, rotations, lines, errors). */
    public Map<String, Object> tailStatus(String path) {
        return tailRegistry.state(path).map(TailState::describe).orElse(null);
    }

    public Collection<FollowedFile> followed() {
        return List.copyOf(followed.values());
    }

    /** The Camel state of a file's route (Started, Stopped, ...), as JMX and Hawtio show it. */
    public String routeState(FollowedFile file) {
        Route route = camel.getRoute(file.routeId());
        return route == null ? "Removed" : camel.getRouteController().getRouteStatus(file.routeId()).name();
    }

    /**
     * The path of a file followed before the restart. A file missing now (renamed away by a rotation while
     * the service was down and not recreated yet) is followed all the same: its reader finishes the rotated
     * generation and waits for the name to come back. Any other refusal stands.
     */
    private Path restorablePath(String listed) {
        try {
            return allowedRoots.checkReadableFile(listed);
        } catch (ApiException e) {
            Path path = Path.of(listed).toAbsolutePath().normalize();
            if ("file_not_found".equals(e.getCode()) && !Files.exists(path, LinkOption.NOFOLLOW_LINKS)
                    && allowedRoots.roots().stream().anyMatch(path::startsWith)) {
                log.warn("{} does not exist now; following it again all the same (a rotated generation is read first, "
                        + "the name when it comes back)", listed);
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
            followedSet.save(followed.values(), followedAgainLater.values());
            if (followedListError != null) {
                log.info("The list of followed files is saved again in {}", followedSet.file());
            }
            followedListError = null;
            return true;
        } catch (IOException | RuntimeException e) {
            followedListError = "cannot save the list of followed files to " + followedSet.file() + ": " + e;
            log.error("Cannot save the list of followed files to {}: {}; reading goes on, but after a restart they "
                    + "would not be followed again", followedSet.file(), e.toString());
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
        log.info("Stopped following {} (route {})", file.path(), file.routeId());
    }

    /**
     * The path as a Camel endpoint option value taken literally: a file name is not URI syntax, and pasted into
     * the endpoint URI a name like {@code q&fileName=..%2Fetc%2Fpasswd} would add options of its own. RAW(...) ends at
     * a ')' followed by '&' or the end, RAW{...} likewise at '}'; a name with both ")&" and "}&" cannot be passed.
     * Camel resolves property placeholders in route template values before RAW is read, so a name holding
     * "{{" or "}}" would be read as a placeholder (a setting's value, or {{env:...}}) and is refused.
     */
    static String rawOption(String path) {
        if (path.contains("{{") || path.contains("}}")) {
            throw new ApiException(400, "invalid_path", "file names containing \"{{\" or \"}}\" cannot be followed: "
                    + "Camel would read them as property placeholders");
        }
        if (!path.contains(")&")) {
            return "RAW(" + path + ")";
        }
        if (!path.contains("}&")) {
            return "RAW{" + path + "}";
        }
        throw new ApiException(400, "invalid_path", "file names containing both \")&\" and \"}&\" cannot be followed");
    }

    static String routeIdFor(Path path) {
        return "tail-" + path.toString().replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^_+", "");
    }
}
