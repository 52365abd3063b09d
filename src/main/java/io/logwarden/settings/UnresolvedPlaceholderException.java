package io.logwarden.settings;

/** A {@code logwarden.*} setting whose value still holds {@code ${...}} after placeholder resolution. */
public class UnresolvedPlaceholderException extends IllegalStateException {

    private final String property;
    private final String value;
    private final String origin;

    public UnresolvedPlaceholderException(String property, String value, String origin) {
        super("Setting " + property + " still holds an unresolved placeholder: '" + value + "'"
                + (origin == null ? "" : " (from " + origin + ")"));
        this.property = property;
        this.value = value;
        this.origin = origin;
    }

    public String property() {
        return property;
    }

    public String value() {
        return value;
    }

    public String origin() {
        return origin;
    }
}
