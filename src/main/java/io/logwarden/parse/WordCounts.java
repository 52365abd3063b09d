package io.logwarden.parse;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Settings version 4: the words seen at one position of a template after two of its messages had
 * different words there, with how often each was seen. This is Brain's (Yu et al., 2023) reasoning
 * about a column, done online: a position whose words are few and each frequent holds a constant
 * that tells events apart ({@code closed by peer} / {@code closed by timeout}); a position with many
 * words, or a rare one, or any value (a number, a masked token) holds a variable ({@code Session for
 * alice}, {@code bob}, {@code carol} ...). Similarity alone cannot tell the two apart: both differ in
 * one token of many.
 *
 * <p>Not thread-safe: used under the miner's lock.
 */
final class WordCounts {

    /**
     * At most this many words make a set of constants: the outcomes or kinds one event text is
     * written with (success / failure / timeout / refused) form a small closed vocabulary.
     */
    static final int MAX_CONSTANTS = 4;
    /** Each of them seen at least this often: a word seen once or twice is as likely a value. */
    static final int MIN_SUPPORT = 3;

    private final Map<String, Long> counts = new LinkedHashMap<>(8);
    /** Set once the position has shown a variable; the counts are dropped then. */
    private boolean variable;
    /** Version 5: only plain words ({@link #isPlainWord}) can be constants. */
    private final boolean plainWordsOnly;
    /** Version 6: a word in capitals or a number written as a word is a value ({@link #isValueWord}). */
    private final boolean valueWords;

    /** Starts counting where {@code first}, seen {@code firstCount} times, met another word. */
    WordCounts(String first, long firstCount, boolean plainWordsOnly) {
        this(first, firstCount, plainWordsOnly, false);
    }

    WordCounts(String first, long firstCount, boolean plainWordsOnly, boolean valueWords) {
        this.plainWordsOnly = plainWordsOnly;
        this.valueWords = valueWords;
        counts.put(first, firstCount);
        if ((plainWordsOnly && !isPlainWord(first)) || (valueWords && isValueWord(first))) {
            markVariable();
        }
    }

    /** Counts the token of one more message at this position. */
    void add(String token) {
        if (variable) {
            return;
        }
        if (!isWord(token) || (plainWordsOnly && !isPlainWord(token)) || (valueWords && isValueWord(token))) {
            markVariable();
            return;
        }
        counts.merge(token, 1L, Long::sum);
        if (counts.size() > MAX_CONSTANTS) {
            markVariable();
        }
    }

    private void markVariable() {
        variable = true;
        counts.clear();
    }

    /** Whether the words seen are few and each frequent: a constant that splits the template. */
    boolean isConstant() {
        if (variable || counts.size() < 2) {
            return false;
        }
        for (long count : counts.values()) {
            if (count < MIN_SUPPORT) {
                return false;
            }
        }
        return true;
    }

    int distinct() {
        return counts.size();
    }

    /** The words in the order first seen, with their counts (the first one is the template's original word). */
    Map<String, Long> counts() {
        return counts;
    }

