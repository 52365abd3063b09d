package io.logwarden.live;

import io.micrometer.core.instrument.Clock;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of one source (followed file or upload), read by the status endpoint. */
public final class SourceStats {

    private final String source;
    private final Instant since = Instant.now();
    final AtomicLong lines = new AtomicLong();
    final AtomicLong windowsFormed = new AtomicLong();
    final AtomicLong sequences = new AtomicLong();
    final AtomicLong unseenTemplates = new AtomicLong();
    final AtomicLong alerts = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final Throughput throughput;
    volatile String lastError;
    private final Object settled = new Object();
    /** Threads in {@link #awaitScored}: the scoring path notifies only when someone waits. */
    private volatile int waiting;

    SourceStats(String source, Clock clock) {
        this.source = source;
        this.throughput = new Throughput(clock);
    }

    public String source() { return source; }
    public Instant since() { return since; }
    public long lines() { return lines.get(); }
    public long sequences() { return sequences.get(); }
    /** Windows handed to scoring; {@code sequences} catches up with it once they are scored. */
    public long windowsFormed() { return windowsFormed.get(); }
    /** Scored windows whose judged line had a template the scorer never saw (always anomalous). */
    public long unseenTemplates() { return unseenTemplates.get(); }
    public long alerts() { return alerts.get(); }
    public long errors() { return errors.get(); }
    public double throughput() { return throughput.perSecond(); }
    public String lastError() { return lastError; }

    /**
     * Waits until every window formed so far was scored or failed, at most {@code timeout}.
     *
     * @return true when they were, false when the time ran out
     */
    public boolean awaitScored(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (settled) {
            waiting++;
            try {
                while (sequences.get() + errors.get() < windowsFormed.get()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(settled, left);
                }
                return true;
            } finally {
                waiting--;
            }
        }
    }

    /**
     * A window of this source was scored or failed. The counter was written before {@code waiting} is read
     * (both volatile), so a waiter either sees the new count or is seen here and woken.
     */
    void windowSettled() {
        if (waiting > 0) {
            synchronized (settled) {
                settled.notifyAll();
            }
        }
    }
}
