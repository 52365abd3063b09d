package io.logwarden.live;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lines per second, smoothed: each tick folds the last interval's count into an exponentially
 * weighted average so the dashboard's figure neither jumps nor lags by minutes.
 */
final class Throughput {

    private static final double WEIGHT = 0.5;
    private final AtomicLong sinceTick = new AtomicLong();
    private volatile double perSecond;
    private long lastTickNanos = System.nanoTime();

    void count() {
        sinceTick.incrementAndGet();
    }

    synchronized void tick() {
        long now = System.nanoTime();
        double seconds = (now - lastTickNanos) / 1e9;
        lastTickNanos = now;
        if (seconds <= 0) {
            return;
        }
        double current = sinceTick.getAndSet(0) / seconds;
        perSecond = WEIGHT * current + (1 - WEIGHT) * perSecond;
    }

    double perSecond() {
        return Math.round(perSecond * 10) / 10.0;
    }
}
