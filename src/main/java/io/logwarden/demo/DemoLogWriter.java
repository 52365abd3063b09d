package io.logwarden.demo;

import io.logwarden.settings.DataDirectory;
import io.logwarden.tail.TailManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live demo of `make run`: appends auth.log activity to a file the service follows like any
 * other, so a newcomer sees scores within seconds and an alert every {@code anomalyEvery}.
 */
@Component
@ConditionalOnProperty(prefix = "logwarden.demo", name = "enabled", havingValue = "true")
public class DemoLogWriter {

    private static final Logger log = LoggerFactory.getLogger(DemoLogWriter.class);

    private final DemoProperties properties;
    private final DataDirectory data;
    private final TailManager tails;
    private final AuthLogGenerator generator;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "demo-log-writer");
        thread.setDaemon(true);
        return thread;
    });
    private long nextAnomalyAt;

    public DemoLogWriter(DemoProperties properties, DataDirectory data, TailManager tails) {
        this.properties = properties;
        this.data = data;
        this.tails = tails;
        this.generator = new AuthLogGenerator(properties.seed() + System.currentTimeMillis(), "web-01", LocalDateTime.now());
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() throws IOException {
        Path file = properties.fileIn(data).toAbsolutePath();
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        tails.start(file.toString(), null, "end");
        nextAnomalyAt = System.nanoTime() + properties.anomalyEvery().toNanos();
        writer.scheduleWithFixedDelay(() -> writeActivity(file), 0, properties.activityEvery().toMillis(), TimeUnit.MILLISECONDS);
        log.info("Demo: writing auth.log activity to {} (an anomaly every {}); watch it with `java -jar target/logwarden.jar watch`",
                file, properties.anomalyEvery());
    }

    private void writeActivity(Path file) {
        generator.setClock(LocalDateTime.now());
        boolean anomalous = System.nanoTime() >= nextAnomalyAt;
        List<String> lines = anomalous ? generator.anomaly() : generator.normalActivity();
        if (anomalous) {
            nextAnomalyAt = System.nanoTime() + properties.anomalyEvery().toNanos();
            log.info("Demo: injected an anomaly of {} lines into {}", lines.size(), file);
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (String line : lines) {
                out.write(line);
                out.write('\n');
            }
        } catch (IOException e) {
            log.warn("Demo: could not append to {}: {}", file, e.getMessage());
        }
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        writer.shutdownNow();
    }
}
