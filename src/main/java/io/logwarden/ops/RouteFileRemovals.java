package io.logwarden.ops;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Route;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;

/**
 * Completes Camel's route reload for deleted files. Camel 4.17's watcher reacts to created and modified
 * files only: a deleted file's routes keep running, and because the watcher remembers every file it
 * loaded, each later reload fails with "Resource not found" for the deleted one. This removes the routes
 * whose source is the deleted file and makes the watcher forget it; routes/route-files.yaml watches the
 * directory (camel-file-watch) and calls it.
 */
@Component
public class RouteFileRemovals {

    private static final Logger log = LoggerFactory.getLogger(RouteFileRemovals.class);

    private final CamelContext camel;

    public RouteFileRemovals(CamelContext camel) {
        this.camel = camel;
    }

    /**
     * Removes the routes loaded from a file that no longer exists; routes/route-files.yaml calls it with the
     * deleted file's path (file-watch's DELETE event).
     */
    public void removed(@Header("CamelFileAbsolutePath") String path, Exchange exchange) {
        Path file = Path.of(path).toAbsolutePath().normalize();
        for (Route route : List.copyOf(camel.getRoutes())) {
            if (!from(route.getSourceResource(), file)) {
                continue;
            }
            if (route.getRouteId().equals(exchange.getFromRouteId())) {
                // stopping the route this exchange runs on would wait for the exchange itself
                log.warn("The route file {} was deleted, but its route {} watches for deleted route files and keeps running until a restart",
                        file, route.getRouteId());
            } else {
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
