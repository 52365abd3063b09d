package io.logwarden.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drain3-style masking: replaces variable parts of a message (addresses, ids, paths, numbers) with
 * {@link #WILDCARD} before the message reaches the parse tree.
 *
 * <p>Rules run in order, so the specific ones (UUID, IP with port, MAC) come before the generic
 * number rule that would otherwise cut them into pieces. Every rule only touches text that stands
 * on its own (not glued to letters or digits), so identifiers like {@code workers2} or {@code md5sum}
 * keep their meaning. Instances are immutable and thread-safe.
 */
public final class Masker {

    public static final String WILDCARD = "<*>";

    /** Not preceded / followed by a letter or digit: the Drain3 boundary idiom. */
    private static final String START = "(?<![A-Za-z0-9])";
    private static final String END = "(?![A-Za-z0-9])";
    private static final String HEX = "[0-9A-Fa-f]";

    /**
     * The default rules, general for logs of any kind: nothing here is specific to one system.
     */
    public static final List<MaskRule> DEFAULT_RULES = List.of(
            new MaskRule("uuid", START + HEX + "{8}-" + HEX + "{4}-" + HEX + "{4}-" + HEX + "{4}-" + HEX + "{12}" + END, true),
            new MaskRule("url", "(?<![\\w])[A-Za-z][A-Za-z0-9+.-]*://[^\\s\"'<>]+", false),
            new MaskRule("email", "(?<![\\w.+-])[\\w.+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+" + END, false),
            new MaskRule("mac", START + "(?:" + HEX + "{2}[:-]){5}" + HEX + "{2}" + END, false),
            // IPv6: either all eight groups or the compressed form with '::' (so clock times never match)
            new MaskRule("ipv6", "(?<![\\w:])(?:(?:" + HEX + "{1,4}:){7}" + HEX + "{1,4}"
                    + "|(?:" + HEX + "{1,4}:){1,7}:(?:" + HEX + "{1,4}(?::" + HEX + "{1,4}){0,6})?"
                    + "|::" + HEX + "{1,4}(?::" + HEX + "{1,4}){0,6})(?![\\w:])", false),
            new MaskRule("ipv4", START + "(?:\\d{1,3}\\.){3}\\d{1,3}(?::\\d{1,5})?" + END, true),
            new MaskRule("path", "(?<![\\w/.])(?:/[\\w.~+@-]+)+/?|(?<![\\w])[A-Za-z]:\\\\[\\w.\\\\-]*", false),
            // long hex needs a digit and a letter: all-digit runs are numbers and keep their sign below
            new MaskRule("hex", START + "(?:0[xX]" + HEX + "+|(?=" + HEX + "*\\d)(?=" + HEX + "*[A-Fa-f])" + HEX + "{8,})" + END, true),
            new MaskRule("number", START + "[-+]?\\d+(?:\\.\\d+)*" + END, true));

    private final List<CompiledRule> rules;
    private final List<MaskRule> ruleDefinitions;

    public Masker(List<MaskRule> rules) {
        this.ruleDefinitions = List.copyOf(rules);
        List<CompiledRule> compiled = new ArrayList<>(rules.size());
        for (MaskRule rule : rules) {
            compiled.add(new CompiledRule(rule, rule.compile()));
        }
        this.rules = List.copyOf(compiled);
    }

    /** The defaults with the user's extra regexes in front: a user rule is more specific than ours. */
    public static Masker withDefaults(List<String> extraRegexes) {
        return new Masker(rulesWithDefaults(extraRegexes));
    }

    public static List<MaskRule> rulesWithDefaults(List<String> extraRegexes) {
        List<MaskRule> all = new ArrayList<>();
        int i = 1;
        for (String regex : extraRegexes == null ? List.<String>of() : extraRegexes) {
            if (regex != null && !regex.isBlank()) {
                all.add(MaskRule.of("user" + i++, regex));
            }
        }
        all.addAll(DEFAULT_RULES);
        return all;
    }

    public List<MaskRule> rules() {
        return ruleDefinitions;
    }

    /** Returns the message with every match of every rule replaced by {@code <*>}. */
    public String mask(String content) {
        boolean hasDigit = containsDigit(content);
        String text = content;
        for (CompiledRule rule : rules) {
            if (rule.definition.needsDigit() && !hasDigit) {
                continue;
            }
            Matcher m = rule.pattern.matcher(text);
            if (m.find()) {
                StringBuilder out = new StringBuilder(text.length());
                int last = 0;
                do {
                    out.append(text, last, m.start()).append(WILDCARD);
                    last = m.end();
                } while (m.find());
                out.append(text, last, text.length());
                text = out.toString();
                hasDigit = containsDigit(text);
            }
        }
        return text;
    }

    static boolean containsDigit(CharSequence s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    private record CompiledRule(MaskRule definition, Pattern pattern) {
    }
}
