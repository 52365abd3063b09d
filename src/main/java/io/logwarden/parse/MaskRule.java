package io.logwarden.parse;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One named masking regex. Whatever it matches in a message is replaced by {@code <*>} before the
 * message is searched in the Drain tree, so that values (addresses, ids, numbers) never split a
 * template into thousands of near-identical ones.
 *
 * @param name  short name, for logs and templates.json (e.g. {@code ipv4})
 * @param regex the regular expression
 */
public record MaskRule(String name, String regex) {

    public MaskRule {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("mask name must not be blank");
        }
        if (regex == null || regex.isEmpty()) {
            throw new IllegalArgumentException("mask '" + name + "' has an empty regex");
        }
    }

    /** Compiles the regex, turning a syntax error into a message that names the rule. */
    Pattern compile() {
        try {
            return Pattern.compile(regex);
        }
        catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid mask regex '" + regex + "' (" + name + "): "
                    + e.getDescription(), e);
        }
    }
}
