package io.logwarden.files;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a log's lines the way the followers number them: a line ends at {@code \n} only, and a {@code \r} just
 * before it is dropped (CRLF files). A bare {@code \r} or a U+2028 inside a line (progress bars, half-Windows
 * files) stays part of that line; {@code BufferedReader.readLine} also ended lines there, which shifted every later
 * line number against the file's. Hand-written: the maintained line readers (commons-io's {@code LineIterator})
 * are built on {@code readLine}.
 */
public final class LogLines implements Closeable {

    private final Reader in;
    private final char[] buffer = new char[1 << 16];
    private final StringBuilder line = new StringBuilder();
    private int position;
    private int length;

    public LogLines(Reader in) {
        this.in = in;
    }

    /** A log file read as UTF-8, a byte that is not UTF-8 replaced by U+FFFD as the followers do (a stray byte must not end a run). */
    public static LogLines open(Path file) throws IOException {
        return new LogLines(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)));
    }

    /** The next line without its end, or null at the end of the input (a last line without {@code \n} counts). */
    public String next() throws IOException {
        line.setLength(0);
        boolean any = false;
        while (true) {
            if (position == length) {
                length = Math.max(0, in.read(buffer));
                position = 0;
                if (length == 0) {
                    return any ? finish() : null;
                }
            }
            any = true;
            for (int i = position; i < length; i++) {
                if (buffer[i] == '\n') {
                    line.append(buffer, position, i - position);
                    position = i + 1;
                    return finish();
                }
            }
            line.append(buffer, position, length - position);
            position = length;
        }
    }

    private String finish() {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
