package io.logwarden.model;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.util.unit.DataSize;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Next-key probabilities by network and encoded history. Logs repeat themselves (most windows of
 * normal traffic are exact repeats of earlier ones), so most forward passes can be skipped; the
 * answer is the very row the network gave for the same input, so scores stay identical.
 *
 * <p>Bounded by bytes (a row is one float per vocabulary class), not entries, so a model with a
 * large vocabulary cannot blow the heap. Keys carry the network's version: a model activated later
 * gets a new version and never sees another network's rows; the old model's rows age out.
 */
public final class PredictionCache {

    /** The default budget (logwarden.scoring.prediction-cache), also for tools and tests without settings. */
    public static final String DEFAULT_SIZE = "32MB";
    public static final long DEFAULT_BYTES = DataSize.parse(DEFAULT_SIZE).toBytes();
    private static final AtomicLong VERSIONS = new AtomicLong();

    /** One history of a network, as vocabulary indices. */
    record Key(long version, long[] history) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && version == k.version && Arrays.equals(history, k.history);
        }

        @Override
        public int hashCode() {
            return 31 * Long.hashCode(version) + Arrays.hashCode(history);
        }
    }

    private final Cache<Key, float[]> rows;
    private final long maxBytes;

    /** @param maxBytes budget for keys and rows; 0 disables the cache (every lookup misses, nothing is kept) */
    public PredictionCache(long maxBytes) {
        if (maxBytes < 0) throw new IllegalArgumentException("logwarden.scoring.prediction-cache must not be negative, got " + maxBytes);
        this.maxBytes = maxBytes;
        this.rows = maxBytes == 0 ? null : Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Key k, float[] row) -> 64 + 8 * k.history().length + 16 + 4 * row.length)
                .recordStats()
                .build();
    }

    public static PredictionCache disabled() {
        return new PredictionCache(0);
    }

    /** A fresh version for a network: rows cached under another version are never returned for it. */
    static long newVersion() {
        return VERSIONS.incrementAndGet();
    }

    public boolean enabled() {
        return rows != null;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** The cached row of this history, or null (counted as a miss). The row must not be modified. */
    float[] get(long version, long[] history) {
        return rows == null ? null : rows.getIfPresent(new Key(version, history));
    }

    void put(long version, long[] history, float[] row) {
        if (rows != null) rows.put(new Key(version, history), row);
    }

    public long hits() {
        return rows == null ? 0 : rows.stats().hitCount();
    }

    public long misses() {
        return rows == null ? 0 : rows.stats().missCount();
    }

    public long entries() {
        return rows == null ? 0 : rows.estimatedSize();
    }
}
