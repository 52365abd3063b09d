package io.logwarden.window;

import io.logwarden.parse.LogEvent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;

/**
 * The newest events of one correlation key: up to N history events plus the newest one. Every line
 * completes a window; before the key has seen N + 1 lines the window is short and the model pads it.
 */
final class WindowBuffer {

    private final String source;
    private final String key;
    private final int size;
    private final Deque<LogEvent> events;

    WindowBuffer(String source, String key, int size) {
        this.source = source;
        this.key = key;
        this.size = size;
        this.events = new ArrayDeque<>(size + 1);
    }

    private void add(LogEvent event) {
        if (events.size() == size + 1) {
            events.removeFirst();
        }
        events.addLast(event);
    }

    /** Adds the newest event and returns the window it completes, both at once should two lines of the key race. */
    public synchronized Window next(LogEvent event) {
        add(event);
        return toWindow();
    }

    private Window toWindow() {
        return new Window(source, key, new ArrayList<>(events));
    }

    public String source() {
        return source;
    }
}
