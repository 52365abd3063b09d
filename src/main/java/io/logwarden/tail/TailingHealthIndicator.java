package io.logwarden.tail;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Health contributor "tailing": DOWN while any followed file cannot be read (its reader is retrying
 * with backoff), with the error per file; UP otherwise, with each file's state and lag.
 */
@Component("tailingHealthIndicator")
public class TailingHealthIndicator extends AbstractHealthIndicator {

    private final TailRegistry registry;

    public TailingHealthIndicator(TailRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, Object> files = new LinkedHashMap<>();
        boolean failing = false;
        for (TailState s : registry.states()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("state", s.phase().name().toLowerCase(java.util.Locale.ROOT));
            d.put("lag_bytes", s.lag());
            if (s.failing()) {
                failing = true;
                d.put("error", s.lastError());
            }
            files.put(s.path(), d);
        }
        (failing ? builder.down() : builder.up()).withDetail("files", files);
    }
}
