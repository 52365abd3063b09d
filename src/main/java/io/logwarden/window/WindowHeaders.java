package io.logwarden.window;

/** Message headers the windowing routes read. */
public final class WindowHeaders {

    /** History length N for this line's windows (per followed file, from the start request). */
    public static final String SIZE = "LogwardenWindowSize";
    /** Correlation key of the line's window: the source, or source plus session key. */
    public static final String KEY = "LogwardenWindowKey";
    /** Session of the line (source + "#" + session key) when a session key is configured and matches. */
    public static final String SESSION = "LogwardenSessionKey";

    private WindowHeaders() {
    }
}
