package io.logwarden.tail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Wakes a file's reader when its directory reports a change to its name (Java's WatchService, inotify on
 * Linux), so a line written to an idle file is read at once instead of at the next scan. The scan stays
 * the guarantee: a change the watch misses (a symlink's target elsewhere, an event queue overflow, a file
 * system without notifications) is still found within one scan delay.
 */
final class FileChangeWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FileChangeWatcher.class);

    /** One followed name and what wakes its reader; {@link #close()} stops the wake-ups. */
    interface Registration extends AutoCloseable {
        @Override
        void close();

        /** Whether the file's directory is watched now, so that a change there wakes the reader without a look. */
        boolean active();
    }

    private final WatchService service;
    private final Thread thread;
    private final Map<Path, WatchKey> keys = new ConcurrentHashMap<>();
    private final Map<Path, List<Runnable>> byFile = new ConcurrentHashMap<>();

    FileChangeWatcher(String threadName) throws IOException {
        this.service = FileSystems.getDefault().newWatchService();
        this.thread = new Thread(this::loop, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Wakes {@code wake} when the directory of {@code file} reports a change to its name. The directory is watched
     * while at least one followed file in it is: closing the last registration there cancels its watch.
     */
    Registration watch(Path file, Runnable wake) {
        Path dir = file.getParent();
        synchronized (byFile) {
            byFile.computeIfAbsent(file, f -> new CopyOnWriteArrayList<>()).add(wake);
            if (dir != null) {
                keys.computeIfAbsent(dir, d -> {
                    try {
                        return d.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                                StandardWatchEventKinds.ENTRY_DELETE);
                    } catch (IOException | RuntimeException e) {
                        log.debug("Not watching {} for changes ({}); its files are looked at every scan delay", d, e.toString());
                        return null;
                    }
                });
            }
        }
        return new Registration() {
            @Override
            public void close() {
                unwatch(file, wake);
            }

            @Override
            public boolean active() {
                WatchKey key = dir == null ? null : keys.get(dir);
                return key != null && key.isValid();
            }
        };
    }

    private void unwatch(Path file, Runnable wake) {
        synchronized (byFile) {
            List<Runnable> wakes = byFile.get(file);
            if (wakes == null || !wakes.remove(wake)) {
                return;
            }
            if (wakes.isEmpty()) {
                byFile.remove(file);
            }
            Path dir = file.getParent();
            if (dir != null && byFile.keySet().stream().noneMatch(f -> dir.equals(f.getParent()))) {
                // each watched directory holds an inotify watch (a kernel-wide limited resource) until cancelled
                WatchKey key = keys.remove(dir);
                if (key != null) {
                    key.cancel();
                }
            }
        }
    }

    /** The directories watched now (one watch each). */
    Set<Path> watchedDirectories() {
        return Set.copyOf(keys.keySet());
    }

    private void loop() {
        while (true) {
            WatchKey key;
            try {
                key = service.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            Path dir = (Path) key.watchable();
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                    byFile.forEach((file, wakes) -> {
                        if (dir.equals(file.getParent())) {
                            wakes.forEach(FileChangeWatcher::run);
                        }
                    });
                } else {
                    List<Runnable> wakes = byFile.get(dir.resolve((Path) event.context()));
                    if (wakes != null) {
                        wakes.forEach(FileChangeWatcher::run);
                    }
                }
            }
            if (!key.reset()) {
                // the directory is gone (or its watch cancelled): registered again by the next reader that asks
                keys.remove(dir, key);
            }
        }
    }

    private static void run(Runnable wake) {
        try {
            wake.run();
        } catch (RuntimeException e) {
            log.warn("Waking a file reader failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            log.debug("Closing the file change watch: {}", e.toString());
        }
        thread.interrupt();
    }
}
