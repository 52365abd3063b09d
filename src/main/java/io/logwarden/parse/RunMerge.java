package io.logwarden.parse;

import static io.logwarden.parse.DrainMiner.WILDCARD;
import static io.logwarden.parse.DrainMiner.isKey;
import static io.logwarden.parse.DrainMiner.tokenize;
import static io.logwarden.parse.DrainMiner.unbracketed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import io.logwarden.parse.DrainMiner.Cluster;

/**
 * The run merge of {@link TemplateMerges} (settings version 6 and later): templates that share
 * their first and last words and differ in a run of words between, which is one value of varying
 * length (a name, a reason, free text after a key, text in parentheses) that Drain's length layer
 * split per word count. Its own class because it reasons about runs and their contexts, where the
 * other merges look at one position.
 */
final class RunMerge {

    private final Map<Integer, Cluster> byId;
    private final boolean version7Merges;
    /**
     * Version 8: a run's places count as different only where the words around it differ, not the
     * values or punctuation ({@code <IP>:<NUM> - cid:<NUM> - <QUOTED> - Client connection closed} and
     * the same without the optional client name are one place). Version 7 took any difference, so an
     * optional field before a message made each message "named elsewhere", a value, and merged them.
     * And an error's text with its number after it ({@link #errnoAfterText}) is one value.
     */
    private final boolean version8Merges;
    /**
     * Version 9: only words (a letter in them) count as the event's own text inside runs: a separator most
     * runs hold ({@code Started apt-daily.service - Daily apt download activities.}: a unit's name, a dash,
     * its description) is punctuation between two values, not text the run crosses.
     */
    private final boolean version9Merges;
    private final BiConsumer<Cluster, Cluster> absorber;

    RunMerge(Map<Integer, Cluster> byId, int settingsVersion, BiConsumer<Cluster, Cluster> absorber) {
        this.byId = byId;
        this.version7Merges = settingsVersion >= 7;
        this.version8Merges = settingsVersion >= 8;
        this.version9Merges = settingsVersion >= 9;
        this.absorber = absorber;
    }

    private void absorb(Cluster into, Cluster part) {
        absorber.accept(into, part);
    }

    /** Fewest templates that must share a beginning and an end around differing words to merge. */
    static final int MIN_RUN_GROUP = 3;
    /** Longest run of words taken for one value. */
    static final int MAX_RUN = 12;
    /**
     * Most tokens of a shared beginning or end looked at: at most about {@code MAX_EDGE * MAX_EDGE}
     * keys per template, so a file of many templates stays cheap to refine.
     */
    static final int MAX_EDGE = 12;

