package io.logwarden.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs a refused request at most once per client address and period, then how many from that address were not
 * logged: a client that keeps knocking (a black-box tester sent 2,000 WebSocket handshakes in 1.2 s, 544 KB of
 * WARN lines) must not fill the log. The refusal counters (metrics) keep every one.
 */
final class RefusalLog {

    /** Addresses remembered at once; beyond, the least useful are forgotten and logged again. */
    static final int MAX_ADDRESSES = 10_000;

    private final Logger log;
    private final Duration period;
    private final Cache<String, AtomicLong> recent;

    RefusalLog(Logger log, Duration period) {
        this(log, period, Ticker.systemTicker(), Scheduler.systemScheduler());
    }

    RefusalLog(Logger log, Duration period, Ticker ticker, Scheduler scheduler) {
        this.log = log;
        this.period = period;
        this.recent = Caffeine.newBuilder()
                .maximumSize(MAX_ADDRESSES)
                .expireAfterWrite(period)
                .ticker(ticker)
                .scheduler(scheduler)
                .executor(Runnable::run)
                .removalListener((String address, AtomicLong notLogged, RemovalCause cause) -> {
                    if (address != null && notLogged != null && notLogged.get() > 0) {
                        log.warn("{} more refused request(s) from {} in the last {} s were not logged (one line per address "
                                + "and period)", notLogged.get(), address, period.toSeconds());
                    }
                })
                .build();
    }

    /** Logs {@code format} with {@code arguments} (as SLF4J does) unless this address was logged in this period. */
    void warn(String address, String format, Object... arguments) {
        String key = address == null ? "unknown" : address;
        boolean[] first = {false};
        AtomicLong notLogged = recent.asMap().computeIfAbsent(key, k -> {
            first[0] = true;
            return new AtomicLong();
        });
        if (first[0]) {
            log.warn(format, arguments);
        } else {
            notLogged.incrementAndGet();
        }
    }

    /** Runs pending expiries (tests step the ticker). */
    void cleanUp() {
        recent.cleanUp();
    }

    Duration period() {
        return period;
    }
}
