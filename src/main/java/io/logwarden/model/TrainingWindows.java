package io.logwarden.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The (history, next key) pairs of a set of key sequences, counted: logs repeat themselves, so
 * HDFS's ~90,000 training windows are a few thousand distinct ones. Training on distinct windows
 * weighted by their count gives the same objective as training on every window, many times faster.
 * Every position is a window, the first ones with a left-padded history, as DeepLog pads short sessions.
 */
public final class TrainingWindows {

    /** A window as vocabulary indices: h history entries then the actual next key. */
    public record Key(long[] values) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(values, k.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        public int actual() {
            return (int) values[values.length - 1];
        }
    }

    private final int h;
    private final Map<Key, Long> counts = new LinkedHashMap<>();
    private long total;

    public TrainingWindows(int h) {
        this.h = h;
    }

    /** Adds every window of one stream of template ids (a live log: it has no end). */
    public void addSequence(List<Integer> templateIds, Vocabulary vocabulary) {
        for (int t = 0; t < templateIds.size(); t++) {
            add(windowAt(templateIds, t, vocabulary, h));
        }
    }

    /** Adds every window of one complete session, plus the window whose next key is {@link Vocabulary#END}. */
    public void addSession(List<Integer> templateIds, Vocabulary vocabulary) {
        addSequence(templateIds, vocabulary);
        add(endWindow(templateIds, vocabulary, h));
    }

    static Key endWindow(List<Integer> templateIds, Vocabulary vocabulary, int h) {
        long[] values = new long[h + 1];
        vocabulary.encode(templateIds, h, values, 0);
        values[h] = Vocabulary.END;
        return new Key(values);
    }

    public void add(Key key) {
        counts.merge(key, 1L, Long::sum);
        total++;
    }

    public static Key windowAt(List<Integer> templateIds, int t, Vocabulary vocabulary, int h) {
        long[] values = new long[h + 1];
        vocabulary.encode(templateIds.subList(0, t), h, values, 0);
        values[h] = vocabulary.indexOf(templateIds.get(t));
        return new Key(values);
    }

    public int window() {
        return h;
    }

    public long total() {
        return total;
    }

    public int distinct() {
        return counts.size();
    }

    public List<Map.Entry<Key, Long>> entries() {
        return new ArrayList<>(counts.entrySet());
    }
}
