package io.logwarden.live;

import java.util.function.LongSupplier;

/**
 * A token bucket of one second: up to {@code rate} scores pass in a burst, then {@code rate} per second; {@code 0}
 * lets everything pass. A dashboard cannot show more than a few hundred scores a second anyway.
 */
public final class ScoreSampler {

    private final int rate;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    public ScoreSampler(int rate, LongSupplier nanoTime) {
        this.rate = rate;
        this.nanoTime = nanoTime;
        this.tokens = rate;
        this.last = nanoTime.getAsLong();
    }

    public synchronized boolean admit() {
        if (rate <= 0) {
            return true;
        }
        long now = nanoTime.getAsLong();
        tokens = Math.min(rate, tokens + (now - last) * rate / 1e9);
        last = now;
        if (tokens >= 1) {
            tokens--;
            return true;
        }
        return false;
    }
}
