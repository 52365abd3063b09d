package io.logwarden.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.Locale;

/**
 * The line formats container runtimes write under /var/log/containers, decoded into the application's own
 * line: CRI ({@code 2024-01-01T00:00:00.000000000Z stdout F message}, containerd and CRI-O, a {@code P} tag
 * for a partial line the next records continue) and Docker's json-file ({@code {"log":"message\n",
 * "stream":"stdout","time":"..."}}, a {@code log} without its final newline for a partial line). {@code auto}
 * tells them apart line by line. A line that is not in the format passes as it is (and is counted by the
 * caller), because one odd line must never stop a tail.
 */
public enum ContainerLogFormat {
    PLAIN, CRI, DOCKER, AUTO;

    /** One decoded record: its message (without the newline), stream, runtime time, and whether more of the line follows. */
    public record Record(String message, String stream, String time, boolean partial) {
    }

    private static final JsonFactory JSON = new JsonFactory();

    public static ContainerLogFormat of(String name) {
        if (name == null || name.isBlank()) {
            return PLAIN;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown log format '" + name + "'; known: plain, cri, docker, auto", e);
        }
    }

    /** The record a raw line holds, or null when the line is not in this format (PLAIN: always null). */
    public Record decode(String line) {
        return switch (this) {
            case PLAIN -> null;
            case CRI -> cri(line);
            case DOCKER -> docker(line);
            case AUTO -> !line.isEmpty() && line.charAt(0) == '{' ? docker(line) : cri(line);
        };
    }

    /** {@code <RFC3339Nano time> <stdout|stderr> <tags> <message>}; tags are ':'-separated, P marks a partial line. */
    static Record cri(String line) {
        int a = line.indexOf(' ');
        if (a <= 0) {
            return null;
        }
        int b = line.indexOf(' ', a + 1);
        if (b < 0) {
            return null;
        }
        String stream = line.substring(a + 1, b);
        if (!stream.equals("stdout") && !stream.equals("stderr")) {
            return null;
        }
        int c = line.indexOf(' ', b + 1);
        String tags = c < 0 ? line.substring(b + 1) : line.substring(b + 1, c);
        String first = tags.split(":", 2)[0];
        if (!first.equals("P") && !first.equals("F")) {
            return null;
        }
        String time = line.substring(0, a);
        if (!Character.isDigit(time.charAt(0)) || time.indexOf('T') < 0) {
            return null;
        }
        return new Record(c < 0 ? "" : line.substring(c + 1), stream, time, first.equals("P"));
    }

    /** Docker json-file: a JSON object with "log" (the text, newline included unless partial), "stream", "time". */
    static Record docker(String line) {
        String log = null;
        String stream = null;
        String time = null;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING) {
                    switch (name) {
                        case "log" -> log = p.getText();
                        case "stream" -> stream = p.getText();
                        case "time" -> time = p.getText();
                        default -> { }
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || log == null) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        boolean partial = !log.endsWith("\n");
        String message = partial ? log : log.substring(0, log.length() - (log.endsWith("\r\n") ? 2 : 1));
        return new Record(message, stream, time, partial);
    }
}
