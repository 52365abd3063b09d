package io.logwarden.window;

import io.logwarden.parse.LogEvent;

import java.util.List;

/**
 * A sliding window of consecutive log events that share a correlation key (the source file by
 * default, or a session key such as a block id or PID). As in DeepLog, a window of size N is the N
 * events of history followed by the newest event, the one being judged: {@code events} holds N + 1
 * events once the key has seen that many, oldest first.
 */
public record Window(String source, String key, List<LogEvent> events) {

    /** The history: every event but the newest. */
    public List<LogEvent> history() {
        return events.subList(0, events.size() - 1);
    }

    public List<Integer> sequence() {
        return events.stream().map(LogEvent::templateId).toList();
    }

    public LogEvent newest() {
        return events.get(events.size() - 1);
    }

    public long firstLine() {
        return events.get(0).lineNumber();
    }

    public long lastLine() {
        return newest().lineNumber();
    }

    public List<String> templates() {
        return events.stream().map(LogEvent::template).toList();
    }

    public List<String> lines() {
        return events.stream().map(LogEvent::line).toList();
    }
}
