package io.logwarden.alert;

/**
 * Bounded text columns (db/migration): a value longer than its column is cut to fit, ending with "…",
 * so an attacker-controlled long line can never make a row fail to store (an unstored alert is an evaded one).
 */
public final class Columns {

    /** VARCHAR(4096) columns: alert.source, alert.reason, incident.group_key, incident.source, comments. */
    public static final int TEXT = 4096;
    /** VARCHAR(255) columns: alert.scorer, actors, model names. */
    public static final int NAME = 255;

    private static final String CUT = "…";

    private Columns() {
    }

    /** The value itself when it fits in {@code length} characters, otherwise its start ending with "…" (exactly {@code length} long). */
    public static String fit(String value, int length) {
        if (value == null || value.length() <= length) {
            return value;
        }
        int end = length - CUT.length();
        if (Character.isHighSurrogate(value.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        return value.substring(0, end) + CUT;
    }
}
