package io.logwarden.window;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import io.logwarden.parse.LogEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.LongAdder;

/**
 * Forms the sliding window each line completes, a processor step of routes/windows.yaml: the line's event
 * joins its correlation key's buffer (the source, or source plus session key: {@link WindowKeys}) and the
 * newest N + 1 events become the exchange's body. This was the aggregate EIP with completionSize 1 and this
 * class as its strategy; per line it copied the exchange twice, took one lock for all keys and handed the
 * window on as a new exchange: 45% of the reading thread in a profile, for what is a map lookup here.
 * (The class keeps its name for the tail and Kafka code that forgets a source's windows through it.)
 *
 * <p>Buffers are the only long-lived state, held in a Caffeine cache: at most {@code maxKeys} of them
 * (beyond that Caffeine evicts by recency and frequency, so a busy source keeps its history through a
 * burst of one-off session keys) and none idle for longer than {@code idleTimeout} (expired by Caffeine's
 * scheduler even when no line arrives), so memory is bounded however many sessions a log interleaves.
 */
@Component
public class SlidingWindowStrategy implements Processor {

    /**
     * Runs Caffeine's expiry of idle keys. Not {@code Scheduler.systemScheduler()}: it schedules on the JDK's
     * CompletableFuture delayer, and cancelling what it returns leaves the delayed task queued. Whenever the
     * cache empties (a source stopped, every key idle) Caffeine cancels and reschedules its idle-timeout task:
     * when the aggregator took every line's buffer out and put it back, that was one task per line left queued
     * for the whole idle timeout (170,000 of them in a benchmark's heap, which ran out under `make run`'s
     * limits). Here a cancelled task leaves the queue at once.
     */
    private static final ScheduledThreadPoolExecutor EXPIRY = expiryExecutor();

    private final WindowProperties properties;
    private final WindowKeys keys;
    private final Cache<String, WindowBuffer> buffers;
    private final LongAdder evicted = new LongAdder();

    @Autowired
    public SlidingWindowStrategy(WindowProperties properties) {
        this(properties, Ticker.systemTicker());
    }

    /** With the clock idle keys are measured by (a test's own, to expire keys without waiting). */
    SlidingWindowStrategy(WindowProperties properties, Ticker ticker) {
        this.properties = properties;
        this.keys = new WindowKeys(properties);
        this.buffers = Caffeine.newBuilder()
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

    /**
     * The line's event (the body) becomes the window it completes: the newest line and up to N lines of its key's
     * history, N from the line's {@link WindowHeaders#SIZE} header when its key is new.
     */
    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        message.setBody(windowOf(message.getBody(LogEvent.class), message.getHeader(WindowHeaders.SIZE, Integer.class)));
    }

    /**
     * The same for a line of a chunk (io.logwarden.pipeline.LineChunks): the window the event completes, N being
     * {@code size} when its key is new (null: the configured size).
     */
    public Window windowOf(LogEvent event, Integer size) {
        String key = keys.keyOf(event);
        WindowBuffer buffer = buffers.getIfPresent(key);
        if (buffer == null) {
            int n = size == null ? properties.size() : size;
            buffer = buffers.get(key, k -> new WindowBuffer(event.source(), k, n));
        }
        return buffer.next(event);
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
        buffers.cleanUp();
        return Math.toIntExact(buffers.estimatedSize());
    }

    /** Keys forgotten because there were too many or they were idle (not those of sources stopped on purpose). */
    public long evictedKeys() {
        return evicted.sum();
    }

    /** Forgets every window of a source, e.g. when its file is no longer followed. */
    public void forgetSource(String source) {
        buffers.asMap().values().removeIf(buffer -> buffer.source().equals(source));
    }

}
