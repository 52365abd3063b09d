package io.logwarden.parse;

import static io.logwarden.parse.DrainMiner.WILDCARD;
import static io.logwarden.parse.DrainMiner.isEnclosedName;
import static io.logwarden.parse.DrainMiner.isLabel;
import static io.logwarden.parse.DrainMiner.tokenize;
import static io.logwarden.parse.DrainMiner.unbracketed;
import static io.logwarden.parse.DrainMiner.valuePlace;
import static io.logwarden.parse.RunMerge.MAX_EDGE;
import static io.logwarden.parse.RunMerge.MAX_RUN;
import static io.logwarden.parse.RunMerge.isSettingOrValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.BiConsumer;

import io.logwarden.parse.DrainMiner.Cluster;

/**
 * The merge step of {@link DrainMiner#refine()} (settings version 6 and later): joins templates
 * that are one event written with a variable Drain's similarity cannot see as one, the way Brain
 * and Drain's later variants merge after the tree. It only reads the templates and tells the miner
 * which to absorb into which, so the tree stays Drain's algorithm and this step stays one pass
 * over a finished set of templates (the offline {@code parse} command runs it; the service does not,
 * so stored models never renumber because of it).
 */
final class TemplateMerges {

    private final Map<Integer, Cluster> byId;
    private final int settingsVersion;
    private final boolean version7Merges;
    private final boolean version9Merges;
    /**
     * Version 12: an account written {@code user@realm} opening a message ({@code <root@pam> starting task},
     * {@code <alice@corp-ad> starting task}) is a value as a name with a digit is: without it each account kept
     * its own templates, and the run merge then took the words after it, written after several accounts, for one
     * value, so one account's events all became one template.
     */
    private final boolean version12Merges;
    private final BiConsumer<Cluster, Cluster> absorber;

    /**
     * @param byId the miner's templates by id; a template absorbed away leaves it
     * @param settingsVersion the model's settings version: version 7's merges run from 7 on
     * @param absorber moves the second template's messages to the first and forgets the second
     */
    TemplateMerges(Map<Integer, Cluster> byId, int settingsVersion, BiConsumer<Cluster, Cluster> absorber) {
        this.byId = byId;
        this.settingsVersion = settingsVersion;
        this.version7Merges = settingsVersion >= 7;
        this.version9Merges = settingsVersion >= 9;
        this.version12Merges = settingsVersion >= 12;
        this.absorber = absorber;
    }

    private void absorb(Cluster into, Cluster part) {
        absorber.accept(into, part);
    }

    /** Absorbs {@code part}, a template equal to {@code into} but at {@code i}, which becomes a {@code <*>}. */
    private void absorbAt(Cluster into, Cluster part, int i) {
        String[] general = into.tokens.clone();
        general[i] = WILDCARD;
        into.tokens = general;
        into.text = String.join(" ", general);
        absorb(into, part);
    }

