package io.logwarden.window;

import io.logwarden.parse.LogEvent;
import org.springframework.stereotype.Component;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Chooses the correlation key of a line: its source, refined by a session key when one is configured. */
@Component
public class WindowKeys {

    private final Pattern sessionKey;
    private final boolean namedKey;

    public WindowKeys(WindowProperties properties) {
        this.sessionKey = properties.sessionKey().isBlank() ? null : Pattern.compile(properties.sessionKey());
        this.namedKey = properties.sessionKey().contains("(?<key>");
    }

    /** The line's session (source + "#" + session key), or null without a session key or when the line names none. */
    public String sessionOf(LogEvent event) {
        if (sessionKey == null) {
            return null;
        }
        String session = SessionKeys.keyOf(sessionKey, event.line());
        return session == null ? null : event.source() + "#" + session;
    }

    public String keyOf(LogEvent event) {
        if (sessionKey == null) {
            return event.source();
        }
        Matcher matcher = sessionKey.matcher(event.line());
        if (!matcher.find()) {
            return event.source();
        }
        String session = namedKey ? matcher.group("key") : matcher.group(matcher.groupCount() > 0 ? 1 : 0);
        return event.source() + "#" + session;
    }
}
