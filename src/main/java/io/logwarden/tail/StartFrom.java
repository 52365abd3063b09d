package io.logwarden.tail;

import java.util.Locale;

/** Where a newly followed file is read from: its end, like tail -f, or its beginning. */
public enum StartFrom {
    BEGINNING, END;

    public static StartFrom parse(String value) {
        try {
            return StartFrom.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"from\" must be \"beginning\" or \"end\", got \"" + value + "\"");
        }
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