    /**
     * Version 6, at the end of {@link DrainMiner#refine()}: merges templates that are one event written with a
     * variable Drain's similarity could not see as one. Two shapes, both measured on made-up logs of
     * a black-box tester's failure shapes: templates of one length equal but at one position, where
     * the two words are values by their look or place ({@link #oneVariable}: {@code Finished: SUCCESS}
     * / {@code FAILURE}, {@code is now UP} / {@code DOWN}); templates that share their beginning and
     * end around a run of words of varying length that other events name too ({@link RunMerge}:
     * {@code Started Certbot renewal.} / {@code Started Daily apt download activities.}); and
     * templates equal but for the length of a run of {@code <*>} ({@code job <*> for}, {@code job <*>
     * <*> for}): a name of one, two or three words Drain generalised per length. The lowest id stays;
     * its text shows the merged run as one {@code <*>}. Version 7 adds, in this order after the
     * one-position merges: names opening a message and the same names elsewhere ({@link
     * #mergeFirstValues}, {@link #mergeNamedValues}), then runs, optional fields and values, and
     * instances of a general template ({@link #mergeInstances}).
     *
     * @return the number of templates merged away
     */
    int merge() {
        List<Cluster> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparingInt(c -> c.id));
        int merged = 0;
        Map<Long, Integer> wordsAt = version7Merges ? wordsAt(all) : Map.of();
        Map<String, Integer> named = version7Merges ? namedWords(all) : Map.of();
        Map<Long, Cluster> byRest = new HashMap<>();
        for (Cluster c : all) {
            if (byId.get(c.id) != c) {
                continue;
            }
            String[] t = c.tokens;
            long[] rests = null;
            for (int i = 0; i < t.length; i++) {
                if (t[i] != WILDCARD && !WordCounts.isWord(unbracketed(t[i]))) {
                    continue;
                }
                rests = rests == null ? rests(t) : rests;
                long key = rests[i];
                Cluster other = byRest.get(key);
                if (other == null || byId.get(other.id) != other) {
                    byRest.put(key, c);
                    continue;
                }
                if (equalBut(other.tokens, t, i) && (oneVariable(other.tokens, t, i, version12Merges) && !(version7Merges && i == 0)
                        || version7Merges && i == 0 && (other.tokens[0] == WILDCARD || isEnclosedName(other.tokens[0]))
                        && isEnclosedName(t[0])
                        || wordsAt.getOrDefault(key, 0) >= MIN_WORD_VALUES && plainVariable(other.tokens, t, i)
                        && namedElsewhere(other.tokens[i], named) && namedElsewhere(t[i], named))) {
                    absorbAt(other, c, i);
                    merged++;
                    break;
                }
            }
        }
        if (version12Merges) {
            merged += mergeFirstArguments(all);
        }
        if (version7Merges && byId.size() <= MAX_TEMPLATES_FOR_RUNS) {
            Set<String> names = new HashSet<>();
            merged += mergeFirstValues(all, names);
            merged += mergeNamedValues(all, names);
        }
        if (version9Merges && byId.size() <= MAX_TEMPLATES_FOR_RUNS) {
            merged += mergeVaryingSubjects(all);
        }
        if (byId.size() <= MAX_TEMPLATES_FOR_RUNS) {
            merged += new RunMerge(byId, settingsVersion, absorber).merge(all);
        }
        if (version7Merges && byId.size() <= MAX_TEMPLATES_FOR_RUNS) {
            merged += mergeOptionalFields(all);
            merged += mergeOptionalValues(all);
            merged += mergeInstances(all);
        }
        Map<String, Cluster> bySkeleton = new HashMap<>();
        for (Cluster c : all) {
            if (byId.get(c.id) != c) {
                continue;
            }
            String skeleton = skeleton(tokenize(c.text));
            if (skeleton == null) {
                continue;
            }
            Cluster other = bySkeleton.putIfAbsent(skeleton, c);
            if (other != null) {
                other.text = skeleton;
                absorb(other, c);
                merged++;
            }
        }
        return merged;
    }

    /** Fewest templates equal but for their first token for that token to be a value ({@link #mergeFirstValues}). */
    static final int MIN_FIRST_VALUES = 3;

    /**
     * Version 7: merges templates equal but for their first token where that token is a name: the
     * player, user, host or job the line is about ({@code Kathy joined the game}, {@code builderBob
     * joined the game}). The tree branches on the first token, so each name got a template of its
     * own, while names with a digit took the {@code <*>} branch together. That is the evidence
     * asked for: at least {@link #MIN_FIRST_VALUES} templates, one with a value there already (a
     * {@code <*>}, a masked value such as {@code alex_<NUM>}, a name with a digit: {@link
     * #isFirstValue}), the others names in the same
     * punctuation ({@link #isFirstName}), and text in the rest. Without a value among them, words
     * opening a message ({@code Started}, {@code Stopped} {@code <*>}) stay apart.
     */
    private int mergeFirstValues(List<Cluster> all, Set<String> names) {
        Map<Long, List<Cluster>> byRest = new HashMap<>();
        for (Cluster c : all) {
            if (byId.get(c.id) == c && c.tokens.length >= 2 && textTokens(c.tokens) - (isText(c.tokens[0]) ? 1 : 0) >= 1) {
                byRest.computeIfAbsent(rest(c.tokens, 0), k -> new ArrayList<>()).add(c);
            }
        }
        int merged = 0;
        for (List<Cluster> group : byRest.values()) {
            if (group.size() < 2 || group.size() < MIN_FIRST_VALUES && !identifiersBesideAValue(group, version12Merges)) {
                continue;
            }
            Cluster into = group.get(0);
            boolean value = false;
            String shape = null;
            boolean allNames = true;
            for (Cluster c : group) {
                String first = c.tokens[0];
                if (!equalBut(into.tokens, c.tokens, 0)) {
                    allNames = false; // a hash collision
                    break;
                }
                if (isFirstValue(first, version12Merges)) {
                    value = true;
                    continue;
                }
                String punctuation = punctuation(first);
                if (!isFirstName(first) || (shape != null && !shape.equals(punctuation))) {
                    allNames = false;
                    break;
                }
                shape = punctuation;
            }
            if (!allNames || !value) {
                continue;
            }
            for (Cluster c : group) {
                if (c.tokens[0] != WILDCARD && !Masker.containsPlaceholder(c.tokens[0])) {
                    names.add(bare(c.tokens[0])); // rolf7 too: it is written again elsewhere
                }
            }
            for (Cluster c : group.subList(1, group.size())) {
                absorbAt(into, c, 0);
                merged++;
            }
        }
        return merged;
    }

    /** A first token that is a name with one argument in brackets glued to it: {@code query[AAAA]}, {@code DHCPACK(br-lan)}. */
    private static final Pattern FIRST_ARGUMENT = Pattern.compile("([A-Za-z][\\w.-]*)([\\[(])([^\\[\\]()\\s]+)([\\])])(:?)");

    /**
     * Version 12: merges templates equal but for the argument glued to their first token ({@code query[A] <*> from
     * <IP>}, {@code query[AAAA] <HOST> from <IP>}; {@code DHCPACK(br-lan) ...}, {@code DHCPACK(br-iot) ...}): one
     * name called with two arguments is one event, where the tree branched on each. Two templates are enough, as
     * two values of one key are; different names ({@code DHCPACK(...)}, {@code DHCPNAK(...)}) stay apart, and the
     * rest must be equal but for values.
     */
    private int mergeFirstArguments(List<Cluster> all) {
        Map<String, Cluster> byStem = new HashMap<>();
        int merged = 0;
        for (Cluster c : all) {
            if (byId.get(c.id) != c || c.tokens.length < 2 || c.tokens[0] == WILDCARD) {
                continue;
            }
            Matcher m = FIRST_ARGUMENT.matcher(c.tokens[0]);
            if (!m.matches()) {
                continue;
            }
            String general = m.group(1) + m.group(2) + WILDCARD + m.group(4) + m.group(5);
            StringBuilder key = new StringBuilder(general);
            for (int i = 1; i < c.tokens.length; i++) {
                // two values of different kinds fill one place (query[A] <*> / query[AAAA] <HOST>)
                key.append(' ').append(c.tokens[i] == WILDCARD || Masker.isValue(c.tokens[i]) ? WILDCARD : c.tokens[i]);
            }
            Cluster other = byStem.get(key.toString());
            if (other == null || byId.get(other.id) != other) {
                byStem.put(key.toString(), c);
            }
            else {
                String[] tokens = other.tokens.clone();
                tokens[0] = general;
                for (int i = 1; i < tokens.length; i++) {
                    if (!tokens[i].equals(c.tokens[i])) {
                        tokens[i] = WILDCARD;
                    }
                }
                other.tokens = tokens;
                other.text = String.join(" ", tokens);
                absorb(other, c);
                merged++;
            }
        }
        return merged;
    }

    /**
     * Version 7: merges templates equal but at one position where each holds a name {@link
     * #mergeFirstValues} found to be a value (or a value): the same players or hosts named again,
     * elsewhere in a message ({@code Disconnecting Kathy (...)} / {@code Disconnecting Steve (...)})
     * or opening one with too few templates to show it ({@code Kathy lost connection: Timed out}).
     * Two templates are enough: the names were seen as values already.
     */
    private int mergeNamedValues(List<Cluster> all, Set<String> names) {
        if (names.isEmpty()) {
            return 0;
        }
        Map<Cluster, long[]> rests = new HashMap<>();
        List<Cluster> longer = all;
        int merged = 0;
        for (int i = 0; !longer.isEmpty(); i++) {
            int position = i;
            // each position looks only at the templates that long: the work is the templates' tokens
            longer = longer.stream().filter(c -> byId.get(c.id) == c && c.tokens.length > position).toList();
            Map<Long, Cluster> byRest = new HashMap<>();
            for (Cluster c : longer) {
                String[] t = c.tokens;
                if (byId.get(c.id) != c || !namedValue(t[i], names)) {
                    continue;
                }
                long key = rests.computeIfAbsent(c, k -> rests(k.tokens))[i];
                Cluster other = byRest.get(key);
                if (other == null || byId.get(other.id) != other) {
                    byRest.put(key, c);
                }
                else if (equalBut(other.tokens, t, i) && textTokens(t) - (isText(t[i]) ? 1 : 0) >= 1
                        && samePunctuation(other.tokens[i], t[i])) {
                    absorbAt(other, c, i);
                    rests.remove(other); // its tokens changed
                    merged++;
                }
            }
        }
        return merged;
    }

    /** Two names in the same brackets or before the same colon; a value fits any. */
    private static boolean samePunctuation(String a, String b) {
        return a == WILDCARD || b == WILDCARD || Masker.containsPlaceholder(a) || Masker.containsPlaceholder(b)
                || punctuation(a).equals(punctuation(b));
    }

    private static boolean namedValue(String token, Set<String> names) {
        return token == WILDCARD || Masker.containsPlaceholder(token) || names.contains(bare(token));
    }

    /** A name without what encloses it ({@code [Kathy:} gives {@code Kathy}). */
    private static String bare(String token) {
        int from = 0;
        int to = token.length();
        while (from < to && "[(<".indexOf(token.charAt(from)) >= 0) {
            from++;
        }
        while (to > from && ":,)>]".indexOf(token.charAt(to - 1)) >= 0) {
            to--;
        }
        return token.substring(from, to);
    }

    /**
     * Whether a pair of templates is a value and a name no word is written like ({@code <*> was
     * marked offline} and {@code windows-build was marked offline}): a hyphen, a digit or a capital
     * inside make it a name, where a plain word beside a {@code <*>} may be another event's verb.
     */
    private static boolean identifiersBesideAValue(List<Cluster> group, boolean accounts) {
        boolean value = false;
        for (Cluster c : group) {
            String first = c.tokens[0];
            if (isFirstValue(first, accounts)) {
                value = true;
            }
            else if (WordCounts.isPlainWord(bare(first))) {
                return false;
            }
        }
        return value;
    }

    /**
     * A value as a message's first token: a {@code <*>}, a masked value, or a name with a digit
     * ({@code rolf7}, {@code nightly7}), which the tree takes as a value too ({@code <*>} branch), and with
     * {@code accounts} (version 12) an account {@code user@realm}, {@code @} between two parts.
     */
    private static boolean isFirstValue(String token, boolean accounts) {
        if (token == WILDCARD || Masker.containsPlaceholder(token)) {
            return true;
        }
        String name = bare(token);
        boolean digit = false;
        for (int i = 0; i < name.length(); i++) {
            digit |= Character.isDigit(name.charAt(i));
        }
        int at = name.indexOf('@');
        boolean account = accounts && at > 0 && at < name.length() - 1 && name.indexOf('@', at + 1) < 0;
        return (digit || account) && isFirstName(token);
    }

    /**
     * A name as a message's first token: letters, digits, {@code _ - . / @} with a small letter, not all
     * capitals (a code such as {@code DHCPACK} or a level), maybe in brackets or before a colon
     * ({@code [Kathy:}, {@code <Steve>}).
     */
    static boolean isFirstName(String token) {
        String name = bare(token);
        boolean lower = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isLowerCase(c)) {
                lower = true;
            }
            else if (!Character.isLetterOrDigit(c) && "_-./@".indexOf(c) < 0) {
                return false;
            }
        }
        return lower;
    }

    /** What encloses a name: {@code [Kathy:} gives {@code "[ :"}, {@code builderBob} gives {@code " "}. */
    private static String punctuation(String token) {
        String name = bare(token);
        int at = token.indexOf(name);
        return token.substring(0, at) + " " + token.substring(at + name.length());
    }

    private static boolean isText(String token) {
        return token != WILDCARD && !Masker.isValue(token);
    }

    /** Version 7: fewest templates equal but for a plain word at one position for the word to be a value. */
    static final int MIN_WORD_VALUES = 3;

    /** Per position and rest of the template ({@link #rest}), how many templates hold a plain word there. */
    private static Map<Long, Integer> wordsAt(List<Cluster> all) {
        Map<Long, Integer> counts = new HashMap<>();
        for (Cluster c : all) {
            String[] t = c.tokens;
            long[] rests = null;
            for (int i = 1; i < t.length; i++) {
                if (t[i] != WILDCARD && smallWord(t[i])) {
                    rests = rests == null ? rests(t) : rests;
                    counts.merge(rests[i], 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /**
     * Version 7: merges templates that are one event written with and without optional fields at
     * its end ({@code ..., request: <QUOTED>} and {@code ..., request: <QUOTED>, host: <QUOTED>}):
     * programs append a {@code key: value} or {@code key=value} field only when they have its
     * value. A template whose end is such fields, after a comma, joins the template that is its
     * beginning alone; the beginning must hold two words of text.
     */
    private int mergeOptionalFields(List<Cluster> all) {
        Map<String, Cluster> byText = byTokens(all);
        int merged = 0;
        for (Cluster c : all) {
            if (byId.get(c.id) != c) {
                continue;
            }
            String[] t = c.tokens;
            int end = t.length;
            while (end > 0 && t.length - end < 2 * MAX_EDGE) { // a bounded number of fields: each try copies the rest
                int before = end;
                if (end >= 2 && isFieldKey(t[end - 2]) && Masker.isValue(stripComma(t[end - 1]))) {
                    end -= 2;
                }
                else if (isSettingOrValue(stripComma(t[end - 1])) && t[end - 1].indexOf('=') > 0) {
                    end -= 1;
                }
                if (end == before || end == 0 || !t[end - 1].endsWith(",")) {
                    end = before;
                    break;
                }
                String[] core = Arrays.copyOf(t, end);
                core[end - 1] = stripComma(core[end - 1]);
                Cluster into = textTokens(core) >= 2 ? byText.get(String.join(" ", core)) : null;
                if (into != null && into != c && byId.get(into.id) == into) {
                    absorb(into, c);
                    merged++;
                    break;
                }
            }
        }
        return merged;
    }

    /**
     * Version 7: merges templates that are one event written with and without an optional value in
     * the middle ({@code DHCPACK on <IP> to <MAC> via <*>} and {@code DHCPACK on <IP> to <MAC> <*> via
     * <*>}, where the client's name in parentheses is printed when the client sent one): a template
     * equal to another but for one more generalised value, not first nor last, joins it (the lower
     * id stays). The shorter template must hold two words of text.
     */
    private int mergeOptionalValues(List<Cluster> all) {
        Map<String, Cluster> byText = byTokens(all);
        int merged = 0;
        for (Cluster c : all) {
            String[] t = c.tokens;
            // each try copies the template: a bounded length keeps a file of long lines linear
            for (int i = 1; i < t.length - 1 && t.length <= MAX_RUN * MAX_EDGE && byId.get(c.id) == c; i++) {
                if (t[i] != WILDCARD || t[i - 1] == WILDCARD || t[i + 1] == WILDCARD) {
                    continue;
                }
                String[] shorter = new String[t.length - 1];
                System.arraycopy(t, 0, shorter, 0, i);
                System.arraycopy(t, i + 1, shorter, i, t.length - i - 1);
                Cluster other = textTokens(shorter) >= 2 ? byText.get(String.join(" ", shorter)) : null;
                if (other != null && other != c && byId.get(other.id) == other) {
                    Cluster keep = other.id < c.id ? other : c;
                    absorb(keep, keep == other ? c : other);
                    merged++;
                }
            }
        }
        return merged;
    }

    /** Most tokens of the part where a line's subject is written differently. */
    static final int MAX_SUBJECT_VARIANT = 3;
    /** Most templates compared pairwise around one beginning and end (keeps the step linear in templates). */
    private static final int MAX_FRAMED = 32;

    /**
     * Version 9: merges the events of a log whose lines open with a subject written in two ways, one or
     * two tokens longer in one than the other (smartd's {@code Device: /dev/sda [SAT], opened} and {@code
     * Device: /dev/bus/0 [megaraid_disk_00] [SAT], opened}; a VPN connection's name with and without its
     * instance and peer): Drain's length layer split every event in two. Two templates equal but for up to
     * {@link #MAX_SUBJECT_VARIANT} tokens in one place, none of them a plain word, merge when the same two
     * variants are written before the same beginning in {@link RunMerge#MIN_RUN_GROUP} or more events (each
     * its own end, with a word in it): a difference every event repeats is the subject's, not the event's.
     * The variant with fewer tokens stays, its variant shown as one {@code <*>}. Plain words stay apart
     * ({@code for <*> from} and {@code for invalid user <*> from} are two events).
     */
    private int mergeVaryingSubjects(List<Cluster> all) {
        // beginning and end around a variant -> the templates with their variants there
        Map<String, List<Subject>> byFrame = new HashMap<>();
        for (Cluster c : all) {
            if (byId.get(c.id) != c) {
                continue;
            }
            String[] t = tokenize(c.text);
            for (int p = 0; p < t.length - 1 && p <= RunMerge.MAX_EDGE; p++) {
                for (int length = 0; length <= MAX_SUBJECT_VARIANT && p + length < t.length; length++) {
                    if (length > 0 && isPlainText(t[p + length - 1])) {
                        break;
                    }
                    String[] variant = Arrays.copyOfRange(t, p, p + length);
                    String frame = String.join(" ", Arrays.asList(t).subList(0, p)) + "\u0001"
                            + String.join(" ", Arrays.asList(t).subList(p + length, t.length));
                    byFrame.computeIfAbsent(frame, k -> new ArrayList<>(2)).add(new Subject(c, p, variant, t));
                }
            }
        }
        // beginning and the two variants -> the pairs of templates, one per event (end)
        Map<String, Map<String, Subject[]>> byVariants = new HashMap<>();
        for (List<Subject> framed : byFrame.values()) {
            if (framed.size() > MAX_FRAMED) {
                continue; // many templates around one place: names or values Drain kept apart, not two ways of a subject
            }
            for (int a = 0; a < framed.size(); a++) {
                for (int b = a + 1; b < framed.size(); b++) {
                    Subject x = framed.get(a);
                    Subject y = framed.get(b);
                    if (x.cluster() == y.cluster() || x.variant().length == y.variant().length) {
                        continue;
                    }
                    Subject shorter = x.variant().length < y.variant().length ? x : y;
                    Subject longer = shorter == x ? y : x;
                    String[] t = shorter.tokens();
                    String end = String.join(" ", Arrays.asList(t).subList(shorter.at() + shorter.variant().length, t.length));
                    if (textTokens(Arrays.copyOfRange(t, shorter.at() + shorter.variant().length, t.length)) == 0) {
                        continue;
                    }
                    String variants = String.join(" ", Arrays.asList(t).subList(0, shorter.at())) + "\u0001"
                            + String.join(" ", shorter.variant()) + "\u0001" + String.join(" ", longer.variant());
                    byVariants.computeIfAbsent(variants, k -> new HashMap<>()).putIfAbsent(end, new Subject[] { shorter, longer });
                }
            }
        }
        // the smallest variants first (the most specific beginning): Device: <PATH> <*>, not Device: <*>
        List<Map<String, Subject[]>> candidates = new ArrayList<>();
        for (Map<String, Subject[]> events : byVariants.values()) {
            if (events.size() >= RunMerge.MIN_RUN_GROUP) {
                candidates.add(events);
            }
        }
        candidates.sort(Comparator.comparingInt((Map<String, Subject[]> events) -> {
            Subject[] pair = events.values().iterator().next();
            return pair[0].variant().length + pair[1].variant().length;
        }).thenComparingInt(events -> events.values().stream().mapToInt(pair -> pair[0].cluster().id).min().orElse(0)));
        int merged = 0;
        for (Map<String, Subject[]> events : candidates) {
            for (Subject[] pair : events.values()) {
                Cluster into = pair[0].cluster();
                Cluster part = pair[1].cluster();
                if (byId.get(into.id) != into || byId.get(part.id) != part) {
                    continue;
                }
                String[] t = pair[0].tokens();
                List<String> general = new ArrayList<>(Arrays.asList(t).subList(0, pair[0].at()));
                general.add(WILDCARD);
                general.addAll(Arrays.asList(t).subList(pair[0].at() + pair[0].variant().length, t.length));
                into.text = String.join(" ", general);
                absorb(into, part);
                merged++;
            }
        }
        return merged;
    }

    /** A template's variant of its subject at {@code at}, and the template's tokens. */
    private record Subject(Cluster cluster, int at, String[] variant, String[] tokens) {
    }

    /** A word as a sentence has it ({@link WordCounts#isPlainWord}): the event's text, never a subject's variant. */
    private static boolean isPlainText(String token) {
        return token != WILDCARD && !Masker.containsPlaceholder(token) && WordCounts.isPlainWord(token);
    }

    /** The templates still kept, by their tokens (the first of equal ones). */
    private Map<String, Cluster> byTokens(List<Cluster> all) {
        Map<String, Cluster> byText = new HashMap<>();
        for (Cluster c : all) {
            if (byId.get(c.id) == c) {
                byText.putIfAbsent(String.join(" ", c.tokens), c);
            }
        }
        return byText;
    }

    /** A field's name with its colon ({@code host:}, {@code upstream:}): letters, digits, {@code _ -}. */
    private static boolean isFieldKey(String token) {
        int n = token.length();
        if (n < 3 || token.charAt(n - 1) != ':' || !Character.isLetter(token.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n - 1; i++) {
            char c = token.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static String stripComma(String token) {
        return token.length() > 1 && token.endsWith(",") ? token.substring(0, token.length() - 1) : token;
    }

    private static boolean hasPlaceholder(String[] t) {
        for (String token : t) {
            if (Masker.containsPlaceholder(token)) {
                return true;
            }
        }
        return false;
    }

    /** Largest table {@link #instanceOf} builds (a template of about 1,000 tokens against another). */
    static final long MAX_INSTANCE_CELLS = 1_000_000;

    /** Most templates with one first token compared pairwise by {@link #mergeInstances}. */
    static final int MAX_INSTANCE_BUCKET = 200;

    /**
     * Version 7: merges a template into a more general one it is an instance of: equal but where the
     * general one has {@code <*>}, which stands there for one token or for a run of words
     * ({@code Syncing vmx config for <*>} takes {@code Syncing vmx config for test vm (copy)};
     * {@code State Transition <*> -> <*>} takes {@code State Transition (VM_STATE_ON -> <*>}). Drain
     * made the general template from values, so a value of several words, or one that first came
     * with punctuation the other values lacked, is the same slot. A run with a value in it is not
     * taken ({@code for invalid user <*> from} is not {@code for <*> from}), and the general template
     * must be mostly text, with a first token that is text.
     */
    private int mergeInstances(List<Cluster> all) {
        Map<String, List<Cluster>> byFirst = new HashMap<>();
        for (Cluster c : all) {
            if (byId.get(c.id) == c && c.tokens.length > 0 && c.tokens[0] != WILDCARD) {
                byFirst.computeIfAbsent(c.tokens[0], k -> new ArrayList<>()).add(c);
            }
        }
        int merged = 0;
        for (List<Cluster> bucket : byFirst.values()) {
            if (bucket.size() < 2 || bucket.size() > MAX_INSTANCE_BUCKET) {
                continue;
            }
            for (Cluster general : bucket) {
                String[] g = general.tokens;
                int text = textTokens(g);
                if (byId.get(general.id) != general || text < 2 || text * 2 < g.length || !hasPlaceholder(g)) {
                    continue;
                }
                for (Cluster instance : bucket) {
                    if (instance != general && byId.get(instance.id) == instance && instanceOf(g, instance.tokens)) {
                        absorb(general, instance);
                        merged++;
                    }
                }
            }
        }
        return merged + mergeInstancesOfAFirstValue(all);
    }

    /**
     * Version 7: {@link #mergeInstances} for a general template that opens with {@code <*>} ({@code
     * <*> #<NUM> aborted by <*>}, a job's name there, which takes {@code Nightly Integration Tests
     * #<NUM> aborted by <*>}). Its instances are looked for among the templates holding its rarest
     * word; it must hold three words of text, most of its tokens.
     */
    private int mergeInstancesOfAFirstValue(List<Cluster> all) {
        Map<String, List<Cluster>> byWord = new HashMap<>();
        for (Cluster c : all) {
            if (byId.get(c.id) == c) {
                for (String token : new HashSet<>(Arrays.asList(c.tokens))) {
                    if (isText(token)) {
                        byWord.computeIfAbsent(token, k -> new ArrayList<>()).add(c);
                    }
                }
            }
        }
        int merged = 0;
        for (Cluster general : all) {
            String[] g = general.tokens;
            int text = textTokens(g);
            if (byId.get(general.id) != general || g.length == 0 || g[0] != WILDCARD || text < 3 || text * 2 < g.length) {
                continue;
            }
            List<Cluster> candidates = null;
            for (String token : g) {
                List<Cluster> holding = isText(token) ? byWord.get(token) : null;
                if (holding != null && (candidates == null || holding.size() < candidates.size())) {
                    candidates = holding;
                }
            }
            if (candidates == null || candidates.size() > MAX_INSTANCE_BUCKET) {
                continue;
            }
            for (Cluster instance : candidates) {
                if (instance != general && byId.get(instance.id) == instance && instanceOf(g, instance.tokens)) {
                    absorb(general, instance);
                    merged++;
                }
            }
        }
        return merged;
    }

    /**
     * Whether {@code t} is {@code g} with each {@code <*>} filled by one token or by a run of up to
     * {@link RunMerge#MAX_RUN} words without a value. By table, so its cost is bounded by the lengths.
     */
    static boolean instanceOf(String[] g, String[] t) {
        if (t.length < g.length || (long) (g.length + 1) * (t.length + 1) > MAX_INSTANCE_CELLS) {
            return false; // each token of g takes one token of t or more; a table past the bound is not built
        }
        // fits[i][j]: g from i matches t from j
        boolean[][] fits = new boolean[g.length + 1][t.length + 1];
        fits[g.length][t.length] = true;
        for (int i = g.length - 1; i >= 0; i--) {
            for (int j = t.length - 1; j >= 0; j--) {
                if (g[i] != WILDCARD) {
                    fits[i][j] = g[i].equals(t[j]) && fits[i + 1][j + 1] || keyedRunFits(g[i], t, j, fits[i + 1]);
                    continue;
                }
                boolean fit = fits[i + 1][j + 1];
                for (int k = j; !fit && k < t.length && k - j < MAX_RUN && t[k] != WILDCARD && !Masker.containsPlaceholder(t[k]); k++) {
                    fit = k > j && fits[i + 1][k + 1];
                }
                fits[i][j] = fit;
            }
        }
        return fits[0][0];
    }

    /**
     * Whether a run of two or more tokens from {@code j} is the keyed value {@code g} stands for,
     * written in several words: {@code cid=[<MAC>],} takes {@code cid=[no info],}, {@code attr=<*>} takes
     * {@code attr=uid cn mail} (a list separated by spaces). {@code g} holds one value after a key
     * ({@code =} or {@code :}, with an opening bracket or quote), and the run's words are text or
     * {@code <*>}: no masked value and no other field ({@code rhost=<*> user=root} is two fields).
     */
    private static boolean keyedRunFits(String g, String[] t, int j, boolean[] fitsAfter) {
        if (!Masker.containsPlaceholder(g) || Masker.isValue(g)) {
            return false;
        }
        List<String> literals = Masker.literals(g);
        String head = literals.get(0);
        if (literals.size() != 2 || head.isEmpty() || "=:[(\"'".indexOf(head.charAt(head.length() - 1)) < 0
                || !(head.contains("=") || head.contains(":"))) {
            return false;
        }
        String tail = literals.get(1);
        if (Masker.containsPlaceholder(t[j])) {
            return false;
        }
        StringBuilder run = new StringBuilder(t[j]);
        for (int k = j + 1; k < t.length && k - j < MAX_RUN; k++) {
            if (t[k] != WILDCARD && (Masker.containsPlaceholder(t[k]) || t[k].indexOf('=') >= 0 || t[k].endsWith(":"))) {
                return false; // another field (rhost=<*> user=root) is not part of this one's value
            }
            run.append(' ').append(t[k]);
            if (fitsAfter[k + 1] && run.length() > head.length() + tail.length() && run.indexOf(head) == 0
                    && run.toString().endsWith(tail)) {
                return true;
            }
        }
        return false;
    }

    /** In how many templates each small word stands (once per template). */
    private static Map<String, Integer> namedWords(List<Cluster> all) {
        Map<String, Integer> named = new HashMap<>();
        for (Cluster c : all) {
            Set<String> words = new HashSet<>();
            for (String token : c.tokens) {
                if (token != WILDCARD && smallWord(token)) {
                    words.add(token);
                }
            }
            words.forEach(w -> named.merge(w, 1, Integer::sum));
        }
        return named;
    }

    /**
     * Whether a word (a {@code <*>} aside) is also written in another template: a value is a thing a
     * log names in several events ({@code Starting prune job}, {@code Finished prune job}), where a
     * word only ever written in one place is that event's own ({@code completed partially after}).
     */
    private static boolean namedElsewhere(String word, Map<String, Integer> named) {
        return word == WILDCARD || named.getOrDefault(word, 0) >= 2;
    }

    /**
     * Version 7: whether two templates equal but at {@code i} hold a plain word with few values
     * there ({@code Initiating monitor operation} / {@code start} / {@code stop}): not the first
     * token, in a message of at least four tokens of which two more are text, and not a label.
     */
    private static boolean plainVariable(String[] a, String[] b, int i) {
        return i > 0 && a.length >= 4 && !isLabel(a, i) && !isLabel(b, i) && textTokens(a) - 1 >= 2
                && (a[i] == WILDCARD || smallWord(a[i])) && (b[i] == WILDCARD || smallWord(b[i]));
    }

    /** A plain word in small letters: a title-case word is more often the event ({@code VM Started}, {@code VM Paused}). */
    private static boolean smallWord(String token) {
        return Character.isLowerCase(token.charAt(0)) && WordCounts.isPlainWord(token);
    }

    /**
     * Above this many templates the run merge is left out: its keys grow with the templates times
     * {@code MAX_EDGE * MAX_EDGE}, and a file of that many templates is mostly free text, where
     * runs are not one value anyway. (A made-up file of 40,000 random lines took 1.9 GB without it.)
     */
    static final int MAX_TEMPLATES_FOR_RUNS = 5_000;


    /** A hash of the template's tokens but the one at {@code i}, with the length and {@code i}. */
    static long rest(String[] t, int i) {
        long h = 31L * t.length + i;
        for (int k = 0; k < t.length; k++) {
            if (k != i) {
                h = h * 1_000_003L + t[k].hashCode();
            }
        }
        return h;
    }

    /**
     * {@link #rest} for every position at once, in time linear in the template's length (one
     * position at a time is quadratic: a line of 500,000 words kept {@code parse} busy for hours).
     * The same values as {@link #rest}: its fold, split into a prefix and a suffix.
     */
    static long[] rests(String[] t) {
        int n = t.length;
        long[] out = new long[n];
        if (n == 0) {
            return out;
        }
        long base = 1_000_003L;
        long[] power = new long[n];
        power[0] = 1;
        for (int k = 1; k < n; k++) {
            power[k] = power[k - 1] * base;
        }
        long[] suffix = new long[n + 1]; // fold of t[j..n-1] from 0
        for (int j = n - 1; j >= 0; j--) {
            suffix[j] = t[j].hashCode() * power[n - 1 - j] + suffix[j + 1];
        }
        long prefix = 0; // fold of t[0..i-1] from 0
        for (int i = 0; i < n; i++) {
            out[i] = (31L * n + i) * power[n - 1] + prefix * power[n - 1 - i] + suffix[i + 1];
            prefix = prefix * base + t[i].hashCode();
        }
        return out;
    }

    /** Whether two templates of one length are equal but at {@code i} (a hash can collide). */
    private static boolean equalBut(String[] a, String[] b, int i) {
        if (a.length != b.length) {
            return false;
        }
        for (int k = 0; k < a.length; k++) {
            if (k != i && !a[k].equals(b[k])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether two templates equal but at {@code i} hold one variable there: the place is a value's
     * ({@link DrainMiner#valuePlace}), or each word there (a {@code <*>} aside) looks like a value and enough
     * text is around it. A {@code <*>} alone is not enough: a template that generalised over a few
     * lines may hold two events Drain merged ({@code Check is now <*>}), and merging the others into
     * it would make that mistake the rule.
     */
    private static boolean oneVariable(String[] a, String[] b, int i, boolean moduleTags) {
        if (isLabel(a, i) || isLabel(b, i)) {
            return false;
        }
        if (valuePlace(a, i) && !(moduleTags && DrainMiner.isModuleTag(a[i - 1]))) {
            return true;
        }
        if (i > 0 && (a[i] == WILDCARD || isIdentifier(a[i])) && (b[i] == WILDCARD || isIdentifier(b[i]))) {
            // names such as rabbitmq_shovel, tbird-admin: values however few (version 5's view); a
            // first token is what the line is about (tickTime set to, Inode-cache hash table)
            return true;
        }
        if (bracketedValueWords(a[i], b[i])) {
            return true; // a level or state in brackets inside the message: [WARN] / [ERROR], (DEGRADED)
        }
        // a word in capitals is a value only in a message of four tokens or more with other text:
        // two such words that are nearly all a message says (FOLLOWING / LOOKING, <SIZE> HIGHMEM
        // available.) are two events
        return (a[i] == WILDCARD || WordCounts.isValueWord(a[i])) && (b[i] == WILDCARD || WordCounts.isValueWord(b[i]))
                && a.length >= 4 && textTokens(a) - (a[i] == WILDCARD ? 0 : 1) >= 1;
    }


    /** Two words in capitals in the same brackets ({@code [WARN]} and {@code [ERROR]}). */
    private static boolean bracketedValueWords(String a, String b) {
        if (a == WILDCARD || b == WILDCARD) {
            return a != b && bracketedValueWord(a == WILDCARD ? b : a); // one merged before
        }
        return a.charAt(0) == b.charAt(0) && bracketedValueWord(a) && bracketedValueWord(b);
    }

    private static boolean bracketedValueWord(String token) {
        String word = unbracketed(token);
        return word != token && WordCounts.isValueWord(word);
    }

    /** A word that is not a plain word: a name or an id ({@code rabbitmq_shovel}, {@code ERR_NO_ROUTE}). */
    private static boolean isIdentifier(String token) {
        return token != WILDCARD && WordCounts.isWord(token) && !WordCounts.isPlainWord(token);
    }

    /** Tokens that hold some text (not a {@code <*>} nor a bare value). */
    private static int textTokens(String[] t) {
        int n = 0;
        for (String token : t) {
            if (token != WILDCARD && !Masker.isValue(token)) {
                n++;
            }
        }
        return n;
    }

    /**
     * The template with each run of {@code <*>} written as one, or null when fewer than two of its
     * tokens (and less than half of them) are text: then the run could be the event itself. Only
     * words Drain generalised count: masked values of varying number are merged before the tree
     * where adjacent, and where punctuation stands between them ({@code <SIZE> (<SIZE>) sent}) the
     * number is the event's shape.
     */
    private static String skeleton(String[] t) {
        StringBuilder out = new StringBuilder();
        int literals = 0;
        int runs = 0;
        boolean inRun = false;
        for (String token : t) {
            boolean value = token == WILDCARD;
            if (value && inRun) {
                continue;
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(value ? WILDCARD : token);
            inRun = value;
            if (value) {
                runs++;
            }
            else {
                literals++;
            }
        }
        return literals >= 2 && literals >= runs ? out.toString() : null;
    }
}
