package io.logwarden.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one detector: every verdict Logwarden draws, in the service (window by window in
 * {@link io.logwarden.scoring.ScoreMapping}, session by session in
 * {@link io.logwarden.scoring.SessionJudge}), in {@code evaluate} and in {@code score}, comes from
 * this class with the settings of the model directory.
 *
 * <p>A <b>window</b> (a history of up to h keys, left-padded when shorter, and the judged key) is
 * <em>outside the top g</em> when its key is not among the g most likely next keys. It is
 * <em>anomalous</em> (an alert) when its template is unknown to the model, when its key is less
 * likely than the floor ({@link ModelSettings#probabilityThreshold()}), or when it is outside the
 * top g and less likely than the calibrated {@link DetectorSettings#alertProbability()}.
 *
 * <p>A complete <b>session</b> is anomalous when it holds a key the model never saw, when any key
 * falls below the floor, or when the LSTM objects (a window outside the top g, or, for models trained
 * on sessions, the session ending where the model ranks "end" outside the top g) and, with
 * invariants on, the session also breaks a count invariant of the normal training sessions.
 */
public final class Detector {

    /** The LSTM's judgement of one window. */
    public record WindowVerdict(boolean unseen, int rank, double probability, boolean outsideTopG, boolean belowFloor,
                                boolean anomalous) {
    }

    /**
     * The verdict on one complete session, with what it was drawn from.
     *
     * @param unknownKey      the session holds a key the model never saw
     * @param maxRank         the worst rank of any of its windows (and of its end)
     * @param minProbability  the lowest probability of any of its windows (and of its end)
     * @param invariantBroken which count invariant it breaks, or null
     * @param anomalous       the verdict
     * @param reason          one sentence for the operator
     */
    public record SessionVerdict(boolean unknownKey, int maxRank, double minProbability, String invariantBroken,
                                 boolean anomalous, String reason) {

        /** The LSTM alone at top-g (no invariants, no floor): DeepLog's own rule, for comparison. */
        public boolean lstmAlone(int g) {
            return unknownKey || maxRank > g;
        }

        /** The LSTM alone at top-g with its probability floor (no invariants). */
        public boolean lstmAlone(int g, double floor) {
            return unknownKey || maxRank > g || minProbability < floor;
        }
    }

    private static final int BATCH = 1024;

    private final Model network;
    private final Vocabulary vocabulary;
    private final ModelSettings settings;
    private final SessionInvariants invariants;
    private final PredictionCache cache;
    /** The network's key in the cache: detectors that share a network (withSettings) share its rows. */
    private final long version;

    /** A detector with its own prediction cache of the default budget (tools: evaluate, training). */
    public Detector(Model network, Vocabulary vocabulary, ModelSettings settings, SessionInvariants invariants) {
        this(network, vocabulary, settings, invariants, new PredictionCache(PredictionCache.DEFAULT_BYTES));
    }

    public Detector(Model network, Vocabulary vocabulary, ModelSettings settings, SessionInvariants invariants, PredictionCache cache) {
        this(network, vocabulary, settings, invariants, cache, PredictionCache.newVersion());
    }

    private Detector(Model network, Vocabulary vocabulary, ModelSettings settings, SessionInvariants invariants,
                     PredictionCache cache, long version) {
        this.network = network;
        this.vocabulary = vocabulary;
        this.settings = settings;
        this.invariants = invariants;
        this.cache = cache;
        this.version = version;
    }

    public PredictionCache cache() {
        return cache;
    }

    public ModelSettings settings() {
        return settings;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public Detector withSettings(ModelSettings other, SessionInvariants otherInvariants) {
        return new Detector(network, vocabulary, other, otherInvariants, cache, version);
    }

    /** The network's row for one encoded history if it was predicted before, else null. Do not modify it. */
    public float[] cached(long[] history) {
        return cache.get(version, history);
    }

    /** Keeps a row the network gave for an encoded history (the djl: route's forward pass). */
    public void remember(long[] history, float[] row) {
        cache.put(version, history, row);
    }

    /**
     * Runs the network on made-up histories at the batch sizes the service uses, bypassing the cache:
     * PyTorch's first passes at a new shape allocate and pick kernels (seconds of latency for the
     * first lines after start-up or a model swap), so that cost is paid before traffic arrives.
     */
    public void warmUp() {
        int h = settings.window();
        int classes = vocabulary.size();
        for (int n : new int[] {1, 2, 4, 8, 16, 32, 64, 128, 256}) {
            long[] histories = new long[n * h];
            for (int i = 0; i < histories.length; i++) histories[i] = Vocabulary.FIRST + (i * 7L + n) % Math.max(1, classes - Vocabulary.FIRST);
            for (int round = 0; round < 3; round++) DeepLogNetwork.probabilities(network, histories, n, h);
        }
    }

    /**
     * The n rows of a softmax output, as {@link #probabilities} returns them: for the djl: route's
     * translator (scoring), which runs the forward pass itself. DeepLogNetwork keeps the conversion.
     */
    public static float[][] rows(NDArray probabilities, int n) {
        return DeepLogNetwork.rows(probabilities, n);
    }

    /**
     * Next-key probabilities of n encoded histories ({@code n * h} values): cached rows where the same
     * history was predicted before, one forward pass for the rest.
     */
    public float[][] probabilities(long[] histories, int n) {
        int h = settings.window();
        float[][] rows = new float[n][];
        long[][] keys = new long[n][];
        int[] misses = new int[n];
        int missCount = 0;
        for (int i = 0; i < n; i++) {
            keys[i] = Arrays.copyOfRange(histories, i * h, (i + 1) * h);
            rows[i] = cached(keys[i]);
            if (rows[i] == null) misses[missCount++] = i;
        }
        if (missCount == 0) return rows;
        long[] input = new long[missCount * h];
        for (int m = 0; m < missCount; m++) System.arraycopy(keys[misses[m]], 0, input, m * h, h);
        float[][] predicted = DeepLogNetwork.probabilities(network, input, missCount, h);
        for (int m = 0; m < missCount; m++) {
            rows[misses[m]] = predicted[m];
            remember(keys[misses[m]], predicted[m]);
        }
        return rows;
    }

    /** Judges one window from the network's next-key probabilities for its history. */
    public WindowVerdict judgeWindow(int templateId, float[] probabilities) {
        if (!vocabulary.knows(templateId)) return new WindowVerdict(true, Integer.MAX_VALUE, 0, true, true, true);
        return judgeIndex(vocabulary.indexOf(templateId), probabilities);
    }

    WindowVerdict judgeIndex(int index, float[] probabilities) {
        int rank = DeepLogNetwork.rank(probabilities, index);
        double p = probabilities[index];
        boolean outside = rank > settings.topG();
        boolean belowFloor = p < settings.probabilityThreshold();
        boolean anomalous = belowFloor || (outside && p < settings.detector().alertProbability());
        return new WindowVerdict(false, rank, p, outside, belowFloor, anomalous);
    }

    /** The session rule on what the LSTM found and what the invariants say. */
    public SessionVerdict judge(List<Integer> session, boolean unknownKey, int maxRank, double minProbability) {
        String broken = invariants == null || !settings.detector().invariants() ? null : invariants.broken(session);
        boolean lstm = maxRank > settings.topG();
        boolean floor = minProbability < settings.probabilityThreshold();
        boolean gated = settings.detector().invariants() ? lstm && broken != null : lstm;
        boolean anomalous = unknownKey || floor || gated;
        String reason;
        if (unknownKey) reason = "the session holds a template the model never saw";
        else if (floor) reason = String.format(java.util.Locale.ROOT, "a key had probability %.2e, below the floor %.2e", minProbability, settings.probabilityThreshold());
        else if (gated) reason = "a key was outside the top " + settings.topG() + " (rank " + maxRank + ")" + (broken == null ? "" : " and " + broken);
        else if (lstm) reason = "a key was outside the top " + settings.topG() + " (rank " + maxRank + ") but the session's counts are normal";
        else reason = "every key within the top " + settings.topG() + (broken == null ? "" : "; " + broken);
        return new SessionVerdict(unknownKey, maxRank, minProbability, broken, anomalous, reason);
    }

    /** Judges one complete session of template ids. */
    public SessionVerdict judgeSession(List<Integer> session) {
        return judgeSessions(List.of(session)).get(0);
    }

    /**
     * Judges complete sessions: every position is a window (short histories padded, as in training),
     * plus the end-of-session window when the model was trained on sessions. Distinct windows are
     * predicted once, in batches.
     */
    public List<SessionVerdict> judgeSessions(List<List<Integer>> sessions) {
        int h = settings.window();
        boolean end = settings.detector().sessions();
        Map<TrainingWindows.Key, WindowVerdict> cache = new HashMap<>();
        List<TrainingWindows.Key> pending = new ArrayList<>();
        for (List<Integer> session : sessions) {
            for (int t = 0; t < session.size(); t++) {
                if (!vocabulary.knows(session.get(t))) continue;
                TrainingWindows.Key key = TrainingWindows.windowAt(session, t, vocabulary, h);
                if (cache.putIfAbsent(key, PENDING) == null) pending.add(key);
            }
            if (end) {
                TrainingWindows.Key key = TrainingWindows.endWindow(session, vocabulary, h);
                if (cache.putIfAbsent(key, PENDING) == null) pending.add(key);
            }
        }
        for (int from = 0; from < pending.size(); from += BATCH) {
            List<TrainingWindows.Key> batch = pending.subList(from, Math.min(pending.size(), from + BATCH));
            long[] histories = new long[batch.size() * h];
            for (int i = 0; i < batch.size(); i++) System.arraycopy(batch.get(i).values(), 0, histories, i * h, h);
            float[][] rows = probabilities(histories, batch.size());
            for (int i = 0; i < batch.size(); i++) cache.put(batch.get(i), judgeIndex(batch.get(i).actual(), rows[i]));
        }
        List<SessionVerdict> verdicts = new ArrayList<>(sessions.size());
        for (List<Integer> session : sessions) {
            boolean unknown = false;
            int maxRank = 0;
            double minP = 1;
            for (int t = 0; t < session.size(); t++) {
                if (!vocabulary.knows(session.get(t))) {
                    unknown = true;
                    continue;
                }
                WindowVerdict v = cache.get(TrainingWindows.windowAt(session, t, vocabulary, h));
                maxRank = Math.max(maxRank, v.rank());
                minP = Math.min(minP, v.probability());
            }
            if (end) {
                WindowVerdict v = cache.get(TrainingWindows.endWindow(session, vocabulary, h));
                maxRank = Math.max(maxRank, v.rank());
                minP = Math.min(minP, v.probability());
            }
            verdicts.add(judge(session, unknown, maxRank, minP));
        }
        return verdicts;
    }

    /** Window verdicts of every position of a stream (or session) of template ids, padded at the start. */
    public List<WindowVerdict> judgeStream(List<Integer> keys) {
        int h = settings.window();
        List<WindowVerdict> verdicts = new ArrayList<>(keys.size());
        Map<TrainingWindows.Key, WindowVerdict> cache = new HashMap<>();
        List<TrainingWindows.Key> all = new ArrayList<>(keys.size());
        List<TrainingWindows.Key> pending = new ArrayList<>();
        for (int t = 0; t < keys.size(); t++) {
            TrainingWindows.Key key = TrainingWindows.windowAt(keys, t, vocabulary, h);
            all.add(key);
            if (vocabulary.knows(keys.get(t)) && cache.putIfAbsent(key, PENDING) == null) pending.add(key);
        }
        for (int from = 0; from < pending.size(); from += BATCH) {
            List<TrainingWindows.Key> batch = pending.subList(from, Math.min(pending.size(), from + BATCH));
            long[] histories = new long[batch.size() * h];
            for (int i = 0; i < batch.size(); i++) System.arraycopy(batch.get(i).values(), 0, histories, i * h, h);
            float[][] rows = probabilities(histories, batch.size());
            for (int i = 0; i < batch.size(); i++) cache.put(batch.get(i), judgeIndex(batch.get(i).actual(), rows[i]));
        }
        for (int t = 0; t < keys.size(); t++) {
            verdicts.add(vocabulary.knows(keys.get(t)) ? cache.get(all.get(t)) : new WindowVerdict(true, Integer.MAX_VALUE, 0, true, true, true));
        }
        return verdicts;
    }

    private static final WindowVerdict PENDING = new WindowVerdict(false, 0, 1, false, false, false);
}
