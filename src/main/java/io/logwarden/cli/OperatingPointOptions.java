package io.logwarden.cli;

import io.logwarden.training.OperatingPoint;
import picocli.CommandLine.Option;

import java.util.Locale;

/** The operating-point rule's parameters, shared by train and evaluate (see {@link OperatingPoint}). */
class OperatingPointOptions {

    private static final OperatingPoint.Rule DEFAULTS = OperatingPoint.Rule.defaults();

    @Option(names = "--false-alarm-target", defaultValue = "0.002",
            description = "share of validation sessions (stream models: windows) the chosen g may flag (default ${DEFAULT-VALUE})")
    double falseAlarmTarget = DEFAULTS.falseAlarmTarget();
    @Option(names = "--window-alert-rate", defaultValue = "0.0001",
            description = "share of normal validation windows that may raise an alert: the score calibration (default ${DEFAULT-VALUE})")
    double windowAlertRate = DEFAULTS.windowAlertRate();
    @Option(names = "--g-cap-share", defaultValue = "0.3333333333",
            description = "g is at most this share of the known templates (default 1/3)")
    double capShare = DEFAULTS.capShare();
    @Option(names = "--validation-share", defaultValue = "0.15",
            description = "share of the training data held out to choose the operating point (default ${DEFAULT-VALUE})")
    double validationShare = 0.15;

    OperatingPoint.Rule rule() {
        return new OperatingPoint.Rule(falseAlarmTarget, windowAlertRate, capShare, DEFAULTS.floorFactor());
    }

    String describe() {
        return String.format(Locale.ROOT, "false-alarm target %.2f%%, window alert rate %.4f%%, g cap %.2f of the templates, validation %.0f%%",
                100 * falseAlarmTarget, 100 * windowAlertRate, capShare, 100 * validationShare);
    }
}
