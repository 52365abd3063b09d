package io.logwarden.training;

import ai.djl.Model;

import io.logwarden.model.DeepLogNetwork;
import io.logwarden.model.Detector;
import io.logwarden.model.DetectorSettings;
import io.logwarden.model.ModelSettings;
import io.logwarden.model.SessionInvariants;
import io.logwarden.model.TrainingWindows;
import io.logwarden.model.Vocabulary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * Trains the detector of a model directory from normal data only: the LSTM on the fitting part, the
 * operating point ({@link OperatingPoint}) on a validation slice it never trained on. Used by
 * {@code train} (one stream, or sessions with a session key) and by {@code evaluate} (per fold), so
 * what is measured is what ships.
 */
public final class DetectorTraining {

    /**
     * Most epochs a network trains when nobody asks otherwise: a compute budget (three times the fixed 20
     * this replaced), not a tuned value; the epoch kept within it is chosen on held-out training sessions
     * ({@link DeepLogNetwork#train}), and the choice says when it was the last one.
     */
    public static final int DEFAULT_MAX_EPOCHS = 60;

    /** Network and rule parameters. {@code epochs} is the most a network trains; {@code topG} 0 = choose by the rule. */
    public record Options(int window, int hidden, int layers, int epochs, long seed, int topG, double validationShare,
                          OperatingPoint.Rule rule, String format, List<String> masks) {
        public Options {
            if (window < 1) throw new IllegalArgumentException("--window must be at least 1, got " + window);
            if (epochs < 1) throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
            if (topG < 0) throw new IllegalArgumentException("--top-g must be at least 1 (or 0: chosen on held-out data), got " + topG);
            if (!(validationShare > 0 && validationShare < 1)) throw new IllegalArgumentException("validation share must be within (0, 1), got " + validationShare);
            masks = masks == null ? List.of() : List.copyOf(masks);
        }
    }

    /** A trained detector in memory: close it to free the network. */
    public record Trained(Model network, Vocabulary vocabulary, ModelSettings settings, SessionInvariants invariants,
                          OperatingPoint.Choice choice, DeepLogNetwork.Fit fit, String epochs, long windows,
                          double validationTopGAccuracy) implements AutoCloseable {
        /** Training loss of the epoch kept. */
        public double loss() {
            return fit.loss();
        }

        public Detector detector() {
            return new Detector(network, vocabulary, settings, invariants);
        }

        @Override
        public void close() {
            network.close();
        }
    }

    private DetectorTraining() {
    }

    /** Folds of the cross-fitting used when the validation slice is too small to show the false-alarm target. */
    static final int CROSS_FIT_FOLDS = 5;

