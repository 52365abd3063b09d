package io.logwarden.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * Failed logins per client address. Once an address has failed {@code max-failures} times within {@code window}
 * (counted from its first failure), it is refused for one {@code window} from that last failure; the caller
 * answers 429 without checking the credentials, so a guesser gets neither answers nor BCrypt work out of us.
 * A successful login does not reset the count: an attacker who knows one viewer's password could otherwise
 * interleave it with guesses at the operator's. Only the window's end forgets.
 * <p>
 * Remembers at most {@link #MAX_ADDRESSES} addresses (Caffeine evicts the least useful first), so a flood of
 * addresses costs bounded memory; the price is that such a flood may make us forget a blocked address early.
 */
public final class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    /** A few hundred bytes each (Caffeine's node, the address, the count): some MB at most. */
    static final int MAX_ADDRESSES = 20_000;
    /** Usernames come from the attacker: the log line quotes at most this much of one. */
    private static final int MAX_LOGGED_USER = 64;

    /** An address's failures in its current window; {@code blockedUntil} (ticker nanos) only once it is blocked. */
    private record Failures(int count, boolean blocked, long blockedUntil) {
    }

    private final int maxFailures;
    private final Duration window;
    private final Ticker ticker;
    private final Cache<String, Failures> failures;
    private final Counter badCredentials;
    private final Counter throttled;

    public LoginThrottle(SecurityProperties.LoginThrottleSettings settings, MeterRegistry meters) {
        this(settings, Ticker.systemTicker(), MAX_ADDRESSES, meters);
    }

    LoginThrottle(SecurityProperties.LoginThrottleSettings settings, Ticker ticker, int maxAddresses, MeterRegistry meters) {
        this.maxFailures = settings.maxFailures();
        this.window = settings.window();
        this.ticker = ticker;
        long windowNanos = window.toNanos();
        this.failures = Caffeine.newBuilder()
                .maximumSize(maxAddresses)
                .ticker(ticker)
                // eviction and expiry on the caller's thread: no pool work per failed login, and tests see it at once
                .executor(Runnable::run)
                .expireAfter(new Expiry<String, Failures>() {
                    @Override
                    public long expireAfterCreate(String address, Failures value, long now) {
                        return windowNanos;
                    }

                    /** The window runs from the first failure; blocking starts a fresh one, so Retry-After is honest. */
                    @Override
                    public long expireAfterUpdate(String address, Failures value, long now, long remaining) {
                        return value.blocked() ? Math.max(0, value.blockedUntil() - now) : remaining;
                    }

                    @Override
                    public long expireAfterRead(String address, Failures value, long now, long remaining) {
                        return remaining;
                    }
                })
                .build();
        this.badCredentials = counter(meters, "bad_credentials", "failed logins: wrong user, password or API token");
        this.throttled = counter(meters, "throttled", "logins refused unchecked: too many failures from the address");
    }

    private static Counter counter(MeterRegistry meters, String outcome, String description) {
        return Counter.builder("logwarden.login.failures").tag("outcome", outcome).description(description).register(meters);
    }

    /** Counts a failed login from this address; {@code user} is what was tried, for the log line (never a password). */
    public void failed(String address, String user) {
        badCredentials.increment();
        if (maxFailures == 0 || address == null) {
            return;
        }
        long now = ticker.read();
        Failures after = failures.asMap().compute(address, (key, before) -> {
            int count = before == null ? 1 : before.count() + 1;
            if (before != null && before.blocked()) {
                return new Failures(count, true, before.blockedUntil()); // a race with the check: the block stays as it was
            }
            return count >= maxFailures ? new Failures(count, true, now + window.toNanos()) : new Failures(count, false, 0);
        });
        if (after.count() == maxFailures) {
            // once per block: refusals that follow are counted in the metric, not logged (an attacker would fill the log)
            log.warn("Refusing logins from {} for {} s after {} failed logins in {} (last user tried: '{}')", address,
                    window.toSeconds(), maxFailures, describe(window), printable(user));
        }
    }

    /**
     * Seconds until this address may try to log in again, when it may not now; empty when it may. A refusal is
     * counted ({@code outcome=throttled}), so call this only for a request that carries credentials.
     */
    public OptionalLong refusal(String address) {
        if (maxFailures == 0 || address == null) {
            return OptionalLong.empty();
        }
        Failures current = failures.getIfPresent(address);
        long left = current == null || !current.blocked() ? 0 : current.blockedUntil() - ticker.read();
        if (left <= 0) {
            return OptionalLong.empty();
        }
        throttled.increment();
        return OptionalLong.of(Math.max(1, (left + 999_999_999L) / 1_000_000_000L)); // rounded up: never too early
    }

    /** What a refused client is told: its address as we saw it (behind a proxy, whether forwarding works) and how long. */
    public static String refusalMessage(String address, long retryAfterSeconds) {
        return "too many failed logins from " + address + ": logins from this address are refused for " + retryAfterSeconds
                + " s more (logwarden.security.login-throttle)";
    }

    /** Addresses remembered now (blocked or still counting). */
    long addresses() {
        failures.cleanUp();
        return failures.estimatedSize();
    }

    static String describe(Duration window) {
        long seconds = window.toSeconds();
        return seconds % 3600 == 0 ? seconds / 3600 + " h" : seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    /** The attempted user name as a log can carry it: no control characters (no forged lines), bounded. */
    static String printable(String user) {
        if (user == null) {
            return "";
        }
        String shown = user.length() > MAX_LOGGED_USER ? user.substring(0, MAX_LOGGED_USER) + "..." : user;
        StringBuilder out = new StringBuilder(shown.length());
        shown.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
