package io.logwarden.tail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Follows the files listed in logwarden.tail.follow once the service is up. */
@Component
public class FollowAtStartup {

    private static final Logger log = LoggerFactory.getLogger(FollowAtStartup.class);
    private final TailProperties properties;
    private final TailManager tails;

    public FollowAtStartup(TailProperties properties, TailManager tails) {
        this.properties = properties;
        this.tails = tails;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void followConfiguredFiles() {
        for (String file : properties.follow()) {
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
