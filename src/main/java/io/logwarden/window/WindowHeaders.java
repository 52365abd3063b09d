package io.logwarden.window;

/** Message headers the windowing routes read. */
public final class WindowHeaders {

    /** History length N for this line's windows (per followed file, from the start request). */
    public static final String SIZE = "LogwardenWindowSize";
    /** Session of the line (source + "#" + session key) when a session key is configured and matches. */
    public static final String SESSION = "LogwardenSessionKey";

    private WindowHeaders() {
    }
}
