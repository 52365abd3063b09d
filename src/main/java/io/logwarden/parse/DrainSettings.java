package io.logwarden.parse;

/**
 * The knobs of the Drain parse tree.
 *
 * @param similarity  share of equal tokens (0..1] a message needs to join an existing template
 * @param depth       depth of the tree counted as in the Drain paper: root and length layer, then
 *                    {@code depth - 2} layers of leading tokens; at least 3
 * @param maxChildren children per inner node before new tokens share the {@code <*>} branch
 * @param maxClusters templates kept; the least recently used one is forgotten beyond it (0 = no limit)
 */
public record DrainSettings(double similarity, int depth, int maxChildren, int maxClusters) {

    /**
     * Higher than the 0.4-0.5 usual for the Python Drain on purpose: here (as in Drain3) two masked
     * values at the same position count as equal, which raises every similarity. 0.65 reads as "about
     * two thirds of the tokens must be equal": a 3-token message may differ in one token, an 8-token
     * one in two.
     */
    public static final double DEFAULT_SIMILARITY = 0.65;
    public static final int DEFAULT_DEPTH = 4;
    public static final int DEFAULT_MAX_CHILDREN = 100;
    public static final int DEFAULT_MAX_CLUSTERS = 0;

    public DrainSettings {
        if (!(similarity > 0.0 && similarity <= 1.0)) {
            throw new IllegalArgumentException("similarity must be in (0, 1], got " + similarity);
        }
        if (depth < 3) {
            throw new IllegalArgumentException("depth must be at least 3, got " + depth);
        }
        if (maxChildren < 2) {
            throw new IllegalArgumentException("max children (children per tree node) must be at least 2, got " + maxChildren);
        }
        if (maxClusters < 0) {
            throw new IllegalArgumentException("max clusters (templates kept) must be 0 (no limit) or positive, got " + maxClusters);
        }
    }

    public static DrainSettings defaults() {
        return new DrainSettings(DEFAULT_SIMILARITY, DEFAULT_DEPTH, DEFAULT_MAX_CHILDREN, DEFAULT_MAX_CLUSTERS);
    }
}
