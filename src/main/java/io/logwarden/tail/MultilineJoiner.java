package io.logwarden.tail;

import java.util.regex.Pattern;

/**
 * Joins the lines of one file into events (a stack trace with the log line it belongs to) before they
 * are handed to the route. Sits between {@link LineBuffer} and the reader: it holds at most one
 * unfinished event, which leaves when the next event's first line arrives, when a cap is reached, when
 * no line came for the flush timeout, or when the file is finished (rotation, deletion, truncation).
 *
 * <p>A held event is not handed to the pipeline, so no position is recorded for any of its lines: the
 * acknowledged position stays before its first line until the whole event is processed, and a stop or a
 * crash while it is held makes a restart read it again from its first line. Without settings every line
 * is an event of its own and goes straight through (nothing is held).
 */
final class MultilineJoiner implements LineBuffer.Sink {

    /** Receives each event: its text (lines joined by '\n'), the offset after its first and after its last line. */
    interface EventSink {
        void event(String text, boolean truncated, long firstLineEnd, long endOffset, int lines);
    }

    private final EventSink sink;
    private final Pattern start;
    private final Pattern continues;
    private final boolean python;
    private final int maxLines;
    private final long maxBytes;
    private final long flushNanos;

    private final StringBuilder held = new StringBuilder();
    private int heldLines;          // 0: nothing held
    private int heldPhysical;       // lines of the file in it (a container log line may be several records)
    private long heldStart;         // offset of the first byte of the held event
    private long heldFirstEnd;
    private long heldEnd;
    private boolean heldTruncated;
    private long lastLineNanos;
    private long lastEnd;           // offset after the last line received (start of the next one)
    private boolean inTraceback;    // python: the held event has a traceback not ended by its exception line
    private boolean lastIndented;
    private long split;             // events cut by max-lines or max-bytes

    MultilineJoiner(MultilineSettings settings, EventSink sink) {
        this.sink = sink;
        if (settings == null) {
            start = continues = null;
            python = false;
            maxLines = 1;
            maxBytes = Long.MAX_VALUE;
            flushNanos = 0;
            return;
        }
        MultilineSettings.Preset preset = settings.preset() == null || settings.preset().isBlank()
                ? null : MultilineSettings.Preset.of(settings.preset());
        this.start = MultilineSettings.compile("start-pattern", settings.startPattern());
        this.continues = preset != null ? preset.continues : MultilineSettings.compile("continue-pattern", settings.continuePattern());
        this.python = preset == MultilineSettings.Preset.PYTHON;
        this.maxLines = settings.maxLines();
        this.maxBytes = settings.maxBytes().toBytes();
        this.flushNanos = settings.flushTimeout().toNanos();
    }

    boolean joins() {
        return start != null || continues != null;
    }

    /** The next line read is the one at {@code offset}; anything held is dropped (it is read again from there). */
    void reset(long offset) {
        clear();
        lastEnd = offset;
    }

    /** Whether an unfinished event is held (its lines are read but not handed out). */
    boolean holding() {
        return heldLines > 0;
    }

    /** Offset of the held event's first byte, or -1. A saved position is never past it. */
    long heldStart() {
        return heldLines > 0 ? heldStart : -1;
    }

    long eventsSplit() {
        return split;
    }

    @Override
    public void line(String text, boolean truncated, long endOffset) {
        line(text, truncated, endOffset, 1);
    }

    /** A line made of {@code physical} lines of the file (CRI partial records joined), ending at {@code endOffset}. */
    void line(String text, boolean truncated, long endOffset, int physical) {
        long begin = lastEnd;
        lastEnd = endOffset;
        if (!joins()) {
            sink.event(text, truncated, endOffset, endOffset, physical);
            return;
        }
        lastLineNanos = System.nanoTime();
        if (heldLines > 0 && continuesEvent(text)) {
            if (heldLines + 1 <= maxLines && endOffset - heldStart <= maxBytes) {
                held.append('\n').append(text);
                heldLines++;
                heldPhysical += physical;
                heldEnd = endOffset;
                heldTruncated |= truncated;
                noteLine(text);
                return;
            }
            split++; // a cap: the event so far leaves, this line begins the next one (nothing is dropped)
        }
        flush();
        held.append(text);
        heldLines = 1;
        heldPhysical = physical;
        heldStart = begin;
        heldFirstEnd = endOffset;
        heldEnd = endOffset;
        heldTruncated = truncated;
        inTraceback = false;
        noteLine(text);
    }

    /** Hands out the held event, if any (file finished, or nothing more to wait for). */
    void flush() {
        if (heldLines == 0) {
            return;
        }
        String text = held.toString();
        boolean truncated = heldTruncated;
        long firstEnd = heldFirstEnd;
        long end = heldEnd;
        int lines = heldPhysical;
        clear();
        sink.event(text, truncated, firstEnd, end, lines);
    }

    /** Hands out the held event when no line came for the flush timeout; returns whether it did. */
    boolean flushIfQuiet(long nowNanos) {
        if (heldLines > 0 && nowNanos - lastLineNanos >= flushNanos) {
            flush();
            return true;
        }
        return false;
    }

    private boolean continuesEvent(String line) {
        if (start != null) {
            return !start.matcher(line).find();
        }
        if (continues.matcher(line).find()) {
            return true;
        }
        // python: "ValueError: bad" ends the traceback whose last frame it follows
        return python && inTraceback && lastIndented && MultilineSettings.Preset.PYTHON_EXCEPTION.matcher(line).find();
    }

    private void noteLine(String line) {
        if (python) {
            boolean indented = !line.isEmpty() && Character.isWhitespace(line.charAt(0));
            if (line.startsWith("Traceback (most recent call last):")) {
                inTraceback = true;
            } else if (inTraceback && lastIndented && !indented && !line.isBlank()) {
                inTraceback = false; // its exception line
            }
            lastIndented = indented;
        }
    }

    private void clear() {
        held.setLength(0);
        heldLines = 0;
        heldPhysical = 0;
        heldTruncated = false;
        inTraceback = false;
        lastIndented = false;
    }
}
