package io.logwarden.tail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Follows the files and globs listed in logwarden.tail.follow and logwarden.tail.sources once the service is up. */
@Component
public class FollowAtStartup {

    private static final Logger log = LoggerFactory.getLogger(FollowAtStartup.class);
    private final TailProperties properties;
    private final TailSourceProperties sources;
    private final TailManager tails;

    public FollowAtStartup(TailProperties properties, TailSourceProperties sources, TailManager tails) {
        this.properties = properties;
        this.sources = sources;
        this.tails = tails;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void followConfiguredFiles() {
        java.util.List<String> all = new java.util.ArrayList<>(properties.follow());
        sources.sources().forEach(s -> all.add(s.path()));
        for (String file : all) {
            if (file.isBlank()) {
                continue;
            }
            try {
                tails.start(file, null, null);
            } catch (RuntimeException e) {
                log.error("Cannot follow {} from logwarden.tail.follow: {}", file, e.getMessage());
            }
        }
    }
}
