package io.logwarden.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drain3-style masking: replaces variable parts of a message (addresses, ids, paths, numbers) with
 * {@link #WILDCARD} before the message reaches the parse tree.
 *
 * <p>Rules run in order, so the specific ones (UUID, IP with port, MAC) come before the generic
 * number rule that would otherwise cut them into pieces. Every built-in rule only touches text that
 * stands on its own (not glued to letters or digits), so identifiers like {@code workers2} or
 * {@code md5sum} keep their meaning.
 *
 * <p>Speed: the built-in rules never match across whitespace, so they run per token, and only on
 * tokens that contain a character the rule needs (a digit, {@code :}, {@code /}, {@code @}); plain
 * words, most of any log, cost one character scan. User rules may span whitespace and run on the
 * whole message first. Instances are immutable and thread-safe.
 */
public final class Masker {

    public static final String WILDCARD = "<*>";

    /** Not preceded / followed by a letter or digit: the Drain3 boundary idiom. */
    private static final String START = "(?<![A-Za-z0-9])";
    private static final String END = "(?![A-Za-z0-9])";
    private static final String HEX = "[0-9A-Fa-f]";

    /** The default rules, general for logs of any kind: nothing here is specific to one system. */
    public static final List<MaskRule> DEFAULT_RULES = List.of(
            new MaskRule("uuid", START + HEX + "{8}-" + HEX + "{4}-" + HEX + "{4}-" + HEX + "{4}-" + HEX + "{12}" + END),
            new MaskRule("url", "(?<![\\w])[A-Za-z][A-Za-z0-9+.-]*://[^\\s\"'<>]+"),
            new MaskRule("email", "(?<![\\w.+-])[\\w.+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+" + END),
            new MaskRule("mac", START + "(?:" + HEX + "{2}[:-]){5}" + HEX + "{2}" + END),
            // IPv6: all eight groups, or the compressed form with '::' (so clock times never match)
            new MaskRule("ipv6", "(?<![\\w:])(?:(?:" + HEX + "{1,4}:){7}" + HEX + "{1,4}"
                    + "|(?:" + HEX + "{1,4}:){1,7}:(?:" + HEX + "{1,4}(?::" + HEX + "{1,4}){0,6})?"
                    + "|::" + HEX + "{1,4}(?::" + HEX + "{1,4}){0,6})(?![\\w:])"),
            new MaskRule("ipv4", START + "(?:\\d{1,3}\\.){3}\\d{1,3}(?::\\d{1,5})?" + END),
            new MaskRule("path", "(?<![\\w/.])(?:/[\\w.~+@-]+)+/?|(?<![\\w])[A-Za-z]:\\\\[\\w.\\\\-]*"),
            // long hex needs a digit and a letter: all-digit runs are numbers and keep their sign below
            new MaskRule("hex", START + "(?:0[xX]" + HEX + "+|(?=" + HEX + "*\\d)(?=" + HEX + "*[A-Fa-f])" + HEX + "{8,})" + END),
            new MaskRule("number", START + "[-+]?\\d+(?:\\.\\d+)*" + END));

    /**
     * What a token must contain for a built-in rule to have a chance (keyed by regex, so rules read
     * back from templates.json get the same shortcut). Rules not listed here run on the whole message.
     */
    private static final Map<String, Need> TOKEN_RULES = Map.of(
            DEFAULT_RULES.get(0).regex(), Need.UUID,
            DEFAULT_RULES.get(1).regex(), Need.COLON,
            DEFAULT_RULES.get(2).regex(), Need.AT,
            DEFAULT_RULES.get(3).regex(), Need.MAC,
            DEFAULT_RULES.get(4).regex(), Need.COLON,
            DEFAULT_RULES.get(5).regex(), Need.DOTS,
            DEFAULT_RULES.get(6).regex(), Need.SLASH,
            DEFAULT_RULES.get(7).regex(), Need.HEX,
            DEFAULT_RULES.get(8).regex(), Need.NUMBER);

    private enum Need { UUID, COLON, AT, MAC, DOTS, SLASH, HEX, NUMBER }

    private final List<MaskRule> ruleDefinitions;
    private final List<Pattern> messageRules = new ArrayList<>();
    private final List<Pattern> tokenRules = new ArrayList<>();
    private final List<Need> tokenNeeds = new ArrayList<>();

    public Masker(List<MaskRule> rules) {
        this.ruleDefinitions = List.copyOf(rules);
        // Message-wide rules run before the per-token ones; with the default order (user rules first)
        // that is the order the rules were given in.
        for (MaskRule rule : rules) {
            Pattern pattern = rule.compile();
            Need need = TOKEN_RULES.get(rule.regex());
            if (need == null) {
                messageRules.add(pattern);
            }
            else {
                tokenRules.add(pattern);
                tokenNeeds.add(need);
            }
        }
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
                all.add(new MaskRule("user" + i++, regex));
            }
        }
        all.addAll(DEFAULT_RULES);
        return all;
    }

    public List<MaskRule> rules() {
        return ruleDefinitions;
    }

    /** The message with every match replaced by {@code <*>}, tokens joined by single spaces. */
    public String mask(String content) {
        return String.join(" ", maskTokens(content));
    }

    /**
     * The masked message split on whitespace; a token that is exactly {@code <*>} is the
     * {@link #WILDCARD} instance itself, so the miner can compare it by identity.
     */
    public String[] maskTokens(String content) {
        String text = content;
        for (Pattern rule : messageRules) {
            text = replaceAll(rule, text);
        }
        String[] tokens = DrainMiner.tokenize(text);
        if (tokenRules.isEmpty()) {
            return tokens;
        }
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            if (token == WILDCARD) {
                continue;
            }
            int traits = traits(token);
            if (traits == 0) {
                continue;
            }
            for (int r = 0; r < tokenRules.size(); r++) {
                if (applies(tokenNeeds.get(r), traits, token.length())) {
                    token = tokenNeeds.get(r) == Need.NUMBER ? maskNumbers(token) : replaceAll(tokenRules.get(r), token);
                    if (token.equals(WILDCARD)) {
                        token = WILDCARD;
                        break;
                    }
                    traits = traits(token);
                    if (traits == 0) {
                        break;
                    }
                }
            }
            tokens[i] = token;
        }
        return tokens;
    }

    private static final int DIGIT = 1;
    private static final int COLON = 2;
    private static final int AT = 4;
    private static final int SLASH = 8;
    private static final int DOT = 16;
    private static final int DASH = 32;
    private static final int HEX_LETTER = 64;

    /** Which of the characters the rules need a token has; 0 means no built-in rule can match. */
    private static int traits(String token) {
        int traits = 0;
        for (int i = 0, n = token.length(); i < n; i++) {
            char c = token.charAt(i);
            if (c >= '0' && c <= '9') {
                traits |= DIGIT;
            }
            else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
                traits |= HEX_LETTER;
            }
            else if (c == ':') {
                traits |= COLON;
            }
            else if (c == '-') {
                traits |= DASH;
            }
            else if (c == '.') {
                traits |= DOT;
            }
            else if (c == '@') {
                traits |= AT;
            }
            else if (c == '/' || c == '\\') {
                traits |= SLASH;
            }
        }
        // letters, dots and dashes alone cannot make a value any rule masks
        return (traits & (DIGIT | COLON | AT | SLASH)) == 0 ? 0 : traits;
    }

    private static boolean applies(Need need, int traits, int length) {
        return switch (need) {
            case UUID -> (traits & (DIGIT | DASH)) == (DIGIT | DASH) && length >= 36;
            case COLON -> (traits & COLON) != 0;
            case AT -> (traits & AT) != 0;
            case MAC -> (traits & (COLON | DASH)) != 0 && length >= 17;
            case DOTS -> (traits & (DIGIT | DOT)) == (DIGIT | DOT) && length >= 7;
            case SLASH -> (traits & SLASH) != 0;
            case HEX -> (traits & DIGIT) != 0 && ((traits & HEX_LETTER) != 0 || length >= 3);
            case NUMBER -> (traits & DIGIT) != 0;
        };
    }

    /**
     * The number rule by hand (it runs on most tokens with a digit): replaces every
     * {@code [-+]?\d+(\.\d+)*} that is not glued to a letter or digit, exactly as its regex would.
     */
    static String maskNumbers(String token) {
        StringBuilder out = null;
        int n = token.length();
        int last = 0;
        int i = 0;
        while (i < n) {
            char c = token.charAt(i);
            int start = i;
            boolean signed = (c == '-' || c == '+') && i + 1 < n && isDigit(token.charAt(i + 1));
            if ((signed || isDigit(c)) && (start == 0 || !isAlnum(token.charAt(start - 1)))) {
                int j = signed ? i + 1 : i;
                while (j < n && isDigit(token.charAt(j))) {
                    j++;
                }
                int previousEnd = -1;
                while (j + 1 < n && token.charAt(j) == '.' && isDigit(token.charAt(j + 1))) {
                    previousEnd = j;
                    j++;
                    while (j < n && isDigit(token.charAt(j))) {
                        j++;
                    }
                }
                if (j < n && isAlnum(token.charAt(j)) && previousEnd >= 0) {
                    j = previousEnd; // like the regex: give back the last ".digits" part; a '.' follows
                }
                if (j == n || !isAlnum(token.charAt(j))) {
                    if (out == null) {
                        out = new StringBuilder(n);
                    }
                    out.append(token, last, start).append(WILDCARD);
                    last = j;
                    i = j;
                    continue;
                }
                // glued to a letter: the regex would try again one character later, so do we
            }
            i++;
        }
        if (out == null) {
            return token;
        }
        return out.append(token, last, n).toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlnum(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static String replaceAll(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        do {
            out.append(text, last, m.start()).append(WILDCARD);
            last = m.end();
        } while (m.find());
        return out.append(text, last, text.length()).toString();
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
}
