package io.logwarden.kafka;

import io.logwarden.Logwarden;
import io.logwarden.support.FreePort;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One whole Logwarden process (Spring context, Camel routes from routes/, H2 in its own data
 * directory, free ports) inside the test JVM, started with command-line settings as an operator would:
 * several of them (an agent and detectors) run side by side against one broker.
 */
final class LogwardenNode implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private LogwardenNode(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts a node; {@code settings} are added as {@code --name=value} arguments after the common ones. */
    static LogwardenNode start(String name, Path root, Map<String, String> settings) {
        try {
            Path home = Files.createDirectories(root.resolve(name));
            Files.createDirectories(root.resolve("logs"));
            Files.createDirectories(root.resolve("models"));
            List<String> args = new ArrayList<>(List.of(
                    "--server.port=0",
                    "--logwarden.websocket.port=" + FreePort.find(),
                    "--logwarden.data-dir=" + home.resolve("data"),
                    "--logwarden.models-dir=" + root.resolve("models"),
                    "--logwarden.tail.allowed-roots=" + root.resolve("logs"),
                    "--logwarden.tail.scan-stream-delay=50",
                    "--logwarden.scoring.warmup-windows=5",
                    "--logwarden.demo.enabled=false",
                    "--camel.main.routes-reload-enabled=false",
                    "--camel.main.name=" + name,
                    "--camel.main.jmx-enabled=false",
                    "--spring.jmx.enabled=false"));
            settings.forEach((key, value) -> args.add("--" + key + "=" + value));
            return new LogwardenNode(new SpringApplicationBuilder(Logwarden.class).run(args.toArray(String[]::new)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
