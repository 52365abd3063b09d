package io.logwarden.model;

import ai.djl.Model;

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

    /** Network and rule parameters. {@code topG} 0 = choose by the rule. */
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
                          OperatingPoint.Choice choice, double loss, long windows, double validationTopGAccuracy) implements AutoCloseable {
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

    /**
     * Complete sessions: a validation slice ({@code validationShare}, shuffled with the seed) is held
     * out of the LSTM's training and of the invariants used to choose g; the stored invariants are
     * mined from every session.
     */
    public static Trained sessions(String name, List<List<Integer>> sessions, Options options, DeepLogNetwork.Progress progress) {
        List<List<Integer>> shuffled = new ArrayList<>(sessions);
        Collections.shuffle(shuffled, new Random(options.seed()));
        int validationSize = Math.max(1, (int) Math.round(shuffled.size() * options.validationShare()));
        if (validationSize >= shuffled.size()) throw new IllegalArgumentException("need at least 2 normal sessions to train, got " + sessions.size());
        List<List<Integer>> validation = shuffled.subList(0, validationSize);
        List<List<Integer>> fit = shuffled.subList(validationSize, shuffled.size());

        TreeSet<Integer> keys = new TreeSet<>();
        fit.forEach(keys::addAll);
        Vocabulary vocabulary = new Vocabulary(new ArrayList<>(keys));
        TrainingWindows windows = new TrainingWindows(options.window());
        fit.forEach(s -> windows.addSession(s, vocabulary));
        Model network = DeepLogNetwork.newModel(name, vocabulary.size(), options.hidden(), options.layers());
        try {
            double loss = DeepLogNetwork.train(network, windows, trainingOptions(options), progress);
            SessionInvariants fitInvariants = new SessionInvariants(fit);
            // provisional settings: g = 1 and no floor, so the verdicts carry the raw ranks and probabilities
            ModelSettings provisional = new ModelSettings(options.window(), 1, 0, options.hidden(), options.layers(),
                    vocabulary.templateIds(), options.format(), options.masks(), new DetectorSettings(true, true, 1.0, null, null, null));
            Detector raw = new Detector(network, vocabulary, provisional, fitInvariants);
            List<OperatingPoint.Unit> units = new ArrayList<>();
            List<Detector.WindowVerdict> validationWindows = new ArrayList<>();
            int unknown = 0;
            List<Detector.SessionVerdict> verdicts = raw.judgeSessions(validation);
            for (int i = 0; i < validation.size(); i++) {
                Detector.SessionVerdict v = verdicts.get(i);
                if (v.unknownKey()) {
                    unknown++;
                    continue;
                }
                units.add(new OperatingPoint.Unit(v.maxRank(), v.minProbability(), v.invariantBroken() != null));
                validationWindows.addAll(raw.judgeStream(validation.get(i)));
            }
            OperatingPoint.Choice choice = OperatingPoint.choose(options.rule(), units, validationWindows, vocabulary.templateIds().size(),
                    true, options.topG(), "sessions", DeepLogNetwork.unseenFollowerProbability(vocabulary.size()));
            if (unknown > 0) {
                choice = new OperatingPoint.Choice(choice.g(), choice.floor(), choice.alertProbability(),
                        choice.explanation() + "; " + unknown + " validation sessions with a template the fitting part lacks left out", choice.warnings());
            }
            ModelSettings settings = new ModelSettings(options.window(), choice.g(), choice.floor(), options.hidden(), options.layers(),
                    vocabulary.templateIds(), options.format(), options.masks(),
                    new DetectorSettings(true, true, choice.alertProbability(), options.rule().falseAlarmTarget(),
                            options.rule().windowAlertRate(), choice.explanation()));
            return new Trained(network, vocabulary, settings, new SessionInvariants(sessions), choice, loss, windows.total(),
                    withinTopG(validationWindows, choice.g()));
        } catch (RuntimeException e) {
            network.close();
            throw e;
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
        Model network = DeepLogNetwork.newModel(name, vocabulary.size(), options.hidden(), options.layers());
        try {
            double loss = DeepLogNetwork.train(network, windows, trainingOptions(options), progress);
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
            return new Trained(network, vocabulary, settings, null, choice, loss, windows.total(), withinTopG(validation, choice.g()));
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
