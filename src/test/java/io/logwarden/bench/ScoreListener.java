package io.logwarden.bench;

import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A benchmark's WebSocket client: keeps, per source, the highest line whose score message arrived and,
 * for probed sources, when each line's message arrived. Reads only what it needs from each message,
 * so the client costs little beside the service. One listener per connection.
 */
public final class ScoreListener implements WebSocket.Listener {

    private static final Pattern LAST_LINE = Pattern.compile("\"lastLine\":(\\d+)");
    private final StringBuilder partial = new StringBuilder();
    private final ConcurrentHashMap<String, AtomicLong> lastLines = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, long[]> arrivals = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> lastArrival = new ConcurrentHashMap<>();
    private final AtomicLong scores = new AtomicLong();

    /** Records the arrival time of each of lines 1 to {@code lines} of the source from now on. */
    public void track(String source, int lines) {
        arrivals.put(source, new long[lines + 1]);
    }

    public long lastLine(String source) {
        AtomicLong last = lastLines.get(source);
        return last == null ? 0 : last.get();
    }

    /** When the message of the source's highest line so far arrived (System.nanoTime). */
    public long arrival(String source, long line) {
        return lastArrival.get(source);
    }

    /** Arrival times (System.nanoTime, 0: none yet) by line number of a tracked source. */
    public long[] arrivals(String source) {
        return arrivals.get(source);
    }

    /** Score messages received so far, of every source. */
    public long scores() {
        return scores.get();
    }

    @Override
    public void onOpen(WebSocket socket) {
        socket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        partial.append(data);
        if (!last) return null;
        long now = System.nanoTime();
        String message = partial.toString();
        partial.setLength(0);
        if (!message.startsWith("{\"type\":\"score\"")) return null;
        scores.incrementAndGet();
        int at = message.indexOf("\"source\":\"");
        if (at < 0) return null;
        int end = message.indexOf('"', at + 10);
        String source = message.substring(at + 10, end);
        Matcher m = LAST_LINE.matcher(message);
        if (!m.find()) return null;
        long line = Long.parseLong(m.group(1));
        long[] times = arrivals.get(source);
        if (times != null && line < times.length && times[(int) line] == 0) times[(int) line] = now;
        AtomicLong highest = lastLines.computeIfAbsent(source, s -> new AtomicLong());
        if (line > highest.get()) {
            highest.set(line);
            lastArrival.put(source, now);
        }
        return null;
    }
}