    /**
     * Complete sessions: a validation slice ({@code validationShare}, shuffled with the seed) is held
     * out of the LSTM's training and of the invariants used to choose g; the stored invariants are
     * mined from every session. When that slice holds fewer sessions than {@code 1 / falseAlarmTarget}
     * (it could not show the target even once), g, the floor and the calibration are chosen by
     * cross-fitting instead: every training session is judged once by a network and invariants fitted on
     * the other {@value #CROSS_FIT_FOLDS} - 1 folds, and the network that ships is trained on all sessions.
     * <p>
     * The training length comes from the same held-out sessions: a network trains up to
     * {@code options.epochs()} and keeps the epoch with the lowest loss on the sessions it then judges
     * (a choice of one number by the training objective, before g is chosen on them by its own rule).
     * Cross-fitted, each fold's network chooses on its held-out fold, and the network that ships, which
     * has no unseen sessions left, trains for the median of their choices.
     */
    public static Trained sessions(String name, List<List<Integer>> sessions, Options options, DeepLogNetwork.Progress progress) {
        List<List<Integer>> shuffled = new ArrayList<>(sessions);
        Collections.shuffle(shuffled, new Random(options.seed()));
        int validationSize = Math.max(1, (int) Math.round(shuffled.size() * options.validationShare()));
        if (validationSize >= shuffled.size()) throw new IllegalArgumentException("need at least 2 normal sessions to train, got " + sessions.size());
        boolean crossFit = options.topG() == 0 && validationSize < Math.ceil(1 / options.rule().falseAlarmTarget())
                && shuffled.size() >= CROSS_FIT_FOLDS * 2;
        Held held = new Held();
        Fitted shipped;
        String epochs;
        if (crossFit) {
            int[] chosen = new int[CROSS_FIT_FOLDS];
            for (int k = 0; k < CROSS_FIT_FOLDS; k++) {
                List<List<Integer>> fold = new ArrayList<>();
                List<List<Integer>> rest = new ArrayList<>();
                for (int i = 0; i < shuffled.size(); i++) (i % CROSS_FIT_FOLDS == k ? fold : rest).add(shuffled.get(i));
                try (Fitted f = fit(name + "-fold" + (k + 1), rest, fold, 0, options, progress)) {
                    chosen[k] = f.fit().epoch();
                    held.judge(f, fold);
                }
            }
            int[] sorted = chosen.clone();
            java.util.Arrays.sort(sorted);
            int median = sorted[(sorted.length - 1) / 2];
            shipped = fit(name, shuffled, null, median, options, progress);
            epochs = String.format(java.util.Locale.ROOT, "epochs: %d of %d, the median of the %d cross-fitted networks' choices %s (each its lowest loss on its held-out fold)",
                    median, options.epochs(), CROSS_FIT_FOLDS, java.util.Arrays.toString(chosen));
        } else {
            shipped = fit(name, shuffled.subList(validationSize, shuffled.size()), shuffled.subList(0, validationSize), 0, options, progress);
            held.judge(shipped, shuffled.subList(0, validationSize));
            epochs = shipped.fit().explanation();
        }
        try {
            Vocabulary vocabulary = shipped.vocabulary();
            OperatingPoint.Choice choice = OperatingPoint.choose(options.rule(), held.units, held.windows, vocabulary.templateIds().size(),
                    true, options.topG(), crossFit ? "cross-fitted sessions" : "sessions",
                    DeepLogNetwork.unseenFollowerProbability(vocabulary.size()));
            String how = crossFit ? String.format(java.util.Locale.ROOT,
                    "; chosen by %d-fold cross-fitting over all %d training sessions (a %.0f%% validation slice of %d could not show the target)",
                    CROSS_FIT_FOLDS, shuffled.size(), 100 * options.validationShare(), validationSize) : "";
            if (held.unknown > 0) {
                how += "; " + held.unknown + " held-out sessions with a template their fitting part lacks left out";
            }
            choice = new OperatingPoint.Choice(choice.g(), choice.floor(), choice.alertProbability(), choice.explanation() + how, choice.warnings());
            ModelSettings settings = new ModelSettings(options.window(), choice.g(), choice.floor(), options.hidden(), options.layers(),
                    vocabulary.templateIds(), options.format(), options.masks(),
                    new DetectorSettings(true, true, choice.alertProbability(), options.rule().falseAlarmTarget(),
                            options.rule().windowAlertRate(), choice.explanation()));
            return new Trained(shipped.network(), vocabulary, settings, new SessionInvariants(sessions), choice, shipped.fit(), epochs,
                    shipped.windows(), withinTopG(held.windows, choice.g()));
        } catch (RuntimeException e) {
            shipped.close();
            throw e;
        }
    }

    /** A network and the invariants fitted on one set of sessions. */
    private record Fitted(Model network, Vocabulary vocabulary, SessionInvariants invariants, DeepLogNetwork.Fit fit, long windows,
                          Options options) implements AutoCloseable {
        /** Judges with the raw ranks and probabilities: g = 1 and no floor. */
        Detector raw() {
            ModelSettings provisional = new ModelSettings(options.window(), 1, 0, options.hidden(), options.layers(),
                    vocabulary.templateIds(), options.format(), options.masks(), new DetectorSettings(true, true, 1.0, null, null, null));
            return new Detector(network, vocabulary, provisional, invariants);
        }

        @Override
        public void close() {
            network.close();
        }
    }

