package io.logwarden.ops;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;

/**
 * Completes Camel's route reload for deleted files. Camel 4.17's watcher reacts to created and modified
 * files only: a deleted file's routes keep running, and because the watcher remembers every file it
 * loaded, each later reload fails with "Resource not found" for the deleted one. This removes the routes
 * whose source is the deleted file and makes the watcher forget it.
 */
@Component
public class RouteFileRemovals {

    private static final Logger log = LoggerFactory.getLogger(RouteFileRemovals.class);

    private final CamelContext camel;
    private final Path directory;
    private final boolean enabled;
    private WatchService watcher;

    public RouteFileRemovals(CamelContext camel, @Value("${camel.main.routes-reload-directory:}") String directory,
                             @Value("${camel.main.routes-reload-enabled:false}") boolean enabled) {
        this.camel = camel;
        this.directory = directory.isBlank() ? null : Path.of(directory).toAbsolutePath().normalize();
        this.enabled = enabled;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void watch() throws IOException {
        if (!enabled || directory == null) {
            return;
        }
        watcher = FileSystems.getDefault().newWatchService();
        directory.register(watcher, StandardWatchEventKinds.ENTRY_DELETE);
        Thread thread = new Thread(this::loop, "route-file-removals");
        thread.setDaemon(true);
        thread.start();
    }

    @jakarta.annotation.PreDestroy
    public void close() throws IOException {
        if (watcher != null) {
            watcher.close();
        }
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.context() instanceof Path name && name.toString().endsWith(".yaml")) {
                        removed(directory.resolve(name));
                    }
                }
                key.reset();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // shutting down
        }
    }

    /** Removes the routes loaded from a file that no longer exists. */
    void removed(Path file) {
        for (Route route : List.copyOf(camel.getRoutes())) {
            if (from(route.getSourceResource(), file)) {
                try {
                    camel.getRouteController().stopRoute(route.getRouteId());
                    camel.removeRoute(route.getRouteId());
                    log.info("Removed route {}: its file {} was deleted", route.getRouteId(), file);
                } catch (Exception e) {
                    log.warn("Could not remove route {} of the deleted file {}: {}", route.getRouteId(), file, e.getMessage());
                }
            }
        }
        forget(file);
    }

    @SuppressWarnings("unchecked")
    private void forget(Path file) {
        RouteWatcherReloadStrategy strategy = camel.hasService(RouteWatcherReloadStrategy.class);
        if (strategy == null) {
            return;
        }
        try {
            Field field = RouteWatcherReloadStrategy.class.getDeclaredField("previousSources");
            field.setAccessible(true);
            List<Resource> previous = (List<Resource>) field.get(strategy);
            synchronized (previous) {
                previous.removeIf(resource -> from(resource, file));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("Camel still remembers the deleted route file {}; later reloads may report it missing until a restart ({})",
                    file, e.toString());
        }
    }

    private static boolean from(Resource resource, Path file) {
        if (resource == null || resource.getLocation() == null) {
            return false;
        }
        String location = resource.getLocation().replaceFirst("^file:", "");
        try {
            return Path.of(location).toAbsolutePath().normalize().equals(file);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
