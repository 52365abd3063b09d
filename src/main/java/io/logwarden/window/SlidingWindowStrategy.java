package io.logwarden.window;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import io.logwarden.parse.LogEvent;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.LongAdder;

/**
 * Turns the aggregate EIP's tumbling groups into sliding windows. The aggregator completes a group as
 * soon as its buffer is full; on completion this strategy keeps the buffer aside as the key's
 * "carry" and hands it back when the key's next line starts a new group, so every further line
 * completes a window that overlaps the previous one by N events.
 *
 * <p>Carries are the only long-lived state, held in a Caffeine cache: at most {@code maxKeys} of them
 * (beyond that Caffeine evicts by recency and frequency, so a busy source keeps its history through a
 * burst of one-off session keys) and none idle for longer than {@code idleTimeout} (expired by Caffeine's
 * scheduler even when no line arrives), so memory is bounded however many sessions a log interleaves.
 */
@Component
public class SlidingWindowStrategy implements AggregationStrategy {

    /**
     * Runs Caffeine's expiry of idle keys. Not {@code Scheduler.systemScheduler()}: it schedules on the JDK's
     * CompletableFuture delayer, and cancelling what it returns leaves the delayed task queued. Every line
     * takes its key's carry out and puts it back, so the cache is often empty for an instant and Caffeine
     * cancels and reschedules its idle-timeout task: one task per line left queued for the whole idle timeout
     * (170,000 of them in a benchmark's heap, which ran out under `make run`'s limits). Here a cancelled task
     * leaves the queue at once.
     */
    private static final ScheduledThreadPoolExecutor EXPIRY = expiryExecutor();

    private final WindowProperties properties;
    private final Cache<String, WindowBuffer> carries;
    private final LongAdder evicted = new LongAdder();

    @Autowired
    public SlidingWindowStrategy(WindowProperties properties) {
        this(properties, Ticker.systemTicker());
    }

    /** With the clock idle keys are measured by (a test's own, to expire keys without waiting). */
    SlidingWindowStrategy(WindowProperties properties, Ticker ticker) {
        this.properties = properties;
        this.carries = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumSize(properties.maxKeys())
                .expireAfterAccess(properties.idleTimeout())
                .scheduler(Scheduler.forScheduledExecutorService(EXPIRY))
                // maintenance (and so the eviction count) on the calling thread: openKeys() is exact after cleanUp
                .executor(Runnable::run)
                .removalListener((String key, WindowBuffer buffer, RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        evicted.increment();
                    }
                })
                .build();
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
        carries.put(buffer.key(), buffer);
        group.getMessage().setBody(window);
    }

    /** Expiry tasks waiting to run (at most a few whatever the traffic: cancelled ones are removed). */
    static int pendingExpiryTasks() {
        return EXPIRY.getQueue().size();
    }

    private static ScheduledThreadPoolExecutor expiryExecutor() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "logwarden-window-expiry");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** How many correlation keys currently hold a window (after evicting what is over the limit or idle). */
    public int openKeys() {
        carries.cleanUp();
        return Math.toIntExact(carries.estimatedSize());
    }

    /** Keys forgotten because there were too many or they were idle (not those of sources stopped on purpose). */
    public long evictedKeys() {
        return evicted.sum();
    }

    /** Forgets every window of a source, e.g. when its file is no longer followed. */
    public void forgetSource(String source) {
        carries.asMap().values().removeIf(buffer -> buffer.source().equals(source));
    }

    private WindowBuffer takeCarry(Exchange line, LogEvent event) {
        String key = line.getMessage().getHeader(WindowHeaders.KEY, event.source(), String.class);
        WindowBuffer carry = carries.asMap().remove(key);
        if (carry != null) {
            return carry;
        }
        int size = line.getMessage().getHeader(WindowHeaders.SIZE, properties.size(), Integer.class);
        return new WindowBuffer(event.source(), key, size);
    }
}