    /**
     * Version 6: merges templates that share their first and last words and differ in the words
     * between, where at least {@link #MIN_RUN_GROUP} of them do so with runs of at least two lengths
     * ({@code Started Certbot renewal.}, {@code Started Daily apt download activities.}): a
     * description, a name or a phrase of varying length that Drain's length layer splits per word
     * count. Two such templates are not enough (OpenSSH's {@code for <*> from} and {@code for invalid
     * user <*> from} are two events), and the run must look like a value ({@link #runOfOneValue}).
     * The most specific beginning and end (the most text) win. Runs longer than {@link #MAX_RUN}
     * tokens, and beginnings or ends longer than {@link #MAX_EDGE}, are not looked at.
     */
    int merge(List<Cluster> all) {
        // keys are 64-bit hashes of token ranges (a file may have thousands of templates); a group's
        // members are checked token by token before they merge
        Map<Long, RunGroup> groups = new HashMap<>();
        Map<Cluster, String[]> partsOf = new HashMap<>();
        Map<Long, Long> contexts = new HashMap<>();
        for (Cluster c : all) {
            if (byId.get(c.id) != c) {
                continue;
            }
            String[] parts = splitEnd(tokenize(c.text));
            partsOf.put(c, parts);
            int n = parts.length;
            long headHash = 17;
            long headWords = 17;
            for (int p = 1; p < n && p <= MAX_EDGE; p++) {
                headHash = headHash * 1_000_003L + parts[p - 1].hashCode();
                if (isWord(parts[p - 1])) {
                    headWords = headWords * 1_000_003L + parts[p - 1].hashCode();
                }
                int head = textTokens(parts, 0, p);
                if (head == 0) {
                    continue; // the event's own words come first; a run after values only is not one
                }
                long tailHash = 19;
                long tailWords = 19;
                for (int q = 0; p + q < n && q <= MAX_EDGE; q++) {
                    if (q > 0) {
                        tailHash = tailHash * 1_000_033L + parts[n - q].hashCode();
                        if (isWord(parts[n - q])) {
                            tailWords = tailWords * 1_000_033L + parts[n - q].hashCode();
                        }
                    }
                    if (n - p - q > MAX_RUN) {
                        continue;
                    }
                    int text = head + textTokens(parts, n - q, n);
                    long around = headHash * 31 + tailHash;
                    long aroundWords = version8Merges ? headWords * 31 + tailWords : around;
                    if (version7Merges && textTokens(parts, p, n - q) > 0) {
                        // version 7: where a run is written counts with one word around it too (Started
                        // Download metadata, Finished Download metadata. <DURATION>)
                        contexts.merge(rangeHash(parts, p, n - q), aroundWords, (a, b) -> a.equals(b) ? a : MANY_CONTEXTS);
                    }
                    // version 7: settings after a run name it as text does (in=<NUM> out=<NUM>)
                    boolean framed = text >= 2 || version7Merges && q > 0 && settings(parts, n - q, n);
                    if (!framed && !(version7Merges && text == 1)) {
                        continue;
                    }
                    long key = (around * 31 + p) * 31 + q;
                    RunGroup group = groups.get(key);
                    if (group == null) {
                        groups.put(key, group = new RunGroup(p, q, text, framed, new ArrayList<>(2)));
                    }
                    group.members().add(c);
                    if (!version7Merges && text >= 2 && textTokens(parts, p, n - q) > 0) {
                        contexts.merge(rangeHash(parts, p, n - q), around, (a, b) -> a.equals(b) ? a : MANY_CONTEXTS);
                    }
                }
            }
        }
        List<RunGroup> candidates = new ArrayList<>();
        for (RunGroup g : groups.values()) {
            if (g.members().size() >= 2) {
                candidates.add(g);
            }
        }
        candidates.sort(Comparator.comparingInt((RunGroup g) -> -g.text()).thenComparingInt(g -> -g.members().size())
                .thenComparingInt(g -> g.members().get(0).id).thenComparingInt(RunGroup::p));
        int merged = 0;
        for (RunGroup g : candidates) {
            int p = g.p();
            int q = g.q();
            List<Cluster> members = new ArrayList<>();
            String[] first = null;
            for (Cluster c : g.members()) {
                String[] parts = partsOf.get(c);
                if (byId.get(c.id) == c && (first == null || sameEdges(first, parts, p, q))) {
                    members.add(c);
                    first = first == null ? parts : first;
                }
            }
            boolean oneValue = g.framed()
                    ? runOfOneValue(members, partsOf, contexts, p, q)
                            || version7Merges && (freeTextAfterKey(members, partsOf, p, q, version8Merges) || inParentheses(members, partsOf, p, q))
                    : namedRun(members, partsOf, contexts, p, q); // one word around: only a run named elsewhere
            if (!oneValue) {
                continue;
            }
            members.sort(Comparator.comparingInt(c -> c.id));
            Cluster into = members.get(0);
            String[] parts = partsOf.get(into);
            String head = String.join(" ", Arrays.asList(parts).subList(0, p));
            String tail = String.join(" ", Arrays.asList(parts).subList(parts.length - q, parts.length));
            // the end's punctuation was the last word's: it goes back onto the run ("<*>.")
            into.text = head + " " + WILDCARD + (tail.isEmpty() || isEndPunctuation(tail) ? tail : " " + tail);
            for (Cluster c : members.subList(1, members.size())) {
                absorb(into, c);
                merged++;
            }
        }
        return merged;
    }

    /**
     * Templates sharing a beginning of {@code p} and an end of {@code q} tokens around a run; framed
     * when two words of text or settings are around it, else (version 7) one word is.
     */
    private record RunGroup(int p, int q, int text, boolean framed, List<Cluster> members) {
    }

    /** A run written after two or more different beginnings or ends. */
    private static final long MANY_CONTEXTS = Long.MIN_VALUE;

