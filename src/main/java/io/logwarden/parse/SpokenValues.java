package io.logwarden.parse;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings version 5's passes over a message's tokens for values written the way people write them
 * rather than the way programs parse them: dates with a month name over several tokens
 * ({@code Tue Apr 12 2024}, {@code 3 March 2024 10:00 UTC}), numbers with thousands separators
 * ({@code 39,211 ms}), and a host name before a bracketed address ({@code relay-2[10.0.0.9]}).
 * Without them one event splits by the month, by the magnitude of a number, or by the host.
 */
final class SpokenValues {

    private static final Set<String> WEEKDAYS = names("mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday",
            "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");
    private static final Set<String> MONTHS = names("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
            "sept", "oct", "nov", "dec", "january", "february", "march", "april", "june", "july", "august",
            "september", "october", "november", "december");
    private static final Pattern DAY = Pattern.compile("\\d{1,2}(?:st|nd|rd|th)?");
    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final Pattern CLOCK = Pattern.compile("\\d{1,2}:\\d{2}(?::\\d{2})?(?:[.,]\\d{1,9})?");
    private static final Pattern ZONE = Pattern.compile("UTC|GMT|Z|[A-Z]{1,3}[SD]?T|[+-]\\d{4}|[+-]\\d{2}:\\d{2}");
    /** Digits grouped by commas in threes, standing alone (not inside a clock time or a list of numbers). */
    private static final Pattern THOUSANDS = Pattern.compile("(?<![\\w.,:/])[-+]?\\d{1,3}(?:,\\d{3})+(?![0-9]|,\\d)");

    private SpokenValues() {
    }

    /** Joins spoken dates into one {@code <DATE>} token and drops thousands separators, before the masks run. */
    static String[] beforeMasking(String[] tokens, List<Masker.Step> steps) {
        List<String> out = null;
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            int used = dateLength(tokens, i);
            if (used > 0) {
                if (out == null) {
                    out = ValueLists.prefix(tokens, i);
                }
                String last = tokens[i + used - 1];
                String joined = "<DATE>" + last.substring(stripTrailing(last).length());
                if (steps != null) {
                    steps.add(new Masker.Step("date", String.join(" ", Arrays.copyOfRange(tokens, i, i + used)), joined));
                }
                out.add(Masker.canonical(joined));
                i += used - 1;
                continue;
            }
            String plain = hasCommaThenThreeDigits(token) ? withoutThousandsSeparators(token) : token;
            if (steps != null && !plain.equals(token)) {
                steps.add(new Masker.Step("thousands", token, plain));
            }
            if (out != null) {
                out.add(plain);
            }
            else {
                tokens[i] = plain;
            }
        }
        return out == null ? tokens : out.toArray(new String[0]);
    }

    /**
     * How many tokens from {@code i} make a date with a month name: {@code [Weekday] Month Day [Year]
     * [Time [Zone] [Year]]} or {@code [Weekday] Day Month Year [Time [Zone]]}; 0 if none. A year or a
     * time must be there, so a month name and a number alone ({@code may 3}) stay words.
     */
    static int dateLength(String[] tokens, int i) {
        int n = tokens.length;
        int k = i;
        if (k < n && isName(WEEKDAYS, tokens[k])) {
            k++;
        }
        boolean year;
        if (k + 1 < n && isName(MONTHS, tokens[k]) && matches(DAY, tokens[k + 1])) {
            k += 2;
            year = k < n && matches(YEAR, tokens[k]);
            if (year) {
                k++;
            }
        }
        else if (k + 2 < n && isName(MONTHS, tokens[k + 1]) && matches(DAY, tokens[k]) && matches(YEAR, tokens[k + 2])) {
            k += 3;
            year = true;
        }
        else {
            return 0;
        }
        boolean time = k < n && matches(CLOCK, tokens[k]);
        if (time) {
            k++;
            if (k < n && matches(ZONE, tokens[k])) {
                k++;
            }
            if (!year && k < n && matches(YEAR, tokens[k])) {
                k++;
                year = true;
            }
        }
        return year || time ? k - i : 0;
    }

    /** {@code relay-2[<IP>]} becomes {@code <HOST>[<IP>]}: a name right before a bracketed address is that host's. */
    static void hostsBeforeAddresses(String[] tokens, List<Masker.Step> steps) {
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            int bracket = token.indexOf("[<IP>]");
            if (bracket <= 0) {
                continue;
            }
            int start = bracket;
            while (start > 0 && isNameChar(token.charAt(start - 1))) {
                start--;
            }
            // a number in the name was masked already (gw-<NUM>); the name needs a letter of its own
            String name = token.substring(start, bracket).replace("<NUM>", "");
            if (name.isEmpty() || name.indexOf('<') >= 0 || name.chars().noneMatch(Character::isLetter)) {
                continue;
            }
            String host = token.substring(0, start) + "<HOST>" + token.substring(bracket);
            if (steps != null) {
                steps.add(new Masker.Step("host", token, host));
            }
            tokens[i] = host;
        }
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'
                || c == '<' || c == '>';
    }

    /** Cheap check before the regex: most tokens have no comma, and most commas separate words. */
    private static boolean hasCommaThenThreeDigits(String token) {
        for (int c = token.indexOf(','); c > 0 && c + 3 < token.length(); c = token.indexOf(',', c + 1)) {
            if (isDigit(token.charAt(c - 1)) && isDigit(token.charAt(c + 1)) && isDigit(token.charAt(c + 2)) && isDigit(token.charAt(c + 3))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String withoutThousandsSeparators(String token) {
        Matcher m = THOUSANDS.matcher(token);
        if (!m.find()) {
            return token;
        }
        StringBuilder out = new StringBuilder(token.length());
        int last = 0;
        do {
            out.append(token, last, m.start()).append(m.group().replace(",", ""));
            last = m.end();
        } while (m.find());
        return out.append(token, last, token.length()).toString();
    }

    /** Whether a token, trailing punctuation aside, is one of the sets' parts ({@code Wed,}); most of any log is rejected by length and first letter. */
    private static boolean matches(Pattern pattern, String token) {
        char c = token.isEmpty() ? ' ' : token.charAt(0);
        return (c >= '0' && c <= '9' || c == '+' || c == '-' || c >= 'A' && c <= 'Z') && token.length() <= 16
                && pattern.matcher(stripTrailing(token)).matches();
    }

    /** Whether a token, trailing punctuation aside, is a name of the set in any case ({@code Wed,}, {@code MARCH}). */
    private static boolean isName(Set<String> names, String token) {
        if (token.length() < 3 || token.length() > 10 || Arrays.binarySearch(NAME_STARTS, startKey(token)) < 0) {
            return false;
        }
        return names.contains(stripTrailing(token));
    }

    /** The first three letters of every month and weekday, as {@link #startKey}: most words fail this check without a lookup. */
    private static final int[] NAME_STARTS = java.util.stream.Stream.of("jan", "feb", "mar", "apr", "may", "jun", "jul",
            "aug", "sep", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun")
            .mapToInt(SpokenValues::startKey).sorted().toArray();

    /** The first three characters in lower case as one number (no allocation: it runs on every word). */
    private static int startKey(String token) {
        return (token.charAt(0) | 32) << 16 | (token.charAt(1) | 32) << 8 | (token.charAt(2) | 32);
    }

    private static Set<String> names(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(Arrays.asList(names));
        return set;
    }

    private static String stripTrailing(String token) {
        int end = token.length();
        while (end > 0 && ",.;)]".indexOf(token.charAt(end - 1)) >= 0) {
            end--;
        }
        return token.substring(0, end);
    }
}
