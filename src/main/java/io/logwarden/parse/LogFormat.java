package io.logwarden.parse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A loghub-style line format such as {@code <Date> <Time> <Pid> <Level> <Component>: <Content>}.
 *
 * <p>As in loghub's tools, every {@code <Name>} becomes a lazy capture group, runs of spaces match any
 * whitespace, and the text between placeholders is taken as a regex fragment (so a format may say
 * {@code sshd\[<Pid>\]} or {@code (\[<PID>\])?}). Only {@code <Content>} reaches the template miner; the
 * other fields travel along with the event. A line that does not fit the format is not an error:
 * the whole line becomes the content and {@link #mismatches()} counts it, because one odd line
 * (a stack trace, a banner) must never stop a tail.
 */
public final class LogFormat {

    public static final String CONTENT = "Content";

    private static final Pattern PLACEHOLDER = Pattern.compile("<([^<>]+)>");

    private final String format;
    private final Pattern pattern;
    private final List<String> fieldNames;
    private final int contentGroup;
    private final LongAdder mismatches = new LongAdder();
    private final LongAdder timeouts = new LongAdder();

    private LogFormat(String format, Pattern pattern, List<String> fieldNames, int contentGroup) {
        this.format = format;
        this.pattern = pattern;
        this.fieldNames = fieldNames;
        this.contentGroup = contentGroup;
    }

    /** A format that takes the whole line as content. */
    public static LogFormat wholeLine() {
        return new LogFormat("", null, List.of(), -1);
    }

    /**
     * Compiles a format; {@code null} or blank means whole line. A format without {@code <Content>}
     * or with a broken regex fragment is rejected with a message that quotes the format.
     */
    public static LogFormat compile(String format) {
        if (format == null || format.isBlank()) {
            return wholeLine();
        }
        StringBuilder regex = new StringBuilder("^");
        List<String> names = new ArrayList<>();
        int contentGroup = -1;
        Matcher m = PLACEHOLDER.matcher(format);
        int last = 0;
        while (m.find()) {
            regex.append(literal(format.substring(last, m.start())));
            String name = m.group(1);
            if (names.contains(name)) {
                throw new IllegalArgumentException("invalid log format '" + format + "': the field <" + name
                        + "> appears twice; give each field its own name");
            }
            names.add(name);
            if (name.equals(CONTENT)) {
                contentGroup = names.size();
            }
            // Group names are generated: field names like "Node_Id" are not valid Java group names.
            regex.append("(?<f").append(names.size()).append(">.*?)");
            last = m.end();
        }
        regex.append(literal(format.substring(last))).append('$');
        if (contentGroup < 0) {
            throw new IllegalArgumentException("log format has no <Content> field: " + format);
        }
        Pattern pattern;
        try {
            // DOTALL: a field runs over a U+2028, U+0085 or bare CR inside the line (a line ends at \n only), which
            // "." alone stops at: the whole line, header included, was then mined as the message
            pattern = Pattern.compile(regex.toString(), Pattern.DOTALL);
        }
        catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid log format '" + format + "': " + e.getDescription()
                    + " (the text between fields is a regex: write \\[ \\] \\( \\) \\{ \\} for literal brackets)", e);
        }
        // a field written inside [...] compiles as part of a character class, not as a group: every line would
        // then miss the format, or a line that fit would fail to give its fields
        if (pattern.matcher("").groupCount() < names.size()) {
            throw new IllegalArgumentException("invalid log format '" + format + "': a field is inside [ ], which the "
                    + "format reads as a regex character class; write \\[ and \\] for literal brackets, as in "
                    + "'\\[<Time>\\] <Content>'");
        }
        return new LogFormat(format, pattern, List.copyOf(names), contentGroup);
    }

    /**
     * Runs of spaces match any whitespace, except a space a regex quantifier applies to ({@code \[ {0,8}<Time>\]},
     * {@code <Level> *}): made {@code \s+} it needed a space where the quantifier allowed none.
     */
    private static String literal(String fragment) {
        return literalBraces(fragment).replaceAll(" +(?![*+?{])", "\\\\s+");
    }

    private static final Pattern QUANTIFIER = Pattern.compile("\\{\\d+(,\\d*)?}");

    /**
     * A brace that does not make a quantifier ({@code {3}}, {@code {1,4}}) is the character itself, as Python's
     * {@code re}, which loghub's formats are written for, reads it: a JSON log's {@code {"level":"<Level>",...}}
     * was refused as an illegal repetition. Escapes and character classes are left as written. By hand: the
     * JDK has no option for Python's reading of a lone brace.
     */
    private static String literalBraces(String fragment) {
        StringBuilder out = new StringBuilder(fragment.length() + 8);
        boolean inClass = false;
        for (int i = 0; i < fragment.length(); i++) {
            char c = fragment.charAt(i);
            if (c == '\\' && i + 1 < fragment.length()) {
                out.append(c).append(fragment.charAt(++i));
                continue;
            }
            if (inClass) {
                inClass = c != ']';
                out.append(c);
                continue;
            }
            if (c == '[') {
                inClass = true;
                out.append(c);
                if (i + 1 < fragment.length() && fragment.charAt(i + 1) == ']') {
                    out.append(fragment.charAt(++i)); // []...] holds a literal ]
                }
                continue;
            }
            if (c == '{') {
                Matcher q = QUANTIFIER.matcher(fragment).region(i, fragment.length());
                if (q.lookingAt()) {
                    out.append(q.group());
                    i = q.end() - 1;
                    continue;
                }
                out.append("\\{");
                continue;
            }
            out.append(c == '}' ? "\\}" : String.valueOf(c));
        }
        return out.toString();
    }

    /** The header fields and content of one line; never throws. */
    public SplitLine split(String line) {
        String trimmed = line.strip();
        if (pattern == null) {
            return new SplitLine(trimmed, Map.of(), true);
        }
        Matcher m = pattern.matcher(MatchDeadline.of(trimmed));
        boolean fits;
        try {
            fits = m.matches();
        }
        catch (MatchDeadline.Exceeded e) {
            timeouts.increment(); // the format's own regex backtracks without end on this line
            fits = false;
        }
        if (!fits) {
            mismatches.increment();
            return new SplitLine(trimmed, Map.of(), false);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i <= fieldNames.size(); i++) {
            if (i != contentGroup) {
                String value = m.group("f" + i);
                fields.put(fieldNames.get(i - 1), value == null ? "" : value);
            }
        }
        String content = m.group("f" + contentGroup);
        return new SplitLine(content == null ? "" : content, Collections.unmodifiableMap(fields), true);
    }

    public String format() {
        return format;
    }

    public boolean isWholeLine() {
        return pattern == null;
    }

    /** Of {@link #mismatches()}, the lines where the format's regex gave up ({@link MatchDeadline}). */
    public long timeouts() {
        return timeouts.sum();
    }

    /** Lines seen so far that did not fit the format (and were taken whole). */
    public long mismatches() {
        return mismatches.sum();
    }

    /**
     * @param content the message part of the line
     * @param fields  header fields by name, in format order (empty on a mismatch)
     * @param matched whether the line fitted the format
     */
    public record SplitLine(String content, Map<String, String> fields, boolean matched) {
    }
}
