package io.logwarden.model;

import ai.djl.Model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges whole sessions (key sequences) with a trained network: every position is a window (short
 * histories left-padded), and a session's verdict is drawn from its most unexpected window.
 * Distinct windows are predicted once (sessions repeat themselves), in batches.
 */
public final class SessionScorer {

    /** The most unexpected window of a session: its worst rank, its lowest probability, any unknown key. */
    public record SessionStats(boolean unknownKey, int maxRank, double minProbability) {
        public boolean anomalous(int g, double threshold) {
            return unknownKey || maxRank > g || minProbability < threshold;
        }
    }

    private static final int BATCH = 1024;

    private SessionScorer() {
    }

    public static List<SessionStats> score(Model model, Vocabulary vocabulary, int h, List<List<Integer>> sessions) {
        Map<TrainingWindows.Key, float[]> cache = new HashMap<>();
        List<TrainingWindows.Key> pending = new ArrayList<>();
        for (List<Integer> session : sessions) {
            for (int t = 0; t < session.size(); t++) {
                if (!vocabulary.knows(session.get(t))) continue;
                TrainingWindows.Key key = TrainingWindows.windowAt(session, t, vocabulary, h);
                if (cache.putIfAbsent(key, new float[0]) == null) pending.add(key);
            }
            TrainingWindows.Key end = TrainingWindows.endWindow(session, vocabulary, h);
            if (cache.putIfAbsent(end, new float[0]) == null) pending.add(end);
        }
        for (int from = 0; from < pending.size(); from += BATCH) {
            List<TrainingWindows.Key> batch = pending.subList(from, Math.min(pending.size(), from + BATCH));
            long[] histories = new long[batch.size() * h];
            for (int i = 0; i < batch.size(); i++) {
                System.arraycopy(batch.get(i).values(), 0, histories, i * h, h);
            }
            float[][] rows = DeepLogNetwork.probabilities(model, histories, batch.size(), h);
            for (int i = 0; i < batch.size(); i++) {
                float[] row = rows[i];
                int actual = batch.get(i).actual();
                cache.put(batch.get(i), new float[] {DeepLogNetwork.rank(row, actual), row[actual]});
            }
        }
        List<SessionStats> stats = new ArrayList<>(sessions.size());
        for (List<Integer> session : sessions) {
            boolean unknown = false;
            int maxRank = 0;
            double minP = 1;
            for (int t = 0; t < session.size(); t++) {
                if (!vocabulary.knows(session.get(t))) {
                    unknown = true;
                    continue;
                }
                float[] r = cache.get(TrainingWindows.windowAt(session, t, vocabulary, h));
                maxRank = Math.max(maxRank, (int) r[0]);
                minP = Math.min(minP, r[1]);
            }
            float[] end = cache.get(TrainingWindows.endWindow(session, vocabulary, h));
            maxRank = Math.max(maxRank, (int) end[0]);
            minP = Math.min(minP, end[1]);
            stats.add(new SessionStats(unknown, maxRank, minP));
        }
        return stats;
    }
}
