package io.logwarden.live;

import io.micrometer.core.instrument.Clock;

import java.util.concurrent.atomic.LongAdder;

/**
 * Lines per second, smoothed: an exponentially weighted average that keeps one half of its value per
 * second, so the dashboard's figure neither jumps nor lags by minutes.
 * <p>
 * Micrometer leaves rates to the monitoring backend (Prometheus' {@code rate()} over
 * {@code logwarden_lines_read_total}); its in-process windows do not fit a figure read at any moment:
 * {@code StepLong} rolls over only when polled and reads 0 unless a registry polls it every step, and
 * {@code TimeWindowSum} catches up at most one window per call after an idle spell, so a source quiet for
 * an hour would show 0 for hundreds of calls. So the average is brought up to date here when it is read,
 * on the meter registry's clock, and nothing ticks. Counting a line does not read the clock: that cost
 * 110 to 185 ns per call on the 2-core CI machine, several times the rest of the count.
 * <p>
 * The lines counted since the last read are taken as spread evenly over the time since; the stats
 * message reads the total every second, which makes it the one-second average it always was.
 */
final class Throughput {

    private static final double KEPT_PER_SECOND = 0.5;
    private final Clock clock;
    private final LongAdder sinceRead = new LongAdder();
    private long readNanos;
    private double perSecond;

    Throughput(Clock clock) {
        this.clock = clock;
        this.readNanos = clock.monotonicTime();
    }

    void count() {
        sinceRead.increment();
    }

    synchronized double perSecond() {
        long now = clock.monotonicTime();
        if (now > readNanos) {
            double seconds = (now - readNanos) / 1e9;
            double kept = Math.pow(KEPT_PER_SECOND, seconds);
            perSecond = kept * perSecond + (1 - kept) * sinceRead.sumThenReset() / seconds;
            readNanos = now;
        }
        return Math.round(perSecond * 10) / 10.0;
    }
}
