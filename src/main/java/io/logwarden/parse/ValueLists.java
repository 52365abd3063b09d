package io.logwarden.parse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * Settings version 3's passes over the masked tokens, before the tree: values a log writes with a
 * varying number of tokens become one token, so that the token count (the tree's first layer) stays
 * that of the event. Each pass returns its input array itself when it changes nothing.
 */
final class ValueLists {

    private static final String WILDCARD = Masker.WILDCARD;
    private static final String OPENERS = "[({";
    private static final String CLOSERS = "])}";
    /** A list longer than this is left alone: it is more likely an unbalanced bracket than a list. */
    private static final int MAX_ITEMS = 256;

    private ValueLists() {
    }

    /** A growable copy of the first {@code upTo} tokens: where a pass that changes nothing until then starts its output. */
    /** A JSON member's key where a member starts: {@code "remote_ip":} (a quoted name, then a colon). */
    private static final java.util.regex.Pattern JSON_KEY = java.util.regex.Pattern.compile("\"[\\w.@$-]{1,64}\":");

    /**
     * Version 12: a JSON object written without spaces ({@code "logger":"http.log.access","msg":"handled request",
     * "request":{"remote_ip":"10.0.0.1",...},"status":200}, as zap, pino, bunyan and Caddy write a line) is split into
     * its members, one token each, and a member's nested object or array is one value ({@code "request":{<*>}}):
     * whitespace alone made a whole record one token (or two, split inside the message), so every line of an access
     * log was an event of its own and one odd line broke the rest. By hand: the masks have already rewritten the
     * line, which a JSON parser would no longer take.
     */
    static String[] splitJsonMembers(String[] tokens) {
        List<String> out = null;
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            List<String> parts = token.indexOf("\":") < 0 ? null : jsonMembers(token);
            if (parts == null) {
                if (out != null) {
                    out.add(token);
                }
                continue;
            }
            if (out == null) {
                out = prefix(tokens, i);
            }
            out.addAll(parts);
        }
        return out == null ? tokens : out.toArray(new String[0]);
    }

    /** The members of a token that holds two or more JSON members (nested values collapsed), or null. */
    private static List<String> jsonMembers(String token) {
        StringBuilder current = new StringBuilder(token.length());
        List<String> parts = new ArrayList<>();
        int keys = 0;
        int n = token.length();
        for (int k = 0; k < n; k++) {
            char c = token.charAt(k);
            if ((c == '{' || c == '[') && k > 0 && token.charAt(k - 1) == ':' && k > 1 && token.charAt(k - 2) == '"') {
                int close = closing(token, k);
                if (close < 0) {
                    return null; // the value goes on past this token: left as it is
                }
                current.append(c).append(WILDCARD).append(token.charAt(close));
                k = close;
                continue;
            }
            if (c == ',' && k + 1 < n && token.charAt(k + 1) == '"' && JSON_KEY.matcher(token).region(k + 1, n).lookingAt()) {
                parts.add(current.toString());
                current.setLength(0);
                keys++;
                continue;
            }
            current.append(c);
        }
        parts.add(current.toString());
        return keys == 0 ? null : parts;
    }

    /** The index of the bracket closing the one at {@code open}, strings skipped; -1 if it does not close in the token. */
    private static int closing(String token, int open) {
        int depth = 0;
        boolean inString = false;
        for (int k = open; k < token.length(); k++) {
            char c = token.charAt(k);
            if (inString) {
                if (c == '\\') {
                    k++;
                }
                else if (c == '"') {
                    inString = false;
                }
            }
            else if (c == '"') {
                inString = true;
            }
            else if (c == '{' || c == '[') {
                depth++;
            }
            else if ((c == '}' || c == ']') && --depth == 0) {
                return k;
            }
        }
        return -1;
    }

    /** A token of hex digits, maybe with a list separator after it ({@code 9c5}, {@code 1a,}). */
    private static final java.util.regex.Pattern SHORT_HEX = java.util.regex.Pattern.compile("[0-9a-f]{1,16}[,;]?");

    /**
     * Version 12: a run of two or more tokens of hex digits with both a digit and a letter among them ({@code
     * Retransmit List: 9c5 9c6 9c7}, sequence numbers and ids a program prints in hex without {@code 0x}) is a
     * list of values: the hex mask takes only runs of eight digits or more, so each such list started templates
     * of its own. A word of hex letters alone ({@code add}, {@code bad}) needs a number beside it in the run, and
     * a token with both a digit and a letter must be there: {@code 1 2 3} stays numbers, {@code a b} words.
     */
    static String[] maskHexRuns(String[] tokens) {
        List<String> out = null;
        int i = 0;
        while (i < tokens.length) {
            int end = i;
            boolean mixed = false;
            while (end < tokens.length && (SHORT_HEX.matcher(tokens[end]).matches() || MASKED_NUMBER.contains(tokens[end]))) {
                mixed |= hasDigitAndLetter(tokens[end]);
                end++;
            }
            if (end - i >= 2 && mixed) {
                if (out == null) {
                    out = prefix(tokens, i);
                }
                for (int k = i; k < end; k++) {
                    String t = tokens[k];
                    char last = t.charAt(t.length() - 1);
                    out.add(MASKED_NUMBER.contains(t) ? t : last == ',' || last == ';' ? "<HEX>" + last : "<HEX>");
                }
            }
            else if (out != null) {
                for (int k = i; k < Math.max(end, i + 1); k++) {
                    out.add(tokens[k]);
                }
            }
            i = Math.max(end, i + 1);
        }
        return out == null ? tokens : out.toArray(new String[0]);
    }

    /** What the masks made of a hex token before the run was seen: {@code 92b} an amount, {@code 92d} a duration. */
    private static final java.util.Set<String> MASKED_NUMBER = java.util.Set.of("<NUM>", "<HEX>", "<SIZE>", "<DURATION>");

    private static boolean hasDigitAndLetter(String token) {
        boolean digit = false;
        boolean letter = false;
        for (int k = 0; k < token.length(); k++) {
            char c = token.charAt(k);
            digit |= c >= '0' && c <= '9';
            letter |= c >= 'a' && c <= 'f';
        }
        return digit && letter;
    }

    static List<String> prefix(String[] tokens, int upTo) {
        List<String> out = new ArrayList<>(tokens.length);
        for (int k = 0; k < upTo; k++) {
            out.add(tokens[k]);
        }
        return out;
    }

    /**
     * A number padded to a fixed width inside brackets, as the kernel prints its clock
     * ({@code [ 8661.73]} beside {@code [65355.77]}), becomes one token like the unpadded one.
     */
    static String[] joinPaddedBrackets(String[] tokens) {
        List<String> out = null;
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            boolean join = i + 1 < tokens.length && token.length() == 1 && OPENERS.indexOf(token.charAt(0)) >= 0
                    && closesValue(tokens[i + 1], CLOSERS.charAt(OPENERS.indexOf(token.charAt(0))));
            if (join && out == null) {
                out = prefix(tokens, i);
            }
            if (join) {
                out.add(token + tokens[++i]);
            }
            else if (out != null) {
                out.add(token);
            }
        }
        return out == null ? tokens : out.toArray(new String[0]);
    }

    /** One placeholder, then {@code closer}, then only punctuation ({@code <NUM>]}, {@code <NUM>]:}). */
    private static boolean closesValue(String token, char closer) {
        if (Piece.placeholderAt(token) != 0) {
            return false;
        }
        String kind = Piece.kind(token, 0);
        int end = kind == null ? -1 : kind.length();
        if (end < 0 || end >= token.length() || token.charAt(end) != closer) {
            return false;
        }
        for (int k = end; k < token.length(); k++) {
            if (OPENERS.indexOf(token.charAt(k)) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A bracketed list written over several tokens becomes one token: {@code [TERM, INT, HUP]} gives
     * {@code [<*>]}, {@code values=[<NUM>, <NUM>]} gives {@code values=[<NUM>]}, {@code ["a" "b"]}
     * gives {@code [<*>]}. A list is recognised by its items only: each but the last ends with a
     * comma (single-token items), or every item is a value or a quoted string. Brackets around words
     * ({@code [UFW BLOCK]}, {@code (estimated size <SIZE>, free <SIZE>)}) and brackets standing apart
     * ({@code ( <NUM> )}) stay as they are.
     */
    static String[] collapseBracketedLists(String[] tokens) {
        List<String> out = null;
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            int end = hasOpener(token) ? listEnd(tokens, i) : -1;
            if (end < 0) {
                if (out != null) {
                    out.add(token);
                }
                continue;
            }
            if (out == null) {
                out = prefix(tokens, i);
            }
            out.add(collapse(tokens, i, end));
            i = end;
        }
        return out == null ? tokens : out.toArray(new String[0]);
    }

    /**
     * Version 9: a structured value, a document of fields in braces written over one token or several,
     * becomes one token: what came before the brace, {@code {<*>}}, and what follows the closing brace.
     * Applications print records this way (MongoDB's {@code { driver: { name: "x" } }}, Python's
     * {@code {'user_id': 42}}, Go's {@code &{Addr::8080 Debug:false}}, Java's {@code User{id=42, name='bob'}},
     * Ruby's {@code {"id"=>"42"}}), with as many fields as the record has, so without this each field count
     * and each nesting started another template. A document holds a field: a {@code key:}, {@code key=} or
     * {@code =>} inside the braces. Braces holding no field ({@code {}}, {@code {<*>}}) stay, and so does a
     * message that is a document from its first token to its last (a JSON line, whose keys are its text).
     */
    static String[] collapseDocuments(String[] tokens) {
        List<String> out = null;
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            int open = documentOpening(token);
            int[] end = open < 0 ? null : documentEnd(tokens, i, open);
            if (end == null || (i == 0 && open == 0 && end[0] == tokens.length - 1 && end[1] == tokens[end[0]].length() - 1)) {
                if (out != null) {
                    out.add(token);
                }
                continue;
            }
            if (out == null) {
                out = prefix(tokens, i);
            }
            out.add(token.substring(0, open + 1) + WILDCARD + tokens[end[0]].substring(end[1]));
            i = end[0];
        }
        return out == null ? tokens : out.toArray(new String[0]);
    }

    /** Version 9: the kind an SQL statement is masked as. */
    static final String SQL = "<SQL>";

    /**
     * Version 9: an SQL statement a program logs (a database's slow or statement log, an ORM's query log:
     * {@code duration: 0.5 ms  statement: SELECT id FROM orders WHERE id = 42}, {@code Hibernate: select
     * ...}, {@code User Load (0.5ms)  SELECT ...}) is one value from its first keyword to the end of the
     * message: each statement's shape started a template of its own, as many as the program has queries.
     * A statement opens the message or follows a key ({@code statement:}) or a closing parenthesis, its
     * keyword is written in capitals or small letters (opening a message, small letters need a second clause:
     * {@code where}, {@code values}, {@code set ... =}), and its shape is confirmed further on
     * ({@code SELECT ... FROM}, {@code INSERT INTO}, {@code UPDATE ... SET}, {@code DELETE FROM},
     * {@code WITH ... AS}); prose does not pass ({@code failed to delete from cache}, {@code Select a file}).
     */
    static String[] collapseStatements(String[] tokens) {
        for (int i = 0; i < tokens.length - 1; i++) {
            if ((i == 0 || tokens[i - 1].endsWith(":") || tokens[i - 1].endsWith(")")) && isStatement(tokens, i)) {
                String[] out = Arrays.copyOf(tokens, i + 1);
                out[i] = SQL;
                return out;
            }
        }
        return tokens;
    }

    private static boolean isStatement(String[] tokens, int i) {
        String keyword = tokens[i];
        boolean capitals = keyword.equals(keyword.toUpperCase(Locale.ROOT));
        if (!capitals && !keyword.equals(keyword.toLowerCase(Locale.ROOT))) {
            return false;
        }
        // small letters opening a message may be prose (delete from queue failed): a second clause must confirm
        boolean strict = !capitals && i == 0;
        String next = tokens[i + 1].toUpperCase(Locale.ROOT);
        return switch (keyword.toUpperCase(Locale.ROOT)) {
            case "SELECT" -> {
                int from = later(tokens, i + 1, "FROM");
                yield from > 0 && (!strict || from + 2 == tokens.length || later(tokens, from, "WHERE", "LIMIT", "ORDER", "GROUP", "JOIN") > 0);
            }
            case "INSERT", "REPLACE" -> next.equals("INTO") && (!strict || later(tokens, i + 2, "VALUES", "SELECT") > 0);
            case "DELETE" -> next.equals("FROM") && (!strict || i + 3 == tokens.length || later(tokens, i + 2, "WHERE") > 0);
            case "UPDATE" -> {
                int set = later(tokens, i + 2, "SET");
                yield set > 0 && (!strict || later(tokens, set, "=") > 0);
            }
            case "WITH" -> {
                int as = later(tokens, i + 1, "AS", "AS(");
                yield as > 0 && (!strict || later(tokens, as, "SELECT", "(SELECT") > 0);
            }
            default -> false;
        };
    }

    /** The index of the first token from {@code from} that is one of {@code words} (any case), or -1. */
    private static int later(String[] tokens, int from, String... words) {
        for (int k = from; k < tokens.length; k++) {
            for (String word : words) {
                if (tokens[k].equalsIgnoreCase(word)) {
                    return k;
                }
            }
        }
        return -1;
    }

    /**
     * HTTP reason phrases by their first word, longest first (Spring's {@link HttpStatus} holds the standard
     * ones: a maintained list rather than one typed here).
     */
    private static final Map<String, List<String[]>> REASON_PHRASES = reasonPhrases();

    private static Map<String, List<String[]>> reasonPhrases() {
        Map<String, List<String[]>> phrases = new HashMap<>();
        for (HttpStatus status : HttpStatus.values()) {
            String[] words = status.getReasonPhrase().split(" ");
            phrases.computeIfAbsent(words[0], k -> new ArrayList<>()).add(words);
        }
        phrases.values().forEach(list -> list.sort((a, b) -> b.length - a.length));
        return Map.copyOf(phrases);
    }

    /**
     * Version 9: an HTTP status's reason phrase after its code ({@code 200 OK}, {@code 404 Not Found},
     * {@code 500 Internal Server Error}, as Go's and Python's servers and many proxies write them) is one
     * value: its one to four words split one request event by the phrase's length and last word.
     */
    static String[] collapseReasonPhrases(String[] tokens) {
        List<String> out = null;
        for (int i = 0; i < tokens.length; i++) {
            int words = i > 0 && tokens[i - 1].equals(NUM) ? reasonPhraseAt(tokens, i) : 0;
            if (words == 0) {
                if (out != null) {
                    out.add(tokens[i]);
                }
                continue;
            }
            if (out == null) {
                out = prefix(tokens, i);
            }
            String last = tokens[i + words - 1];
            out.add(WILDCARD + last.substring(trimmedLength(last)));
            i += words - 1;
        }
        return out == null ? tokens : out.toArray(new String[0]);
    }

    private static final String NUM = "<NUM>";

    /** How many tokens from {@code i} are a reason phrase (its last one may carry closing punctuation), or 0. */
    private static int reasonPhraseAt(String[] tokens, int i) {
        List<String[]> candidates = REASON_PHRASES.get(tokens[i].substring(0, trimmedLength(tokens[i])));
        if (candidates == null) {
            return 0;
        }
        for (String[] phrase : candidates) {
            if (i + phrase.length > tokens.length) {
                continue;
            }
            boolean match = true;
            for (int k = 0; k < phrase.length && match; k++) {
                String token = tokens[i + k];
                match = k == phrase.length - 1 ? token.substring(0, trimmedLength(token)).equals(phrase[k]) : token.equals(phrase[k]);
            }
            if (match) {
                return phrase.length;
            }
        }
        return 0;
    }

    /** The token's length without closing punctuation ({@code Found,} gives 5). */
    private static int trimmedLength(String token) {
        int end = token.length();
        while (end > 1 && ",.;:)".indexOf(token.charAt(end - 1)) >= 0) {
            end--;
        }
        return end;
    }

    /** Where a document's brace opens: after nothing, a name ({@code User}), {@code &}, or a {@code key=}/{@code key:}. */
    private static int documentOpening(String token) {
        for (int k = 0; k < token.length(); k++) {
            char c = token.charAt(k);
            if (c == '{') {
                return k;
            }
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '$' || c == '&' || c == '-' || c == '=' || c == ':')) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * The token and index of the brace that closes the document opened at {@code tokens[i]}'s {@code open},
     * if it closes within {@link #MAX_ITEMS} tokens, holds a field, and is followed by punctuation only; else null.
     */
    private static int[] documentEnd(String[] tokens, int i, int open) {
        int depth = 0;
        boolean field = false;
        for (int j = i; j < tokens.length && j - i <= MAX_ITEMS; j++) {
            String token = tokens[j];
            for (int k = j == i ? open : 0; k < token.length(); k++) {
                char c = token.charAt(k);
                if (c == '{') {
                    depth++;
                }
                else if (c == '}' && --depth == 0) {
                    return field && onlyPunctuation(token, k + 1, ",.;:)]") ? new int[] { j, k } : null;
                }
                else if (!field && k > 0 && token.charAt(k - 1) != '{') {
                    // a key before it: "name:" and "<QUOTED>:" end their token, "Addr:" and "id=" are glued to
                    // their value; a colon between two values ("<IP>:<NUM>") is no field
                    field = c == '=' || (c == ':' && (k == token.length() - 1 || Character.isLetter(token.charAt(k - 1))));
                }
            }
        }
        return null;
    }

    private static boolean hasOpener(String token) {
        for (int k = 0, n = token.length(); k < n; k++) {
            char c = token.charAt(k);
            if (c == '[' || c == '(' || c == '{') {
                return true;
            }
        }
        return false;
    }

    /** The index of the token that closes a list opened in {@code tokens[i]}, or -1 if it does not open one. */
    private static int listEnd(String[] tokens, int i) {
        String first = tokens[i];
        int open = opening(first);
        if (open < 0 || open + 1 == first.length()) {
            return -1;
        }
        int depth = depthChange(first, open, first.length());
        if (depth <= 0) {
            return -1; // closed in the same token (or never opened): nothing spans tokens
        }
        for (int j = i + 1; j < tokens.length && j - i <= MAX_ITEMS; j++) {
            String token = tokens[j];
            for (int k = 0; k < token.length(); k++) {
                char c = token.charAt(k);
                if (OPENERS.indexOf(c) >= 0) {
                    depth++;
                }
                else if (CLOSERS.indexOf(c) >= 0 && --depth == 0) {
                    boolean closes = k > 0 && c == CLOSERS.charAt(OPENERS.indexOf(first.charAt(open)))
                            && onlyPunctuation(token, k + 1) && isList(tokens, i, open, j, k);
                    return closes ? j : -1;
                }
            }
        }
        return -1;
    }

    /** Where a list opens in a token: at its start, or after a {@code key=} or {@code key:}; -1 if not. */
    private static int opening(String token) {
        for (int k = 0; k < token.length(); k++) {
            char c = token.charAt(k);
            if (OPENERS.indexOf(c) >= 0) {
                return k == 0 || token.charAt(k - 1) == '=' || token.charAt(k - 1) == ':' ? k : -1;
            }
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '=' || c == ':')) {
                return -1;
            }
        }
        return -1;
    }

    private static int depthChange(String token, int from, int to) {
        int depth = 0;
        for (int k = from; k < to; k++) {
            char c = token.charAt(k);
            if (OPENERS.indexOf(c) >= 0) {
                depth++;
            }
            else if (CLOSERS.indexOf(c) >= 0) {
                depth--;
            }
        }
        return depth;
    }

    private static boolean onlyPunctuation(String token, int from) {
        return onlyPunctuation(token, from, ",.;:");
    }

    private static boolean onlyPunctuation(String token, int from, String punctuation) {
        for (int k = from; k < token.length(); k++) {
            if (punctuation.indexOf(token.charAt(k)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static List<String> items(String[] tokens, int i, int open, int j, int close) {
        List<String> items = new ArrayList<>(j - i + 1);
        items.add(tokens[i].substring(open + 1));
        for (int k = i + 1; k < j; k++) {
            items.add(tokens[k]);
        }
        items.add(tokens[j].substring(0, close));
        return items;
    }

    private static boolean isList(String[] tokens, int i, int open, int j, int close) {
        List<String> items = items(tokens, i, open, j, close);
        boolean commas = true;
        boolean values = true;
        for (int k = 0; k < items.size(); k++) {
            String item = items.get(k);
            if (k < items.size() - 1 && !item.endsWith(",")) {
                commas = false;
            }
            String core = item.endsWith(",") || item.endsWith(";") ? item.substring(0, item.length() - 1) : item;
            if (core.isEmpty()) {
                return false;
            }
            if (!(Masker.isValue(core) || isQuoted(core))) {
                values = false;
            }
        }
        return commas || values;
    }

    private static boolean isQuoted(String item) {
        char q = item.charAt(0);
        return item.length() >= 2 && (q == '"' || q == '\'') && item.charAt(item.length() - 1) == q;
    }

    /** The list's token: what came before the bracket, the items' common kind (else {@code <*>}), the closing part. */
    private static String collapse(String[] tokens, int i, int j) {
        String first = tokens[i];
        int open = opening(first);
        String last = tokens[j];
        int close = closing(last);
        String kind = null;
        for (String item : items(tokens, i, open, j, close)) {
            String core = item.endsWith(",") || item.endsWith(";") ? item.substring(0, item.length() - 1) : item;
            String itemKind = Masker.isPlaceholder(core) ? Masker.canonical(core) : WILDCARD;
            kind = kind == null || kind.equals(itemKind) ? itemKind : WILDCARD;
        }
        return first.substring(0, open + 1) + kind + last.substring(close);
    }

    /** Where the closing bracket of the list's last token is: the last bracket before trailing punctuation. */
    private static int closing(String token) {
        int k = token.length() - 1;
        while (k > 0 && CLOSERS.indexOf(token.charAt(k)) < 0) {
            k--;
        }
        return k;
    }

    /**
     * Version 3's merge of adjacent values: as version 2's ({@code <NUM> <NUM>,} is one value), and
     * values with the same punctuation in front merge too, the last one keeping what follows it:
     * {@code @<HEX> @<HEX> @<HEX>)} becomes {@code @<HEX>)}, so a stack of any depth is one event.
     */
    static String[] mergeValueRuns(String[] tokens) {
        List<String> out = null;
        String previous = null;
        int previousAt = -1;
        String previousKind = null;
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            int at = Piece.placeholderAt(token);
            String kind = at < 0 ? null : Piece.kind(token, at);
            if (kind != null && previousKind != null && previousAt == at && token.regionMatches(0, previous, 0, at)
                    && Piece.continues(previous, previousAt + previousKind.length())) {
                if (out == null) {
                    out = prefix(tokens, i);
                }
                String runKind = previousKind.equals(kind) ? kind : WILDCARD;
                String merged = token.substring(0, at) + runKind + token.substring(at + kind.length());
                merged = merged.equals(WILDCARD) ? WILDCARD : merged;
                out.set(out.size() - 1, merged);
                previous = merged;
                previousKind = runKind;
                continue;
            }
            if (out != null) {
                out.add(token);
            }
            previous = token;
            previousAt = at;
            previousKind = kind;
        }
        return out == null ? tokens : out.toArray(new String[0]);
    }

    /**
     * Version 6: a lone dash between two values one of which is quoted, or after a value at the end
     * of the message, is a value too (a dash between two numbers is a range: {@code 0000 - 0a00}): access logs write {@code -} for a size, referer or agent they do not have
     * ({@code 200 5120 "-"} beside {@code 304 - "-"}), and as text it broke the run of values in two,
     * so each size-or-dash combination had its own length and template. A dash next to another dash
     * or to text ({@code <IP> - - [}) is left for the tree, which takes it as alike any token.
     */
    static String[] dashValues(String[] tokens) {
        String[] out = null;
        for (int i = 1; i < tokens.length; i++) {
            if (tokens[i].equals("-") && Masker.isValue(tokens[i - 1]) && (i + 1 == tokens.length
                    || Masker.isValue(tokens[i + 1]) && (tokens[i - 1].contains("<QUOTED>") || tokens[i + 1].contains("<QUOTED>")))) {
                if (out == null) {
                    out = tokens.clone();
                }
                out[i] = WILDCARD;
            }
        }
        return out == null ? tokens : out;
    }

    /**
     * Version 4: a comma-separated run of tokens that each hold a value, written without brackets,
     * is one value: {@code loaded a-<NUM>.jar, b-<NUM>.jar, c-<NUM>.jar} gives {@code loaded <*>}, as
     * one item does. An item setting a key ({@code uid=<NUM>,}) is not a list item: the keys are text.
     */
    static String[] mergeValuedItems(String[] tokens) {
        List<String> out = null;
        for (int i = 0; i < tokens.length; i++) {
            int end = i;
            while (end + 1 < tokens.length && tokens[end].endsWith(",") && isValuedItem(tokens[end], 1)
                    && isValuedItem(tokens[end + 1], 0)) {
                end++;
            }
            if (end == i) {
                if (out != null) {
                    out.add(tokens[i]);
                }
                continue;
            }
            if (out == null) {
                out = prefix(tokens, i);
            }
            String last = tokens[end];
            out.add(last.endsWith(",") || last.endsWith(";") ? WILDCARD + last.charAt(last.length() - 1) : WILDCARD);
            i = end;
        }
        return out == null ? tokens : out.toArray(new String[0]);
    }

    /** A token holding a value, not a {@code key=} setting, nor a bracket; {@code cut} trailing characters ignored. */
    private static boolean isValuedItem(String token, int cut) {
        String core = token.substring(0, token.length() - cut);
        if (core.indexOf('=') >= 0 || hasOpener(core) || core.indexOf(')') >= 0 || core.indexOf(']') >= 0) {
            return false;
        }
        return Masker.containsPlaceholder(core.endsWith(",") || core.endsWith(";") ? core.substring(0, core.length() - 1) : core);
    }

    /** A token made of one placeholder with only punctuation around it ({@code @<HEX>)}, {@code <NUM>,}). */
    private static final class Piece {

        private Piece() {
        }

        /** Where the placeholder starts if only punctuation comes before it; -1 if not. */
        static int placeholderAt(String token) {
            int n = token.length();
            if (n < 3) {
                return -1;
            }
            for (int k = 0; k < n; k++) {
                char c = token.charAt(k);
                if (c == '<') {
                    return k;
                }
                if (Character.isLetterOrDigit(c)) {
                    return -1;
                }
            }
            return -1;
        }

        /** The placeholder at {@code at} if nothing but punctuation follows it, else null. */
        static String kind(String token, int at) {
            if (token == WILDCARD) {
                return WILDCARD;
            }
            for (String placeholder : Masker.PLACEHOLDERS) {
                if (token.startsWith(placeholder, at)) {
                    for (int k = at + placeholder.length(); k < token.length(); k++) {
                        char c = token.charAt(k);
                        if (Character.isLetterOrDigit(c) || c == '<') {
                            return null;
                        }
                    }
                    return placeholder;
                }
            }
            return null;
        }

        /** Only a value with nothing or a list separator after it is followed by more of the run. */
        static boolean continues(String token, int suffixStart) {
            int rest = token.length() - suffixStart;
            return rest == 0 || (rest == 1 && (token.charAt(suffixStart) == ',' || token.charAt(suffixStart) == ';'));
        }
    }
}
