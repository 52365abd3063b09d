package io.logwarden.tail;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How the lines of one source are joined into events ({@code logwarden.tail.sources[n].multiline}), like
 * Fluent Bit's multiline parsers and Vector's {@code multiline} (start pattern or continuation, caps, timeout).
 * Exactly one of the three ways to tell an event's first line is given:
 *
 * @param preset          {@code java} (stack traces: indented frames, {@code Caused by:}, {@code ... n more}, the
 *                        exception line under the log line) or {@code python} (tracebacks)
 * @param startPattern    a line matching it (find, not full match) starts an event; any other line continues it
 * @param continuePattern a line matching it continues the event before it; any other line starts one
 * @param maxLines        lines of one event at most; the next continuation line starts a new event (nothing dropped)
 * @param maxBytes        bytes of one event at most (as read from the file), likewise
 * @param flushTimeout    an event whose last line is this old with no next line is handed out as it is, so the last
 *                        event of a quiet file is not held for ever
 */
public record MultilineSettings(String preset, String startPattern, String continuePattern,
                                @DefaultValue("500") int maxLines, @DefaultValue("512KB") DataSize maxBytes,
                                @DefaultValue("1s") Duration flushTimeout) {

    public MultilineSettings {
        int given = (blank(preset) ? 0 : 1) + (blank(startPattern) ? 0 : 1) + (blank(continuePattern) ? 0 : 1);
        if (given != 1) {
            throw new IllegalArgumentException("logwarden.tail.sources[].multiline needs exactly one of preset (java, python), "
                    + "start-pattern or continue-pattern; got " + given);
        }
        if (!blank(preset)) {
            Preset.of(preset);
        }
        compile("start-pattern", startPattern);
        compile("continue-pattern", continuePattern);
        if (maxLines < 1) {
            throw new IllegalArgumentException("multiline max-lines must be at least 1, got " + maxLines);
        }
        if (maxBytes == null || maxBytes.toBytes() < 1) {
            throw new IllegalArgumentException("multiline max-bytes must be at least 1 byte, got " + maxBytes);
        }
        if (flushTimeout == null || flushTimeout.isNegative() || flushTimeout.isZero()) {
            throw new IllegalArgumentException("multiline flush-timeout must be positive, got " + flushTimeout);
        }
    }

    /** A preset with the default caps and timeout. */
    public static MultilineSettings preset(String name) {
        return new MultilineSettings(name, null, null, 500, DataSize.ofKilobytes(512), Duration.ofSeconds(1));
    }

    /** The presets: continuation rules for the stack traces of two languages. */
    enum Preset {
        /**
         * Indented lines (frames, "... 12 more"), "Caused by:" and "Suppressed:", and a line naming an exception
         * class ("java.lang.IllegalStateException: boom") continue the log line that precedes them.
         */
        JAVA(Pattern.compile("^(\\s+\\S|\\s*(Caused by|Suppressed): |([a-zA-Z_$][\\w$]*\\.)+[a-zA-Z_$][\\w$]*(Exception|Error|Throwable)(: .*)?$)")),
        /**
         * "Traceback (most recent call last):", indented lines (frames and source), blank lines and the two chaining
         * sentences continue; so does the exception line that ends a traceback ("ValueError: bad", "mod.Custom: x").
         */
        PYTHON(Pattern.compile("^(\\s+\\S|\\s*$|Traceback \\(most recent call last\\):"
                + "|During handling of the above exception, another exception occurred:"
                + "|The above exception was the direct cause of the following exception:)"));

        /** The last line of a Python traceback: an exception name, maybe with a message, right after an indented line. */
        static final Pattern PYTHON_EXCEPTION = Pattern.compile("^[A-Za-z_][\\w.]*(: .*)?$");

        final Pattern continues;

        Preset(Pattern continues) {
            this.continues = continues;
        }

        static Preset of(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown multiline preset '" + name + "'; known: java, python", e);
            }
        }
    }

    static Pattern compile(String setting, String regex) {
        if (blank(regex)) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("multiline " + setting + " is not a valid regular expression: "
                    + e.getDescription() + " in '" + regex + "'", e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