    /**
     * A token that could be a constant word: letters (with {@code -_.'} inside and punctuation at the
     * end), no digit, no placeholder, no {@code key=}. Anything else is a value.
     */
    static boolean isWord(String token) {
        int n = token.length();
        if (n == 0 || n > 40 || !Character.isLetter(token.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = token.charAt(i);
            if (Character.isLetter(c) || c == '-' || c == '_' || c == '\'') {
                continue;
            }
            if (c == '.' || c == ',' || c == ':' || c == ';' || c == ')' || c == '!' || c == '?') {
                continue;
            }
            return false;
        }
        return true;
    }

    /**
     * Version 5: a word as a sentence has it: letters only (punctuation at the end), no capital after
     * a small letter, and not a truth value. The rest of what {@link #isWord} lets through names
     * things ({@code tbird-admin}, {@code ERR_NO_PERMISSION}, {@code com.apple.Finder:},
     * {@code TrustedInstaller}) or states a setting ({@code True}), and a few such names seen often
     * are still values: a user, an error code, a client.
     */
    static boolean isPlainWord(String token) {
        int end = token.length();
        while (end > 0 && ".,:;)!?".indexOf(token.charAt(end - 1)) >= 0) {
            end--;
        }
        if (end == 0) {
            return false;
        }
        boolean lower = false;
        for (int i = 0; i < end; i++) {
            char c = token.charAt(i);
            if (!Character.isLetter(c) || (lower && Character.isUpperCase(c))) {
                return false;
            }
            lower = Character.isLowerCase(c);
        }
        String word = token.substring(0, end).toLowerCase(Locale.ROOT);
        return !TRUTH_VALUES.contains(word);
    }

    /**
     * Version 6: a word that is a value however few its values are: all in capitals ({@code UP},
     * {@code SUCCESS}, {@code NORMAL}: programs print states, results and levels from enums), or a
     * number written as a word ({@code three}, {@code second}). Event text is written in small
     * letters or as a title; an enum's name is not.
     */
    static boolean isValueWord(String token) {
        int end = token.length();
        while (end > 0 && ".,:;)!?".indexOf(token.charAt(end - 1)) >= 0) {
            end--;
        }
        if (end < 2) {
            return false;
        }
        boolean capitals = true;
        for (int i = 0; i < end && capitals; i++) {
            char c = token.charAt(i);
            capitals = Character.isUpperCase(c) || (i > 0 && (c == '_' || c == '-'));
        }
        return capitals || NUMBER_WORDS.contains(token.substring(0, end).toLowerCase(Locale.ROOT));
    }

    /**
     * Version 6: a word that names the setting the next word is the value of, as a {@code key:} does
     * ({@code changed state to up}, {@code status down}, {@code level warn}).
     */
    static boolean isSettingNoun(String token) {
        int end = token.length();
        while (end > 0 && ".,:;=!?".indexOf(token.charAt(end - 1)) >= 0) {
            end--;
        }
        return SETTING_NOUNS.contains(token.substring(0, end).toLowerCase(Locale.ROOT));
    }

    /** Short words between a setting's noun and its value ({@code state to up}, {@code status is down}). */
    static boolean isLinkWord(String token) {
        return LINK_WORDS.contains(token.toLowerCase(Locale.ROOT));
    }

    private static final Set<String> NUMBER_WORDS = Set.of("zero", "one", "two", "three", "four", "five", "six",
            "seven", "eight", "nine", "ten", "eleven", "twelve", "first", "second", "third", "fourth", "fifth",
            "sixth", "seventh", "eighth", "ninth", "tenth", "once", "twice", "single", "double", "triple");

    private static final Set<String> SETTING_NOUNS = Set.of("state", "status", "mode", "level", "result",
            "phase", "role", "type", "severity", "priority", "outcome", "policy", "strategy", "kind", "reason");

    /**
     * Version 6: a word that names a free-text value when a key ends with it ({@code an error:},
     * {@code cause:}, {@code client-provided name:}, {@code statement:}); before a word without the
     * colon it names no setting ({@code error opening} and {@code error closing} are two events).
     */
    static boolean isReasonNoun(String token) {
        int end = token.length();
        while (end > 0 && ".,:;=!?".indexOf(token.charAt(end - 1)) >= 0) {
            end--;
        }
        String word = token.substring(0, end).toLowerCase(Locale.ROOT);
        return SETTING_NOUNS.contains(word) || REASON_NOUNS.contains(word);
    }

    private static final Set<String> REASON_NOUNS = Set.of("error", "cause", "description", "detail", "details", "message",
            "name", "title", "label", "comment", "text", "query", "statement", "command");

    private static final Set<String> LINK_WORDS = Set.of("to", "is", "now", "as", "was", "of", "from", "into", "becomes", "became");

    private static final Set<String> TRUTH_VALUES = Set.of("true", "false", "yes", "no", "null", "none");
}
