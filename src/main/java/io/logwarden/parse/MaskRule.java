package io.logwarden.parse;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One named masking regex. Whatever it matches in a message is replaced by {@code replacement} before
 * the message is searched in the Drain tree, so that values (addresses, ids, numbers) never split a
 * template into thousands of near-identical ones.
 *
 * @param name        short name, for logs, {@code parse --explain} and templates.json (e.g. {@code ipv4})
 * @param regex       the regular expression
 * @param replacement what a match becomes: the kind of value as Drain3 names it ({@code <IP>},
 *                    {@code <NUM>}, ...) or {@code <*>}; absent in templates.json written before kinds
 *                    existed, which read as {@code <*>} so that those models keep their templates
 */
public record MaskRule(String name, String regex, String replacement) {

    public MaskRule {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("mask name must not be blank");
        }
        if (regex == null || regex.isEmpty()) {
            throw new IllegalArgumentException("mask '" + name + "' has an empty regex");
        }
        replacement = replacement == null || replacement.isEmpty() ? Masker.WILDCARD : Masker.canonical(replacement);
        if (!Masker.isPlaceholder(replacement)) {
            throw new IllegalArgumentException("mask '" + name + "' replaces with '" + replacement
                    + "', which is not one of " + Masker.PLACEHOLDERS);
        }
    }

    /** A rule that replaces with {@code <*>} (user masks, and every mask of settings version 1). */
    public MaskRule(String name, String regex) {
        this(name, regex, Masker.WILDCARD);
    }

    /** Compiles the regex, turning a syntax error into a message that names the rule. */
    Pattern compile() {
        try {
            return Pattern.compile(regex);
        }
        catch (PatternSyntaxException e) {
            // the JDK describes a trailing backslash as an "Unexpected internal error"
            String why = regex.endsWith("\\") && e.getDescription().startsWith("Unexpected internal error")
                    ? "it ends with a lone backslash (write \\\\ for a literal one)" : e.getDescription();
            throw new IllegalArgumentException("invalid mask regex '" + regex + "' (" + name + "): " + why, e);
        }
    }
}