    /**
     * Fits on {@code sessions}, the training length chosen on {@code validation} (sessions holding a key
     * the fitted vocabulary lacks left out: their loss would only measure that); with no validation
     * sessions, the first {@code keep} epochs.
     */
    private static Fitted fit(String name, List<List<Integer>> sessions, List<List<Integer>> validation, int keep, Options options,
                              DeepLogNetwork.Progress progress) {
        TreeSet<Integer> keys = new TreeSet<>();
        sessions.forEach(keys::addAll);
        Vocabulary vocabulary = new Vocabulary(new ArrayList<>(keys));
        TrainingWindows windows = new TrainingWindows(options.window());
        sessions.forEach(s -> windows.addSession(s, vocabulary));
        Model network = DeepLogNetwork.newModel(name, vocabulary.size(), options.hidden(), options.layers());
        try {
            DeepLogNetwork.Fit fit;
            if (validation == null) {
                fit = DeepLogNetwork.trainFor(network, windows, keep, trainingOptions(options), progress);
            } else {
                TrainingWindows held = new TrainingWindows(options.window());
                validation.stream().filter(keys::containsAll).forEach(s -> held.addSession(s, vocabulary));
                fit = DeepLogNetwork.train(network, windows, held, trainingOptions(options), progress);
            }
            return new Fitted(network, vocabulary, new SessionInvariants(sessions), fit, windows.total(), options);
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /** Held-out sessions as the operating point sees them: per-session units and every window's verdict. */
    private static final class Held {
        final List<OperatingPoint.Unit> units = new ArrayList<>();
        final List<Detector.WindowVerdict> windows = new ArrayList<>();
        int unknown;

        void judge(Fitted fitted, List<List<Integer>> sessions) {
            Detector raw = fitted.raw();
            List<Detector.SessionVerdict> verdicts = raw.judgeSessions(sessions);
            for (int i = 0; i < sessions.size(); i++) {
                Detector.SessionVerdict v = verdicts.get(i);
                if (v.unknownKey()) {
                    unknown++;
                    continue;
                }
                units.add(new OperatingPoint.Unit(v.maxRank(), v.minProbability(), v.invariantBroken() != null));
                windows.addAll(raw.judgeStream(sessions.get(i)));
            }
        }
    }

    /** One stream of keys (a live log without sessions): the last {@code validationShare} of its windows validate. */
    public static Trained stream(String name, List<Integer> keys, Options options, DeepLogNetwork.Progress progress) {
        if (keys.size() < options.window() + 2) {
            throw new IllegalArgumentException("the log has " + keys.size() + " lines; training needs more than the window (" + options.window() + ")");
        }
        Vocabulary vocabulary = new Vocabulary(new ArrayList<>(new TreeSet<>(keys)));
        int split = (int) Math.round(keys.size() * (1 - options.validationShare()));
        TrainingWindows windows = new TrainingWindows(options.window());
        for (int t = 0; t < split; t++) windows.add(TrainingWindows.windowAt(keys, t, vocabulary, options.window()));
        TrainingWindows held = new TrainingWindows(options.window());
        for (int t = split; t < keys.size(); t++) held.add(TrainingWindows.windowAt(keys, t, vocabulary, options.window()));
        Model network = DeepLogNetwork.newModel(name, vocabulary.size(), options.hidden(), options.layers());
        try {
            DeepLogNetwork.Fit fit = DeepLogNetwork.train(network, windows, held, trainingOptions(options), progress);
            ModelSettings provisional = new ModelSettings(options.window(), 1, 0, options.hidden(), options.layers(),
                    vocabulary.templateIds(), options.format(), options.masks(), DetectorSettings.none());
            List<Detector.WindowVerdict> all = new Detector(network, vocabulary, provisional, null).judgeStream(keys);
            List<Detector.WindowVerdict> validation = all.subList(split, all.size());
            List<OperatingPoint.Unit> units = validation.stream().map(w -> new OperatingPoint.Unit(w.rank(), w.probability(), false)).toList();
            OperatingPoint.Choice choice = OperatingPoint.choose(options.rule(), units, validation, vocabulary.templateIds().size(),
                    false, options.topG(), "windows", DeepLogNetwork.unseenFollowerProbability(vocabulary.size()));
            ModelSettings settings = new ModelSettings(options.window(), choice.g(), choice.floor(), options.hidden(), options.layers(),
                    vocabulary.templateIds(), options.format(), options.masks(),
                    new DetectorSettings(false, false, choice.alertProbability(), options.rule().falseAlarmTarget(),
                            options.rule().windowAlertRate(), choice.explanation()));
            return new Trained(network, vocabulary, settings, null, choice, fit, fit.explanation(), windows.total(), withinTopG(validation, choice.g()));
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }

    static double withinTopG(List<Detector.WindowVerdict> windows, int g) {
        if (windows.isEmpty()) return 0;
        return (double) windows.stream().filter(w -> !w.unseen() && w.rank() <= g).count() / windows.size();
    }

    private static DeepLogNetwork.TrainingOptions trainingOptions(Options options) {
        return new DeepLogNetwork.TrainingOptions(options.epochs(), 256, 0.01f, options.seed());
    }
}
