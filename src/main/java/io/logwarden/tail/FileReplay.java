package io.logwarden.tail;

import io.logwarden.live.SourceStats;
import io.logwarden.live.StreamingStats;
import io.logwarden.parse.LineHeaders;
import io.logwarden.window.SlidingWindowStrategy;
import io.logwarden.window.Window;
import io.logwarden.window.WindowHeaders;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a whole log (an upload) once through the same pipeline the tail routes feed, synchronously,
 * so the answer can say what it found. Each replay is its own source, so its windows never mix with
 * a followed file's.
 */
@Service
public class FileReplay {

    /** What one replay produced; {@code upload} says which span of time its lines cover. */
    public record Summary(String source, long lines, long sequences, long alerts, int templates, long errors,
                          double seconds, Uploads.Upload upload) {
    }

    private static final String ENTRY = "direct:log-lines";
    private static final java.time.Duration SCORING_WAIT = java.time.Duration.ofSeconds(60);
    private final ProducerTemplate producer;
    private final StreamingStats stats;
    private final SlidingWindowStrategy windows;
    private final Uploads uploads;
    private final AtomicLong replays = new AtomicLong();
    private static final String STARTED = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());

    public FileReplay(ProducerTemplate producer, StreamingStats stats, SlidingWindowStrategy windows, Uploads uploads) {
        this.producer = producer;
        this.stats = stats;
        this.windows = windows;
        this.uploads = uploads;
    }

    /**
     * Windows are scored in micro-batches on another thread: the summary waits until every window the
     * replay formed was scored (or failed), at most {@link #SCORING_WAIT}, woken by the scoring path.
     */
    private static void awaitScoring(SourceStats stats) throws IOException {
        try {
            stats.awaitScored(SCORING_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the upload's windows to be scored");
        }
    }

    /**
     * The next line as the tailer cuts it: at '\n' only, one trailing '\r' dropped (CRLF files), a bare '\r' kept
     * inside the line. BufferedReader.readLine also cuts at a bare '\r', so an upload and a followed copy of the
     * same file numbered their lines differently. The tailer's own splitter (LineBuffer) works on file offsets and
     * positions; feeding uploads through it would make one splitter serve both (not done yet).
     */
    static String nextLine(BufferedReader reader) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = reader.read()) != -1) {
            if (c == '\n') {
                break;
            }
            line.append((char) c);
        }
        if (c == -1 && line.isEmpty()) {
            return null;
        }
        int last = line.length() - 1;
        if (last >= 0 && line.charAt(last) == '\r') {
            line.setLength(last);
        }
        return line.toString();
    }

    public Summary replay(String name, InputStream content, int windowSize) throws IOException {
        // the start time keeps sources apart across restarts (the counter alone began again at 1: two uploads, one incident)
        String source = "upload:" + name + "#" + STARTED + "-" + replays.incrementAndGet();
        long started = System.nanoTime();
        Uploads.Upload upload = uploads.begin(source, name);
        Set<Object> templates = new HashSet<>();
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        SourceStats s = stats.of(source);
        try {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(content, decoder))) {
                String line;
                long number = 0;
                while ((line = nextLine(reader)) != null) {
                    Map<String, Object> headers = new HashMap<>();
                    headers.put(LineHeaders.SOURCE, source);
                    headers.put(LineHeaders.LINE_NUMBER, ++number);
                    headers.put(WindowHeaders.SIZE, windowSize);
                    if (!reader.ready()) {
                        // the upload's end, or all of it that has arrived: its scoring batch goes now, not on the timer
                        headers.put(LineHeaders.LAST_OF_READ, true);
                    }
                    // the line's exchange ends holding the window it completed (routes/windows.yaml), or its event
                    // when it formed none
                    Object body = producer.requestBodyAndHeaders(ENTRY, line, headers);
                    io.logwarden.parse.LogEvent parsed = body instanceof Window window ? window.newest()
                            : body instanceof io.logwarden.parse.LogEvent event ? event : null;
                    if (parsed != null) {
                        templates.add(parsed.templateId());
                        upload.saw(parsed.fields());
                    }
                }
            } finally {
                windows.forgetSource(source);
            }
            awaitScoring(s);
        } finally {
            upload.finish(Uploads.Totals.of(s));
            // an upload is read once: its per-source meter would otherwise stay registered for ever
            stats.forget(source);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Summary(source, s.lines(), s.sequences(), s.alerts(), templates.size(), s.errors(),
                Math.round(seconds * 1000) / 1000.0, upload);
    }
}
