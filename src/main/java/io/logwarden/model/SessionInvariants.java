package io.logwarden.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Count rules every normal training session obeys (invariant mining, after Lou et al.): which sets
 * of keys occur together, which keys always occur equally often (a block written to three replicas
 * logs "receiving", "received" and "added to map" three times each), and how often each key may occur.
 * A session that breaks one has a shape never seen in normal data, whatever its order.
 * The sequence model judges the order; used together they disagree on far fewer normal sessions.
 */
public final class SessionInvariants {

    private final Set<Set<Integer>> keySets = new HashSet<>();
    private final List<int[]> equalCounts = new ArrayList<>();
    private final Map<Integer, int[]> countRange = new HashMap<>();

    /**
     * The rules as stored in a model directory ({@code invariants.json}).
     *
     * @param keySets     every set of keys that occurs together in a normal session
     * @param equalCounts pairs of keys that always occur equally often
     * @param countRange  per key, the least and the most times it occurs in a normal session
     */
    public record Rules(List<List<Integer>> keySets, List<int[]> equalCounts, Map<Integer, int[]> countRange) {
    }

    public SessionInvariants(Rules rules) {
        rules.keySets().forEach(s -> keySets.add(new HashSet<>(s)));
        equalCounts.addAll(rules.equalCounts());
        countRange.putAll(rules.countRange());
    }

    public Rules rules() {
        List<List<Integer>> sets = keySets.stream().map(s -> (List<Integer>) new ArrayList<>(new TreeSet<>(s))).toList();
        return new Rules(sets, List.copyOf(equalCounts), new java.util.TreeMap<>(countRange));
    }

    public SessionInvariants(List<List<Integer>> normalSessions) {
        List<Map<Integer, Integer>> counts = normalSessions.stream().map(SessionInvariants::counts).toList();
        TreeSet<Integer> keys = new TreeSet<>();
        counts.forEach(c -> keys.addAll(c.keySet()));
        counts.forEach(c -> keySets.add(c.keySet()));
        List<Integer> ordered = new ArrayList<>(keys);
        // pairs are found by grouping keys on their count vector over all sessions: O(keys x sessions)
        Map<List<Integer>, List<Integer>> byCounts = new java.util.LinkedHashMap<>();
        for (int key : ordered) {
            List<Integer> vector = counts.stream().map(c -> c.getOrDefault(key, 0)).toList();
            byCounts.computeIfAbsent(vector, v -> new ArrayList<>()).add(key);
        }
        for (List<Integer> group : byCounts.values()) {
            for (int i = 0; i < group.size(); i++) {
                for (int j = i + 1; j < group.size(); j++) equalCounts.add(new int[] {group.get(i), group.get(j)});
            }
        }
        for (int key : ordered) {
            int min = counts.stream().mapToInt(c -> c.getOrDefault(key, 0)).min().orElse(0);
            int max = counts.stream().mapToInt(c -> c.getOrDefault(key, 0)).max().orElse(0);
            countRange.put(key, new int[] {min, max});
        }
    }

    /** Why the session breaks a rule, or null when it obeys them all. */
    public String broken(List<Integer> session) {
        Map<Integer, Integer> c = counts(session);
        for (int key : c.keySet()) {
            if (!countRange.containsKey(key)) return "key " + key + " never occurs in normal sessions";
        }
        if (!keySets.contains(c.keySet())) return "keys " + new TreeSet<>(c.keySet()) + " never occur together in normal sessions";
        for (int[] pair : equalCounts) {
            if (!c.getOrDefault(pair[0], 0).equals(c.getOrDefault(pair[1], 0))) {
                return "keys " + pair[0] + " and " + pair[1] + " always occur equally often, here " + c.getOrDefault(pair[0], 0) + " vs " + c.getOrDefault(pair[1], 0);
            }
        }
        for (Map.Entry<Integer, int[]> range : countRange.entrySet()) {
            int n = c.getOrDefault(range.getKey(), 0);
            if (n < range.getValue()[0] || n > range.getValue()[1]) {
                return "key " + range.getKey() + " occurs " + n + " times, normal is " + range.getValue()[0] + "-" + range.getValue()[1];
            }
        }
        return null;
    }

    public int equalCountRules() {
        return equalCounts.size();
    }

    private static Map<Integer, Integer> counts(List<Integer> session) {
        Map<Integer, Integer> c = new HashMap<>();
        session.forEach(k -> c.merge(k, 1, Integer::sum));
        return c;
    }
}