    /**
     * A hash of the run {@code [from, to)}, its last word without closing punctuation: a name ends
     * a sentence in one event and not in another ({@code Started Download metadata}, {@code
     * Finished Download metadata. <DURATION>}), and is the same name.
     */
    private static long rangeHash(String[] t, int from, int to) {
        long h = 23;
        for (int i = from; i < to; i++) {
            String token = t[i];
            if (i == to - 1 && token.length() > 1 && ".,;".indexOf(token.charAt(token.length() - 1)) >= 0) {
                token = token.substring(0, token.length() - 1);
            }
            h = h * 1_000_003L + token.hashCode();
        }
        return h;
    }

    /** Whether two templates have the same first {@code p} and last {@code q} tokens (hashes can collide). */
    private static boolean sameEdges(String[] a, String[] b, int p, int q) {
        if (a.length < p + q + 1 || b.length < p + q + 1) {
            return false;
        }
        for (int i = 0; i < p; i++) {
            if (!a[i].equals(b[i])) {
                return false;
            }
        }
        for (int i = 1; i <= q; i++) {
            if (!a[a.length - i].equals(b[b.length - i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the templates' words between their shared first {@code p} and last {@code q} tokens
     * are one value of varying length: at least {@link #MIN_RUN_GROUP} templates with runs of at
     * least two lengths; no word in the runs of more than half of them (a word most runs have is the
     * event's own text the run crosses: OpenSSH's {@code Failed <*> for}, {@code for invalid user});
     * and at least two of the runs also written elsewhere in other words ({@code Started Certbot
     * renewal.}, {@code Stopping Certbot renewal...}): a value is a thing a log names in several
     * events, where a phrase that is only ever written after one beginning ({@code program
     * interrupt: illegal instruction}, {@code trap instruction}) is the event's own text.
     */
    private boolean runOfOneValue(List<Cluster> members, Map<Cluster, String[]> partsOf,
            Map<Long, Long> contexts, int p, int q) {
        if (members.size() >= 2 && q == 0 && reasonKey(partsOf.get(members.get(0)), p - 1)) {
            return true;
        }
        return namedRun(members, partsOf, contexts, p, q);
    }

    /**
     * Whether at least {@link #MIN_RUN_GROUP} templates hold runs of at least two lengths, no word
     * in most of them, and two or more of the runs are written elsewhere too: names of one kind.
     */
    private boolean namedRun(List<Cluster> members, Map<Cluster, String[]> partsOf, Map<Long, Long> contexts,
            int p, int q) {
        if (members.size() < MIN_RUN_GROUP) {
            return false;
        }
        if (aWordInMostRuns(members, partsOf, p, q)) {
            return false;
        }
        Set<Integer> lengths = new HashSet<>();
        int named = 0;
        for (Cluster c : members) {
            String[] parts = partsOf.get(c);
            lengths.add(parts.length);
            Long where = contexts.get(rangeHash(parts, p, parts.length - q));
            if (where != null && where == MANY_CONTEXTS) {
                named++;
            }
        }
        // version 9: most of the runs, not any two: a black-box tester's smartd log wrote three of eighteen
        // events also without a disk's tag, and every event after "Device: <PATH> [SAT]," became one <*>
        return lengths.size() >= 2 && named >= 2 && (!version9Merges || named * 2 > members.size());
    }

    /**
     * Version 7: whether the templates' runs between their shared first {@code p} and last {@code q}
     * tokens are free text a program filled in after a key: a reason, an error or a status message
     * ({@code Disconnected: Logged out in=<NUM> out=<NUM>}, {@code failed: [<NUM>] No route to host},
     * {@code Disconnect from local: Client has quit the connection}). The beginning ends with a key
     * (a token ending in a colon, not the first token; an error number in brackets may follow it),
     * the end is values and settings only ({@code in=<NUM>}, or nothing), at least {@link
     * #MIN_RUN_GROUP} templates differ there, and no word is in more than half of their runs (a
     * word most runs share is the event's own text). Version 6 merged such runs only after a noun
     * that names free text ({@link #reasonKey}) or when other events named them too.
     */
    private boolean freeTextAfterKey(List<Cluster> members, Map<Cluster, String[]> partsOf, int p, int q,
            boolean errnoAfter) {
        if (members.isEmpty()) {
            return false;
        }
        String[] first = partsOf.get(members.get(0));
        if (members.size() >= 2 && p >= 2 && (errorText(members, partsOf, p, q)
                || errnoAfter && errnoAfterText(members, partsOf, p, q))) {
            return true;
        }
        if (members.size() < MIN_RUN_GROUP) {
            return false;
        }
        int key = p - 1;
        if (key >= 1 && isBracketedValue(first[key]) && first[key - 1].endsWith(":")) {
            key--; // "failed: [111] Connection refused": the error's number belongs to the key
        }
        if (key < 1 || first[key].length() < 2 || !first[key].endsWith(":")) {
            return false;
        }
        if (q == 0 && key == p - 1) {
            return false; // a phrase ending the message after a key may be the event's own text (BGL's program interrupt: ...)
        }
        return settingsOrValues(first, first.length - q, first.length) && !aWordInMostRuns(members, partsOf, p, q);
    }

    /**
     * Version 7: whether each of two or more templates' runs is text in parentheses, one group or
     * more ({@code (Got timeout reading communication packets)}, {@code (Normal) (G1 Evacuation
     * Pause)}): a reason or a cause a program prints in parentheses after the event's words, so one
     * value however many words the runs share.
     */
    private static boolean inParentheses(List<Cluster> members, Map<Cluster, String[]> partsOf, int p, int q) {
        if (members.size() < 2) {
            return false;
        }
        for (Cluster c : members) {
            String[] parts = partsOf.get(c);
            int to = parts.length - q;
            if (to - p < 1 || !parts[p].startsWith("(") || !parts[to - 1].endsWith(")")) {
                return false;
            }
            int depth = 0;
            for (int i = p; i < to; i++) {
                for (int k = 0; k < parts[i].length(); k++) {
                    char ch = parts[i].charAt(k);
                    depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
                    if (depth < 0) {
                        return false;
                    }
                }
                if (depth == 0 && i + 1 < to && !parts[i + 1].startsWith("(")) {
                    return false; // text between two groups: the event's own words
                }
            }
            if (depth != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a word stands in the runs (between the first {@code p} and last {@code q} tokens) of
     * more than half of the templates: then it is the event's own text the runs cross, not part of
     * one value (OpenSSH's {@code Failed <*> for}, {@code for invalid user}).
     */
    private boolean aWordInMostRuns(List<Cluster> members, Map<Cluster, String[]> partsOf, int p, int q) {
        Map<String, Integer> seen = new HashMap<>();
        for (Cluster c : members) {
            String[] parts = partsOf.get(c);
            Set<String> words = new HashSet<>();
            for (int i = p; i < parts.length - q; i++) {
                if (version9Merges ? isWord(parts[i]) : parts[i] != WILDCARD && !Masker.containsPlaceholder(parts[i])) {
                    words.add(parts[i].toLowerCase(Locale.ROOT));
                }
            }
            for (String word : words) {
                if (seen.merge(word, 1, Integer::sum) * 2 > members.size()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the tokens in {@code [from, to)} are all values, settings or closing punctuation, with a setting among them. */
    private static boolean settings(String[] t, int from, int to) {
        if (!settingsOrValues(t, from, to)) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (t[i].indexOf('=') > 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether the tokens in {@code [from, to)} are all values, settings or closing punctuation (none at all counts). */
    private static boolean settingsOrValues(String[] t, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isSettingOrValue(t[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Version 7: whether each template's run is an error's text after its number in parentheses,
     * written by the C library's {@code strerror} ({@code failed (<NUM>: No such file or
     * directory) while ...}, {@code (<NUM>: Permission denied),}): the number decides the text, so
     * the text is a value whatever follows it.
     */
    private static boolean errorText(List<Cluster> members, Map<Cluster, String[]> partsOf, int p, int q) {
        for (Cluster c : members) {
            String[] parts = partsOf.get(c);
            String key = parts[p - 1];
            String last = parts[parts.length - q - 1];
            if (!key.startsWith("(") || !key.endsWith(":") || !Masker.isValue(key.substring(1, key.length() - 1))
                    || !(last.endsWith(")") || last.endsWith("),") || last.endsWith(").")) || Masker.containsPlaceholder(last)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Version 8: whether each template's run is an error's text followed by its number in parentheses,
     * after a key ({@code recv error for peer=<NUM>: Connection reset by peer (104)}, {@code Can't
     * connect: No route to host (113).}): {@code strerror} and {@code errno} printed the other way
     * round from {@link #errorText}. The number decides the text, so the text is a value, however
     * many words the texts share ({@code Connection reset by peer}, {@code Connection timed out}).
     */
    private static boolean errnoAfterText(List<Cluster> members, Map<Cluster, String[]> partsOf, int p, int q) {
        if (q == 0) {
            return false;
        }
        for (Cluster c : members) {
            String[] parts = partsOf.get(c);
            String key = parts[p - 1];
            String number = stripEnd(parts[parts.length - q]);
            if (key.length() < 2 || !key.endsWith(":") || !number.startsWith("(") || !number.endsWith(")")
                    || !Masker.isValue(number.substring(1, number.length() - 1))
                    || textTokens(parts, p, parts.length - q) < parts.length - q - p) {
                return false;
            }
        }
        return true;
    }

    private static String stripEnd(String token) {
        return token.endsWith(",") || token.endsWith(".") || token.endsWith(";") ? token.substring(0, token.length() - 1) : token;
    }

    /** A value in brackets: {@code [<NUM>]}, {@code (<NUM>)}. */
    private static boolean isBracketedValue(String token) {
        String inner = unbracketed(token);
        return inner != token && (inner.equals(WILDCARD) || Masker.isValue(inner));
    }

    /** A value, a {@code key=value} setting whose value is a value, or closing punctuation. */
    static boolean isSettingOrValue(String token) {
        if (token == WILDCARD || Masker.isValue(token) || isEndPunctuation(token)) {
            return true;
        }
        int eq = token.indexOf('=');
        return eq > 0 && Masker.containsPlaceholder(token.substring(eq + 1));
    }

    /**
     * Whether the token at {@code k}, not the first, is a key that is a setting's noun or links one
     * to its value ({@code an error:}, {@code reason set to:}): the rest of the message is that setting's text, a reason or an error of any
     * length ({@code returned an error: Job is pending execution}). A key alone is not enough:
     * {@code program interrupt: illegal instruction} and {@code from client: Connection reset by
     * peer} name the event after the colon.
     */
    private static boolean reasonKey(String[] t, int k) {
        if (k >= 1 && t[k].equals("is") && t[k - 1].equalsIgnoreCase("exception")) {
            return true; // Spring's "nested exception is java.io.IOException: Broken pipe"
        }
        if (k >= 1 && isExceptionKey(t[k])) {
            return true;
        }
        if (k < 1 || !isKey(t[k]) || Masker.containsPlaceholder(t[k])) {
            return false; // a first "error:" is a level written into the message: the event follows it
        }
        if (WordCounts.isReasonNoun(t[k])) {
            return true;
        }
        String link = t[k].substring(0, t[k].length() - 1);
        return WordCounts.isLinkWord(link) && (WordCounts.isReasonNoun(t[k - 1]) || k > 1 && WordCounts.isReasonNoun(t[k - 2]));
    }

    /**
     * Whether a token is an exception's class name with its colon ({@code java.io.IOException:},
     * {@code [org.example.web.MethodNotSupportedException:}): what follows is the exception's message,
     * free text of any length, as after {@code error:}.
     */
    private static boolean isExceptionKey(String token) {
        return token.length() > 10 && token.endsWith(":") && !Masker.containsPlaceholder(token)
                && (token.endsWith("Exception:") || token.endsWith("Error:"));
    }

    /** The tokens with the last one's closing punctuation ({@code renewal.}, {@code server...}) as a token of its own. */
    private static String[] splitEnd(String[] t) {
        if (t.length == 0) {
            return t;
        }
        String last = t[t.length - 1];
        int end = last.length();
        while (end > 0 && ".!?;,".indexOf(last.charAt(end - 1)) >= 0) {
            end--;
        }
        if (end == last.length() || end == 0) {
            return t;
        }
        String[] out = Arrays.copyOf(t, t.length + 1);
        out[t.length - 1] = Masker.canonical(last.substring(0, end));
        out[t.length] = last.substring(end);
        return out;
    }

    private static boolean isEndPunctuation(String token) {
        for (int i = 0; i < token.length(); i++) {
            if (".!?;,".indexOf(token.charAt(i)) < 0) {
                return false;
            }
        }
        return !token.isEmpty();
    }

    /** A token with a letter and no value in it: a word of the event's text. */
    private static boolean isWord(String token) {
        if (token == WILDCARD || Masker.containsPlaceholder(token)) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            if (Character.isLetter(token.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Tokens in {@code [from, to)} that are text, not values; closing punctuation counts as text. */
    private static int textTokens(String[] t, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (t[i] != WILDCARD && !Masker.containsPlaceholder(t[i])) {
                n++;
            }
        }
        return n;
    }
}
