package io.logwarden.security;

import java.util.Locale;

/**
 * The two roles of the access model. A viewer reads (dashboard, alerts, status, WebSocket); an operator
 * also changes state (start, stop, upload, train, activate, acknowledge) and manages the service
 * (actuator, Jolokia, Hawtio). Operator implies viewer.
 */
public enum Role {
    VIEWER, OPERATOR;

    public static Role parse(String value, String where) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(where + ": role is missing; use viewer or operator");
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + ": unknown role \"" + value + "\"; use viewer or operator");
        }
    }

    /** Spring Security's authority name. */
    public String authority() {
        return "ROLE_" + name();
    }
}
