package io.logwarden.training;

import io.logwarden.model.DeepLogNetwork;
import io.logwarden.model.Detector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How training chooses g, the probability floor and the window-alert calibration, from a validation
 * slice of the training data only (never from test data). The rule, in order:
 * <ol>
 *   <li><b>Cap</b>: g is at most {@code ceil(capShare x known templates)} (a third by default: DeepLog's
 *       g = 9 of 28 HDFS keys). Above that, "the actual key is among the g most likely" says little.</li>
 *   <li><b>Floor</b>: a tenth ({@code floorFactor}) of the lowest probability any validation window got,
 *       and never above a tenth of what the network gives a key it never saw after such a history
 *       ({@link DeepLogNetwork#unseenFollowerProbability}). A key less likely than the floor is
 *       anomalous on its own; a key merely never seen after its history is for g and the invariants
 *       to judge. Without that cap a small validation slice, all of whose keys followed familiar
 *       histories, put the floor above every unfamiliar transition and flagged them all.</li>
 *   <li><b>g</b>: the smallest g up to the cap under which the detector flags at most
 *       {@code falseAlarmTarget} of the validation units: whole sessions with the session rule (count
 *       invariants mined on the fitting part only, so they break on validation as they would on new
 *       data), or windows for a model of one stream. If no g reaches the target, the smallest g flagging
 *       no more than the cap does, with a warning. If the slice holds fewer than {@code 1 / target}
 *       units, it cannot tell the target from zero, so g is the cap, with a warning.</li>
 *   <li><b>Calibration</b>: window alerts are limited to at most {@code windowAlertRate} of the
 *       validation windows: among the windows outside the top g, only those less likely than the
 *       {@code k+1}-th least likely (k = rate x windows) alert.</li>
 * </ol>
 * A validation slice smaller than {@code 1 / target} units cannot show the target at all (one false
 * alarm is already more): the choice is then printed with a warning.
 */
public final class OperatingPoint {

    /** The rule's parameters, fixed before any data is seen; defaults in {@link #defaults()}. */
    public record Rule(double falseAlarmTarget, double windowAlertRate, double capShare, double floorFactor) {
        public Rule {
            if (!(falseAlarmTarget > 0 && falseAlarmTarget < 1)) throw new IllegalArgumentException("false-alarm target must be within (0, 1), got " + falseAlarmTarget);
            if (!(windowAlertRate > 0 && windowAlertRate < 1)) throw new IllegalArgumentException("window alert rate must be within (0, 1), got " + windowAlertRate);
            if (!(capShare > 0 && capShare <= 1)) throw new IllegalArgumentException("g cap share must be within (0, 1], got " + capShare);
        }

        public static Rule defaults() {
            return new Rule(0.002, 0.0001, 1.0 / 3, 0.1);
        }

        public int cap(int knownTemplates) {
            return Math.max(1, (int) Math.ceil(capShare * knownTemplates));
        }
    }

    /** What was chosen, why, and what the validation slice could not support. */
    public record Choice(int g, double floor, double alertProbability, String explanation, List<String> warnings) {
    }

    /** One validation unit as the LSTM saw it: worst rank, lowest probability, a broken invariant. */
    record Unit(int maxRank, double minProbability, boolean invariantBroken) {
    }

    private OperatingPoint() {
    }

    /**
     * @param units     validation units (sessions, or windows of a stream)
     * @param windows   every validation window's verdict (for the floor and the calibration)
     * @param gated     whether the LSTM needs a broken invariant to flag a unit (session models)
     * @param fixedG    g given by the user (0 = choose)
     * @param unseenFollower the probability the network gives a key never seen after a history
     */
    static Choice choose(Rule rule, List<Unit> units, List<Detector.WindowVerdict> windows, int knownTemplates,
                         boolean gated, int fixedG, String unitName, double unseenFollower) {
        List<String> warnings = new ArrayList<>();
        int cap = rule.cap(knownTemplates);
        double minP = windows.stream().filter(w -> !w.unseen()).mapToDouble(Detector.WindowVerdict::probability).min().orElse(0);
        double floor = Math.min(minP, unseenFollower) * rule.floorFactor();
        int allowed = (int) Math.floor(rule.falseAlarmTarget() * units.size());
        int g;
        long flagged;
        String how;
        if (fixedG > 0) {
            g = fixedG;
            flagged = flagged(units, g, floor, gated);
            how = "g = " + g + " as given";
        } else if (units.size() < Math.ceil(1 / rule.falseAlarmTarget())) {
            // Too few units to tell the target from zero: every g up to the cap usually flags none of them,
            // and the smallest one is a guess. Seen in `evaluate --train-fraction 0.1` (485 cross-fitted
            // sessions), seed 4: that g flagged 0.80% of the held-out normal sessions, the cap 0.25%.
            // An uncertain choice takes the conservative end.
            g = cap;
            flagged = flagged(units, cap, floor, gated);
            how = String.format(Locale.ROOT, "g = %d, the cap (%.2f of %d templates), because %d validation %s cannot show a false-alarm rate of %.2f%%",
                    g, rule.capShare(), knownTemplates, units.size(), unitName, 100 * rule.falseAlarmTarget());
        } else {
            // the target, or, when no g up to the cap reaches it, what the cap reaches: a larger g only
            // where it removes validation false alarms, never one that buys nothing
            long atCap = flagged(units, cap, floor, gated);
            long goal = Math.max(allowed, atCap);
            g = cap;
            flagged = atCap;
            for (int candidate = 1; candidate <= cap; candidate++) {
                long f = flagged(units, candidate, floor, gated);
                if (f <= goal) {
                    g = candidate;
                    flagged = f;
                    break;
                }
            }
            how = String.format(Locale.ROOT, "g = %d, the smallest g (cap %d = %.2f of %d templates) flagging at most %.2f%% of %d validation %s",
                    g, cap, rule.capShare(), knownTemplates, 100 * rule.falseAlarmTarget(), units.size(), unitName);
            if (atCap > allowed) {
                how = String.format(Locale.ROOT, "g = %d, the smallest g flagging no more validation %s than the cap %d does (%d of %d; the target %.2f%% allows %d)",
                        g, unitName, cap, atCap, units.size(), 100 * rule.falseAlarmTarget(), allowed);
                warnings.add(String.format(Locale.ROOT, "no g up to the cap %d flags at most %.2f%% of the validation %s (%d of %d at g = %d): expect more false alarms than the target",
                        cap, 100 * rule.falseAlarmTarget(), unitName, atCap, units.size(), cap));
            }
        }
        if (units.size() < Math.ceil(1 / rule.falseAlarmTarget())) {
            warnings.add(String.format(Locale.ROOT, "validation slice too small: %d %s cannot show a false-alarm rate of %.2f%% (needs at least %d); g = %d%s",
                    units.size(), unitName, 100 * rule.falseAlarmTarget(), (long) Math.ceil(1 / rule.falseAlarmTarget()), g,
                    fixedG > 0 ? " as given is unchecked" : ", the cap, instead of the smallest g the slice cannot tell apart"));
        }
        double alertProbability = calibrate(windows, g, floor, rule.windowAlertRate());
        if (windows.size() < Math.ceil(1 / rule.windowAlertRate())) {
            warnings.add(String.format(Locale.ROOT, "validation slice too small for the alert calibration: %d windows cannot show %.4f%% (needs at least %d); window alerts may be noisier",
                    windows.size(), 100 * rule.windowAlertRate(), (long) Math.ceil(1 / rule.windowAlertRate())));
        }
        int chosen = g;
        long outside = windows.stream().filter(w -> !w.unseen() && w.rank() > chosen).count();
        String explanation = String.format(Locale.ROOT,
                "%s (%d flagged); floor %.2e = %.2f x the least likely validation key or a key never seen after its history; windows outside the top %d alert below p = %.3g "
                        + "(%d of %d validation windows outside the top g, at most %.4f%% may alert)",
                how, flagged, floor, rule.floorFactor(), g, alertProbability, outside, windows.size(), 100 * rule.windowAlertRate());
        return new Choice(g, floor, alertProbability, explanation, List.copyOf(warnings));
    }

    static long flagged(List<Unit> units, int g, double floor, boolean gated) {
        return units.stream().filter(u -> u.minProbability() < floor || (u.maxRank() > g && (!gated || u.invariantBroken()))).count();
    }

    /**
     * The alert probability under which at most {@code rate} of the validation windows alert: windows
     * outside the top g sorted by probability, the (k+1)-th least likely one's, k = floor(rate x n);
     * 1 when fewer than k+1 windows are outside the top g at all.
     */
    static double calibrate(List<Detector.WindowVerdict> windows, int g, double floor, double rate) {
        int allowed = (int) Math.floor(rate * windows.size());
        double[] outside = windows.stream().filter(w -> !w.unseen() && w.rank() > g && w.probability() >= floor)
                .mapToDouble(Detector.WindowVerdict::probability).sorted().toArray();
        if (outside.length <= allowed) return 1;
        return outside[allowed];
    }
}
