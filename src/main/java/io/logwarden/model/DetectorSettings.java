package io.logwarden.model;

/**
 * The detector's own part of settings.json ({@code "detector"}): how window and session verdicts are
 * drawn beyond top-g, all chosen by training from training data only (see
 * {@link io.logwarden.training.OperatingPoint}).
 * A model directory written before these settings existed loads with the defaults of {@link #none()}.
 *
 * @param sessions          the model was trained on complete sessions: it knows where a session ends
 *                          (the end-of-session key), and sessions can be judged as a whole
 * @param invariants        session verdicts need the count invariants (invariants.json) to agree with
 *                          the LSTM; off for models trained on a single stream
 * @param alertProbability  calibration of window alerts: a window outside the top g alerts only when
 *                          its key's probability is below this (1 = every window outside the top g)
 * @param falseAlarmTarget  the target share of normal sessions (or windows, for stream models) that the
 *                          chosen g may flag on the validation slice
 * @param windowAlertRate   the target share of normal windows that may alert (the calibration target)
 * @param operatingPoint    one sentence: what training chose and why (printed by train and evaluate)
 */
public record DetectorSettings(Boolean sessions, Boolean invariants, Double alertProbability, Double falseAlarmTarget,
                               Double windowAlertRate, String operatingPoint) {

    public DetectorSettings {
        sessions = sessions != null && sessions;
        invariants = invariants != null && invariants;
        alertProbability = alertProbability == null ? 1.0 : alertProbability;
        falseAlarmTarget = falseAlarmTarget == null ? 0.0 : falseAlarmTarget;
        windowAlertRate = windowAlertRate == null ? 0.0 : windowAlertRate;
        operatingPoint = operatingPoint == null ? "" : operatingPoint;
        if (!(alertProbability >= 0 && alertProbability <= 1)) {
            throw new IllegalArgumentException("detector.alertProbability must be within 0-1, got " + alertProbability);
        }
    }

    /** A model from before the detector settings: every window outside the top g alerts, no session rules. */
    public static DetectorSettings none() {
        return new DetectorSettings(false, false, 1.0, 0.0, 0.0, "");
    }
}
