package io.logwarden.window;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The session of a raw line under a session-key regex: group {@code key} if named, else group 1, else the match. */
public final class SessionKeys {

    private SessionKeys() {
    }

    /** The session key of the line, or null when the regex does not match it. */
    public static String keyOf(Pattern sessionKey, String line) {
        Matcher matcher = sessionKey.matcher(line);
        if (!matcher.find()) return null;
        boolean named = sessionKey.pattern().contains("(?<key>");
        return named ? matcher.group("key") : matcher.group(matcher.groupCount() > 0 ? 1 : 0);
    }
}
