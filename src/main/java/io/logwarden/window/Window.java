package io.logwarden.window;

import io.logwarden.parse.LogEvent;

import java.util.List;

/**
 * A sliding window of consecutive log events that share a correlation key (the source file by
 * default, or a session key such as a block id or PID). The newest event is last.
 */
public record Window(String source, String key, List<LogEvent> events) {

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
