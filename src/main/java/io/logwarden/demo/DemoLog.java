package io.logwarden.demo;

import io.logwarden.settings.LogwardenProperties;
import io.logwarden.tail.TailManager;
import io.logwarden.tail.TailRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

/**
 * The live demo of `make run`: auth.log activity appended to a file the service follows like any other,
 * so a newcomer sees scores within seconds and an alert every {@code anomalyEvery}. The schedule is the
 * {@code demo-log-writer} route (routes/demo.yaml), which calls {@link #writeActivity}; it starts only when
 * {@code logwarden.demo.enabled} is true.
 */
@Component("demoLog")
public class DemoLog {

    private static final Logger log = LoggerFactory.getLogger(DemoLog.class);

    private final DemoProperties properties;
    private final Path file;
    private final TailManager tails;
    private final AuthLogGenerator generator;
    private long nextAnomalyAt;

    public DemoLog(DemoProperties properties, LogwardenProperties data, TailManager tails) {
        this.properties = properties;
        this.file = properties.fileIn(data).toAbsolutePath();
        this.tails = tails;
        this.generator = new AuthLogGenerator(properties.seed() + System.currentTimeMillis(), "web-01", LocalDateTime.now());
        this.nextAnomalyAt = System.nanoTime() + properties.anomalyEvery().toNanos();
    }

    /** Follows the demo log from its end once the service is ready, when the demo is on. */
    @EventListener(ApplicationReadyEvent.class)
    public void follow() throws IOException {
        if (!properties.enabled()) {
            return;
        }
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        try {
            tails.start(file.toString(), null, "end");
        } catch (TailRequestException e) {
            // as a refused logwarden.tail.follow entry is: the service runs on, the operator reads why
            log.error("Demo: cannot follow {}: {}. Add its directory to logwarden.tail.allowed-roots, or set "
                    + "logwarden.demo.enabled=false", file, e.getMessage());
            return;
        }
        log.info("Demo: writing auth.log activity to {} (an anomaly every {}); watch it with `java -jar target/logwarden.jar watch`",
                file, properties.anomalyEvery());
    }

    /** One normal activity (1-8 lines), or an anomaly when one is due. */
    public void writeActivity() {
        generator.setClock(LocalDateTime.now());
        boolean anomalous = System.nanoTime() >= nextAnomalyAt;
        List<String> lines = anomalous ? generator.anomaly() : generator.normalActivity();
        if (anomalous) {
            nextAnomalyAt = System.nanoTime() + properties.anomalyEvery().toNanos();
            log.info("Demo: injected an anomaly of {} lines into {}", lines.size(), file);
        }
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                for (String line : lines) {
                    out.write(line);
                    out.write('\n');
                }
            }
        } catch (IOException e) {
            log.warn("Demo: could not append to {}: {}", file, e.getMessage());
        }
    }
}
