package io.logwarden.window;

import io.logwarden.parse.LogEvent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;

/**
 * The newest events of one correlation key: up to N history events plus the newest one. Every line
 * completes a window; before the key has seen N + 1 lines the window is short and the model pads it.
 */
public final class WindowBuffer {

    private final String source;
    private final String key;
    private final int size;
    private final Deque<LogEvent> events;

    public WindowBuffer(String source, String key, int size) {
        this.source = source;
        this.key = key;
        this.size = size;
        this.events = new ArrayDeque<>(size + 1);
    }

    public synchronized void add(LogEvent event) {
        if (events.size() == size + 1) {
            events.removeFirst();
        }
        events.addLast(event);
    }

    public synchronized boolean isFull() {
        return events.size() == size + 1;
    }

    public synchronized Window toWindow() {
        return new Window(source, key, new ArrayList<>(events));
    }

    public String source() {
        return source;
    }

    public String key() {
        return key;
    }
}
