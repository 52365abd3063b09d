package io.logwarden.settings;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Refuses to start without route files. The REST API, the WebSocket and tailing are YAML routes read from
 * {@code logwarden.routes-dir} (operators edit them without rebuilding the jar); a jar started elsewhere than
 * the checkout stopped with a bare {@code NoSuchFileException: routes} after a minute, and with an empty
 * directory it reported ready while serving no API at all, so a misdeployed pod passed its probes.
 */
public class RoutesDirectoryCheck implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        check(Path.of(environment.getProperty("logwarden.routes-dir", "routes")));
    }

    static void check(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        String action = "Start the service from the project's directory (make run), or set logwarden.routes-dir "
                + "(LOGWARDEN_ROUTESDIR) to a directory holding its routes/*.yaml files.";
        if (!Files.isDirectory(absolute)) {
            throw new StartupRefusal("The routes directory " + absolute + " (logwarden.routes-dir) "
                    + (Files.exists(absolute) ? "is not a directory" : "does not exist") + ": the REST API, the "
                    + "WebSocket and tailing are defined by the YAML routes there.", action);
        }
        try (DirectoryStream<Path> routes = Files.newDirectoryStream(absolute, "*.yaml")) {
            if (!routes.iterator().hasNext()) {
                throw new StartupRefusal("The routes directory " + absolute + " (logwarden.routes-dir) holds no "
                        + "*.yaml route: the service would answer its probes and serve no API.", action);
            }
        }
        catch (IOException e) {
            throw new StartupRefusal("The routes directory " + absolute + " cannot be read: " + e.getMessage(), action);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after application.yaml and the profiles are loaded
    }
}
