package io.logwarden.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recovers the values hidden under the placeholders ({@code <*>}, {@code <IP>}, {@code <NUM>} ...) of
 * a template from the original message.
 *
 * <p>The common case is cheap: the default masks never span whitespace, so the message has as many
 * tokens as the template and each {@code <*>} token is simply the message token at that position.
 * Tokens that are only partly variable ({@code blk_<*>}, {@code <*>:<*>}) and messages whose token
 * count differs (a user mask that swallowed spaces) fall back to a regex built from the template.
 */
public final class ParameterExtractor {

    private static final String WILDCARD = Masker.WILDCARD;
    private static final int CACHE_LIMIT = 10_000;
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();
    private static final Pattern PLACEHOLDER = Pattern.compile(Masker.PLACEHOLDERS.stream().map(Pattern::quote)
            .reduce((a, b) -> a + "|" + b).orElseThrow());

    private ParameterExtractor() {
    }

    public static List<String> extract(String template, String content) {
        if (template == null || !PLACEHOLDER.matcher(template).find()) {
            return List.of();
        }
        String[] t = DrainMiner.tokenize(template);
        String[] c = DrainMiner.tokenize(content);
        if (t.length != c.length) {
            return byRegex(template, content);
        }
        List<String> values = new ArrayList<>(4);
        for (int i = 0; i < t.length; i++) {
            if (t[i] == WILDCARD || Masker.isPlaceholder(t[i])) {
                values.add(c[i]);
            }
            else if (Masker.containsPlaceholder(t[i])) {
                Matcher m = pattern(t[i], false).matcher(c[i]);
                if (!m.matches()) {
                    return byRegex(template, content);
                }
                for (int g = 1; g <= m.groupCount(); g++) {
                    values.add(m.group(g));
                }
            }
        }
        return values;
    }

    private static List<String> byRegex(String template, String content) {
        Matcher m = pattern(template, true).matcher(content.strip());
        if (!m.matches()) {
            return List.of();
        }
        List<String> values = new ArrayList<>(m.groupCount());
        for (int g = 1; g <= m.groupCount(); g++) {
            values.add(m.group(g));
        }
        return values;
    }

    private static Pattern pattern(String template, boolean spaces) {
        Pattern cached = PATTERNS.get(template);
        if (cached != null) {
            return cached;
        }
        StringBuilder regex = new StringBuilder();
        String[] literals = PLACEHOLDER.split(template, -1);
        for (int i = 0; i < literals.length; i++) {
            if (i > 0) {
                regex.append("(.*?)");
            }
            String literal = literals[i];
            if (spaces) {
                String[] words = literal.split("\\s+", -1);
                for (int w = 0; w < words.length; w++) {
                    if (w > 0) {
                        regex.append("\\s+");
                    }
                    if (!words[w].isEmpty()) {
                        regex.append(Pattern.quote(words[w]));
                    }
                }
            }
            else if (!literal.isEmpty()) {
                regex.append(Pattern.quote(literal));
            }
        }
        Pattern pattern = Pattern.compile(regex.toString(), Pattern.DOTALL);
        if (PATTERNS.size() > CACHE_LIMIT) {
            PATTERNS.clear();
        }
        PATTERNS.put(template, pattern);
        return pattern;
    }
}
