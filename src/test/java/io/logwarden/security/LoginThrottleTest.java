package io.logwarden.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The throttle's arithmetic on a fake clock: counts, window, block length, bound, off switch, meters and log. */
class LoginThrottleTest {

    static final String ATTACKER = "203.0.113.9";
    static final String NEIGHBOUR = "198.51.100.7";

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(LoginThrottle.class);

    @BeforeEach
    void captureLog() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(logged);
    }

    private LoginThrottle throttle(int maxFailures, Duration window) {
        return throttle(maxFailures, window, LoginThrottle.MAX_ADDRESSES);
    }

    private LoginThrottle throttle(int maxFailures, Duration window, int maxAddresses) {
        return new LoginThrottle(new SecurityProperties.LoginThrottleSettings(maxFailures, window), nanos::get, maxAddresses, meters);
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    private void fail(LoginThrottle throttle, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(address, "admin");
        }
    }

    private double counted(String outcome) {
        return meters.get("logwarden.login.failures").tag("outcome", outcome).counter().count();
    }

    @Test
    void theTenthFailureBlocksThatAddressForOneWindowAndNoOther() {
        LoginThrottle throttle = throttle(10, Duration.ofMinutes(5));
        fail(throttle, ATTACKER, 9);
        assertThat(throttle.refusal(ATTACKER)).as("nine failures are not yet too many").isEmpty();

        fail(throttle, ATTACKER, 1);
        assertThat(throttle.refusal(ATTACKER)).isEqualTo(OptionalLong.of(300));
        assertThat(throttle.refusal(NEIGHBOUR)).as("counted per address").isEmpty();
        fail(throttle, NEIGHBOUR, 9);
        assertThat(throttle.refusal(NEIGHBOUR)).isEmpty();
    }

    @Test
    void failuresOlderThanTheWindowAreForgotten() {
        LoginThrottle throttle = throttle(10, Duration.ofMinutes(5));
        fail(throttle, ATTACKER, 9);
        advance(Duration.ofMinutes(5).plusNanos(1));
        fail(throttle, ATTACKER, 9);
        assertThat(throttle.refusal(ATTACKER)).as("9 + 9 failures in two windows").isEmpty();
        fail(throttle, ATTACKER, 1);
        assertThat(throttle.refusal(ATTACKER)).as("the second window's tenth").isPresent();
    }

    @Test
    void theBlockLastsOneWindowFromTheBlockingFailureAndRetryAfterCountsDown() {
        LoginThrottle throttle = throttle(10, Duration.ofMinutes(5));
        fail(throttle, ATTACKER, 9);
        advance(Duration.ofMinutes(4)); // near the end of the first window: the block must not end with it
        fail(throttle, ATTACKER, 1);
        advance(Duration.ofSeconds(200).plusMillis(1));
        assertThat(throttle.refusal(ATTACKER)).as("rounded up, never an invitation to come back too early").isEqualTo(OptionalLong.of(100));
        advance(Duration.ofSeconds(99).plusMillis(998));
        assertThat(throttle.refusal(ATTACKER)).isEqualTo(OptionalLong.of(1));
        advance(Duration.ofMillis(1));
        assertThat(throttle.refusal(ATTACKER)).as("the window is over").isEmpty();
        assertThat(throttle.addresses()).as("and the address forgotten").isZero();

        fail(throttle, ATTACKER, 1);
        assertThat(throttle.refusal(ATTACKER)).as("counting starts again from one").isEmpty();
    }

    @Test
    void refusalsDoNotExtendTheBlock() {
        LoginThrottle throttle = throttle(3, Duration.ofSeconds(60));
        fail(throttle, ATTACKER, 3);
        for (int i = 0; i < 59; i++) {
            advance(Duration.ofSeconds(1));
            assertThat(throttle.refusal(ATTACKER)).isPresent();
        }
        advance(Duration.ofSeconds(1));
        assertThat(throttle.refusal(ATTACKER)).isEmpty();
    }

    @Test
    void zeroTurnsItOffButFailuresAreStillCounted() {
        LoginThrottle throttle = throttle(0, Duration.ofMinutes(5));
        fail(throttle, ATTACKER, 1000);
        assertThat(throttle.refusal(ATTACKER)).isEmpty();
        assertThat(throttle.addresses()).as("nothing remembered").isZero();
        assertThat(counted("bad_credentials")).isEqualTo(1000);
        assertThat(counted("throttled")).isZero();
        assertThat(logged.list).isEmpty();
    }

    @Test
    void aFloodOfAddressesIsBounded() {
        LoginThrottle throttle = throttle(10, Duration.ofMinutes(5), 100);
        for (int i = 0; i < 5_000; i++) {
            throttle.failed("10.0." + (i / 256) + "." + (i % 256), "admin");
        }
        assertThat(throttle.addresses()).isLessThanOrEqualTo(100);
    }

    @Test
    void oneWarningPerBlockNamingAddressUserAndDurationAndEveryRefusalIsCounted() {
        LoginThrottle throttle = throttle(10, Duration.ofMinutes(5));
        fail(throttle, ATTACKER, 9);
        throttle.failed(ATTACKER, "root\n2026-01-01 INFO forged line");
        for (int i = 0; i < 7; i++) {
            throttle.refusal(ATTACKER);
        }
        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).isEqualTo("Refusing logins from 203.0.113.9 for 300 s after 10 failed "
                    + "logins in 5 min (last user tried: 'root\\u000a2026-01-01 INFO forged line')");
        });
        assertThat(counted("bad_credentials")).isEqualTo(10);
        assertThat(counted("throttled")).isEqualTo(7);
        assertThat(throttle.refusal(NEIGHBOUR)).isEmpty();
        assertThat(counted("throttled")).as("an address that may log in is not a refusal").isEqualTo(7);
    }

    @Test
    void aHugeUserNameIsShortenedInTheLog() {
        assertThat(LoginThrottle.printable("x".repeat(10_000))).hasSize(64 + 3).endsWith("...");
        assertThat(LoginThrottle.describe(Duration.ofSeconds(90))).isEqualTo("90 s");
        assertThat(LoginThrottle.describe(Duration.ofHours(1))).isEqualTo("1 h");
    }
}
