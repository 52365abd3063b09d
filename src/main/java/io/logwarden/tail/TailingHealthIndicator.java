package io.logwarden.tail;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Health contributor "tailing": DOWN while any followed file cannot be read (its reader is retrying
 * with backoff), with the error per file; DEGRADED while reading goes on but a read position or the
 * followed list cannot be saved, a name holds something other than a regular file (a FIFO), or a followed
 * glob matches files the open-file limit keeps from being followed; UP
 * otherwise, with each file's state and lag.
 */
@Component("tailingHealthIndicator")
public class TailingHealthIndicator extends AbstractHealthIndicator {

    static final String DEGRADED = "DEGRADED";
    private final TailRegistry registry;
    private final Supplier<String> followedListError;
    private final Supplier<Map<String, String>> discoveryProblems;

    @Autowired
    public TailingHealthIndicator(TailRegistry registry, TailManager tails) {
        this(registry, tails::followedListError, tails::discoveryProblems);
    }

    TailingHealthIndicator(TailRegistry registry) {
        this(registry, () -> null, Map::of);
    }

    TailingHealthIndicator(TailRegistry registry, Supplier<String> followedListError,
                           Supplier<Map<String, String>> discoveryProblems) {
        this.registry = registry;
        this.followedListError = followedListError;
        this.discoveryProblems = discoveryProblems;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, Object> files = new LinkedHashMap<>();
        boolean failing = false;
        boolean degraded = false;
        for (TailState s : registry.states()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("state", s.phase().name().toLowerCase(java.util.Locale.ROOT));
            d.put("lag_bytes", s.lag());
            if (s.failing()) {
                failing = true;
                d.put("error", s.lastError());
            }
            if (s.degraded()) {
                degraded = true;
                d.put("error", s.positionError() != null ? s.positionError() : s.lastError());
            }
            files.put(s.path(), d);
        }
        String followedError = followedListError.get();
        if (followedError != null) {
            degraded = true;
            builder.withDetail("followed_list_error", followedError);
        }
        Map<String, String> globs = discoveryProblems.get();
        if (!globs.isEmpty()) {
            degraded = true; // files that should be followed are not (the open-file limit)
            builder.withDetail("globs", globs);
        }
        if (failing) {
            builder.down();
        } else if (degraded) {
            builder.status(DEGRADED);
        } else {
            builder.up();
        }
        builder.withDetail("files", files);
    }
}
