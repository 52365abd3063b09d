package io.logwarden.window;

import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.validation.annotation.Validated;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param size        history length N of each window (the original specification used 5; DeepLog uses 10)
 * @param minSize     smallest size a start request may ask for
 * @param maxSize     largest size a start request may ask for
 * @param sessionKey  optional regex whose first group (or group named {@code key}) is the session key,
 *                    e.g. {@code (blk_-?\d+)} or {@code sshd\[(\d+)\]}; lines it does not match are
 *                    windowed per source
 * @param maxKeys     open correlation keys kept; the least recently used is evicted beyond it
 * @param idleTimeout a key that saw no line for this long is forgotten
 * @param sessionIdleGap  with a session key: a session that saw no line for this long has ended and is
 *                        judged as a whole (routes/sessions.yaml)
 * @param sessionEnd      with a session key: optional regex; a line that matches it ends its session
 * @param sessionMaxLines with a session key: a session is judged (and starts afresh) at this many lines
 */
@ConfigurationProperties(prefix = "logwarden.window")
@Validated
public record WindowProperties(@DefaultValue("10") @Positive int size, @DefaultValue("2") @Positive int minSize,
                               @DefaultValue("100") @Positive int maxSize, @DefaultValue("") String sessionKey,
                               @DefaultValue("10000") @Positive int maxKeys, @DefaultValue("10m") @DurationMin(millis = 1) Duration idleTimeout,
                               @DefaultValue("30s") Duration sessionIdleGap, @DefaultValue("") String sessionEnd,
                               @DefaultValue("1000") int sessionMaxLines) {

    public WindowProperties(int size, int minSize, int maxSize, String sessionKey, int maxKeys, Duration idleTimeout) {
        this(size, minSize, maxSize, sessionKey, maxKeys, idleTimeout, Duration.ofSeconds(30), "", 1000);
    }

    @ConstructorBinding
    public WindowProperties {
        sessionKey = sessionKey == null ? "" : sessionKey;
        sessionEnd = sessionEnd == null ? "" : sessionEnd;
        if (sessionMaxLines < 1) throw new IllegalArgumentException("logwarden.window.session-max-lines must be at least 1, got " + sessionMaxLines);
        if (sessionIdleGap == null || sessionIdleGap.isNegative() || sessionIdleGap.isZero()) {
            throw new IllegalArgumentException("logwarden.window.session-idle-gap must be positive, got " + sessionIdleGap);
        }
    }
}
