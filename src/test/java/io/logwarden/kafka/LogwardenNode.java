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
import java.util.LinkedHashMap;
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

    /** Starts a node; {@code settings} are {@code --name=value} arguments, replacing the common ones of the same name. */
    static LogwardenNode start(String name, Path root, Map<String, String> settings) {
        return new LogwardenNode(new SpringApplicationBuilder(Logwarden.class).run(arguments(name, root, settings)));
    }

    /**
     * The same node in a JVM of its own (the test classpath), output in {@code root/<name>.log}, so that it
     * can be killed like a crashed pod: SIGKILL, no shutdown hook, nothing committed on the way out.
     */
    static Process fork(String name, Path root, Map<String, String> settings) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Logwarden.class.getName()));
        command.addAll(List.of(arguments(name, root, settings)));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(root.resolve(name + ".log").toFile()).start();
    }

    private static String[] arguments(String name, Path root, Map<String, String> settings) {
        try {
            Path home = Files.createDirectories(root.resolve(name));
            Files.createDirectories(root.resolve("logs"));
            Files.createDirectories(root.resolve("models"));
            // settings replace these defaults (a repeated --name would bind as "first,second")
            Map<String, String> all = new LinkedHashMap<>();
            all.put("server.port", "0");
            all.put("logwarden.websocket.port", String.valueOf(FreePort.find()));
            all.put("logwarden.data-dir", home.resolve("data").toString());
            all.put("logwarden.models-dir", root.resolve("models").toString());
            all.put("logwarden.tail.allowed-roots", root.resolve("logs").toString());
            all.put("logwarden.tail.scan-stream-delay", "50");
            all.put("logwarden.scoring.warmup-windows", "5");
            all.put("logwarden.demo.enabled", "false");
            all.put("camel.main.routes-reload-enabled", "false");
            all.put("camel.main.name", name);
            all.put("camel.main.jmx-enabled", "false");
            all.put("spring.jmx.enabled", "false");
            all.putAll(settings);
            List<String> args = new ArrayList<>();
            all.forEach((key, value) -> args.add("--" + key + "=" + value));
            return args.toArray(String[]::new);
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
