package io.logwarden.window;

import io.logwarden.parse.LogEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines of one session collected by routes/sessions.yaml until the session ends: an idle gap, a
 * line matching the end pattern, or the maximum length ({@link #isComplete()}).
 */
public final class SessionLines {

    private final String source;
    private final String key;
    private final List<LogEvent> events = new ArrayList<>();
    private boolean ended;
    private boolean full;

    public SessionLines(String source, String key) {
        this.source = source;
        this.key = key;
    }

    synchronized void add(LogEvent event, boolean endsSession, int maxLines) {
        events.add(event);
        ended |= endsSession;
        full = events.size() >= maxLines;
    }

    /** Whether the session has ended by its end pattern or its length (the idle gap is the aggregator's timeout). */
    public synchronized boolean isComplete() {
        return ended || full;
    }

    public synchronized List<LogEvent> events() {
        return List.copyOf(events);
    }

    public String source() {
        return source;
    }

    public String key() {
        return key;
    }
}
