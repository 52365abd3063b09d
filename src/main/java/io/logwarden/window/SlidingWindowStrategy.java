package io.logwarden.window;

import io.logwarden.parse.LogEvent;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the aggregate EIP's tumbling groups into sliding windows. The aggregator completes a group as
 * soon as its buffer is full; on completion this strategy keeps the buffer aside as the key's
 * "carry" and hands it back when the key's next line starts a new group, so every further line
 * completes a window that overlaps the previous one by N events.
 *
 * <p>Carries are the only long-lived state: at most {@code maxKeys} of them (least recently used
 * evicted first) and none idle for longer than {@code idleTimeout}, so memory is bounded however
 * many sessions a log interleaves.
 */
@Component
public class SlidingWindowStrategy implements AggregationStrategy {

    private static final Logger log = LoggerFactory.getLogger(SlidingWindowStrategy.class);

    private final WindowProperties properties;
    private final Map<String, WindowBuffer> carries;
    private long evicted;

    public SlidingWindowStrategy(WindowProperties properties) {
        this.properties = properties;
        this.carries = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, WindowBuffer> eldest) {
                boolean full = size() > properties.maxKeys();
                if (full) {
                    evicted++;
                }
                return full;
            }
        };
    }

    @Override
    public Exchange aggregate(Exchange group, Exchange line) {
        LogEvent event = line.getMessage().getBody(LogEvent.class);
        if (group == null) {
            WindowBuffer buffer = takeCarry(line, event);
            buffer.add(event);
            line.getMessage().setBody(buffer);
            return line;
        }
        group.getMessage().getBody(WindowBuffer.class).add(event);
        return group;
    }

    @Override
    public void onCompletion(Exchange group) {
        WindowBuffer buffer = group.getMessage().getBody(WindowBuffer.class);
        if (buffer == null) {
            return;
        }
        Window window = buffer.toWindow();
        synchronized (carries) {
            carries.put(buffer.key(), buffer);
        }
        group.getMessage().setBody(window);
    }

    /** How many correlation keys currently hold a window. */
    public int openKeys() {
        synchronized (carries) {
            return carries.size();
        }
    }

    public long evictedKeys() {
        synchronized (carries) {
            return evicted;
        }
    }

    /** Forgets every window of a source, e.g. when its file is no longer followed. */
    public void forgetSource(String source) {
        synchronized (carries) {
            carries.values().removeIf(buffer -> buffer.source().equals(source));
        }
    }

    @Scheduled(fixedDelayString = "${logwarden.window.eviction-check:PT30S}")
    public void evictIdleKeys() {
        long cutoff = System.nanoTime() - properties.idleTimeout().toNanos();
        int before;
        int after;
        synchronized (carries) {
            before = carries.size();
            carries.values().removeIf(buffer -> buffer.lastSeenNanos() < cutoff);
            after = carries.size();
            evicted += before - after;
        }
        if (before != after) {
            log.debug("Forgot {} idle window keys (idle longer than {}), {} remain", before - after, properties.idleTimeout(), after);
        }
    }

    private WindowBuffer takeCarry(Exchange line, LogEvent event) {
        String key = line.getMessage().getHeader(WindowHeaders.KEY, event.source(), String.class);
        WindowBuffer carry;
        synchronized (carries) {
            carry = carries.remove(key);
        }
        if (carry != null) {
            return carry;
        }
        int size = line.getMessage().getHeader(WindowHeaders.SIZE, properties.size(), Integer.class);
        return new WindowBuffer(event.source(), key, size);
    }
}
