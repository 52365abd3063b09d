package io.logwarden.tail;

/**
 * A request to follow, stop, read or upload a file that tail refuses. Tail knows no HTTP: {@link #code()} is the
 * machine-readable reason the client gets, {@link #kind()} the sort of refusal, which the web layer
 * (web.ApiErrors) answers with its status.
 */
public class TailRequestException extends RuntimeException {

    /** The sort of refusal; the HTTP status the web layer gives it is in brackets. */
    public enum Kind {
        /** the request itself is wrong (400) */
        INVALID,
        /** the file may not be read (403) */
        FORBIDDEN,
        /** there is no such file (404) */
        NOT_FOUND,
        /** it would pass one of the service's limits (409) */
        LIMIT,
        /** the service could not do its part (500) */
        FAILED,
        /** the service cannot take it yet: it is still starting (503) */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String code;

    public TailRequestException(Kind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    /** A client's value quoted in a message: bounded, so a 20 MB field is never echoed back (or logged) whole. */
    public static String shorten(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= 200 ? value : value.substring(0, 200) + "... (" + value.length() + " characters)";
    }
}
