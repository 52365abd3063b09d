package io.logwarden.window;

import org.springframework.boot.context.properties.ConfigurationProperties;
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
 */
@ConfigurationProperties(prefix = "logwarden.window")
public record WindowProperties(@DefaultValue("10") int size, @DefaultValue("2") int minSize,
                               @DefaultValue("100") int maxSize, @DefaultValue("") String sessionKey,
                               @DefaultValue("10000") int maxKeys, @DefaultValue("10m") Duration idleTimeout) {
}
