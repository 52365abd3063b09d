package io.logwarden.parse;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Online template miner after Drain (He et al., "Drain: An Online Log Parsing Approach with Fixed
 * Depth Tree", ICWS 2017), with Drain3's masking in front.
 *
 * <p>Written by hand on purpose: there is no maintained Java implementation of Drain to depend on
 * (the reference implementations are Python: logpai/logparser and IBM's Drain3).
 *
 * <p>How a message finds its template: it is masked and split on whitespace; the tree's first layer
 * is the token count, the next {@code depth - 2} layers are the leading tokens (a token with a digit
 * goes to the shared {@code <*>} branch, since it is most likely a value), and the leaf holds the
 * candidate templates. The most similar candidate wins if at least {@code similarity} of its tokens
 * are equal to the message's; its differing positions then become {@code <*>}. Otherwise the message
 * starts a new template.
 *
 * <p>Settings version 2 adds, on top of the masks that name the kind of each value: a value counts
 * as equal to any other value at the same position (a host where another line has an IP is the same
 * event); tokens holding a value take the tree's {@code <*>} branch; and a run of adjacent values
 * ({@code ( <NUM> <NUM> <NUM> )}) is merged into one before the tree, so events whose parameter
 * lists vary in length fall into one template. A model mined under version 1 keeps version 1's
 * behaviour, so its template ids never move.
 *
 * <p>Settings version 3 adds its masks ({@link Masker#V3_RULES}) and: a
 * bracketed list of any length is one value ({@code [TERM, INT, HUP]}, {@code values=[<NUM>, <NUM>]},
 * {@code ["a" "b"]}); a run of values with the same punctuation in front merges as bare values do
 * ({@code @<HEX> @<HEX>}); a padded number in brackets is one token ({@code [ 812.5]} as
 * {@code [9812.5]}); and a dotted name among the leading tokens ({@code cron.service:},
 * {@code com.example.app}) takes the {@code <*>} branch, as a token with a digit does, since such
 * names are usually the subject of the event rather than the event.
 *
 * <p>Settings version 4 adds its masks ({@link Masker#V4_RULES}: quoted
 * strings are one value) and counts, per template, the words seen where two of its messages had
 * different words ({@link WordCounts}). {@link #refine()} then splits a template at a position whose
 * words are few and each frequent ({@code closed by peer} / {@code closed by timeout}), which
 * similarity alone merges; online mining is unchanged by it, so a model's ids only move when its
 * owner refines (the offline {@code parse} command does, after the whole file).
 *
 * <p>Settings version 5 adds its masks ({@link Masker#DEFAULT_RULES}: a quoted HTTP
 * request line keeps its method; values written as people write them, {@link SpokenValues}) and: two names at one position are alike ({@link #sameNameSlot}), and
 * a name fills a {@code <*>} as a value does; and only plain words can be constants for
 * {@link #refine()} ({@link WordCounts#isPlainWord}), never the word after a key ({@code reason: idle}).
 *
 * <p>Settings version 6 mines online as version 5 but for two rules of key=value
 * logs: a message key's quoted text is the event ({@link Masker#QUOTED_V6_RULE}), and two values of
 * one key are alike ({@link #sameKey}). {@link #refine()} changes more: a word that is a value by its
 * look or place is never a constant ({@link WordCounts#isValueWord}, {@link #valuePlace}), and
 * templates that differ only in such a word, or in the length of a run of values, are merged
 * ({@link TemplateMerges}).
 *
 * <p>Settings version 7 mines online as version 6 but for a name in brackets
 * ({@code [sshd] Ban <IP>}: {@link #isBracketedName}), which takes the tree's {@code <*>} branch
 * and is alike another such name, and an id no mask knows ({@code 1rAbCd-0001Xy-Zz Completed}:
 * {@link #sameIdShape}), alike another of its shape. {@link #refine()} merges more shapes: free
 * text after a key with settings after it, and an error's text after its number
 * ({@link RunMerge#freeTextAfterKey}); a small word
 * with few values that other templates name too ({@link TemplateMerges#namedElsewhere}); a template that is an
 * instance of a more general one ({@link TemplateMerges#mergeInstances}); optional fields at the end and an
 * optional value in the middle ({@link TemplateMerges#mergeOptionalFields}, {@link TemplateMerges#mergeOptionalValues}). It no
 * longer merges two codes in capitals that open the message ({@code DHCPOFFER} / {@code DHCPACK}).
 *
 * <p>Settings version 8 keeps a bracketed quoted message and a JSON line's keys and
 * {@code "msg"} as text ({@code ["became follower at term 33"] [term=33]}, {@code {"level":"info",
 * "msg":"compact tree index"}}: {@link Masker#QUOTED_V8_RULE}); {@link #refine()} takes a run of words
 * for a value named in several places only where the words around it differ, not an optional value
 * before it, and takes an error's text with its number after it as one value ({@link RunMerge}).
 *
 * <p>Settings version 11 mines as version 10 with one mask changed: a host name's labels may open with or hold an
 * underscore ({@link Masker#HOST_V11_RULE}: DNS service and key names such as {@code _ldap._tcp.example.com}).
 *
 * <p>Settings version 12 (the current one) adds three masks ({@link Masker#ESCAPED_QUOTED_RULE}, {@link
 * Masker#REVERSE_DNS_RULE}, {@link Masker#IPV4_MAPPED_RULE}), takes a field given no value between two others for that field ({@link
 * #emptyFieldBetweenFields}), and reads the word after a module's tag in capitals ({@code WPA:}) as text
 * ({@link #isModuleTag}), a name before a colon of its own for the line's subject ({@link #isSubjectBeforeAColon}),
 * a run of short hex numbers for one list ({@link ValueLists#maskHexRuns}), splits a JSON record into its members
 * ({@link ValueLists#splitJsonMembers}), and keeps a word of text in every
 * template ({@link #wouldLoseAllText}); {@link #refine()} also takes an account opening a message for a value and
 * merges a name called with different arguments ({@code query[A]}, {@code query[AAAA]}) ({@link TemplateMerges}).
 *
 * <p>Ids are handed out from 1 in creation order and never change: a template keeps its id when it
 * generalizes, and ids of forgotten (LRU) templates are not reused, because downstream models were
 * trained on these ids.
 *
 * <p>Thread-safe: masking and tokenizing (most of the work) run outside the lock; the tree walk and
 * update run under one short lock. Template lookups by id do not take the lock.
 */
public final class DrainMiner {

    static final String WILDCARD = Masker.WILDCARD;

    /** The parser settings version new models are mined with; stored with every model's templates. */
    public static final int SETTINGS_VERSION = 12;

    private final Masker masker;
    private final DrainSettings settings;
    private final int settingsVersion;
    /** Version 2 behaviour: values of any kind are alike, value tokens branch as {@code <*>}, lists merge. */
    private final boolean valuesAlike;
    /** Version 3 behaviour: bracketed lists, padded numbers, dotted names in the tree. */
    private final boolean listsAndNames;
    /** Version 4 behaviour: words at differing positions are counted, so that {@link #refine()} can split. */
    private final boolean wordConstants;
    /**
     * Version 5 behaviour: names (dotted, slashed, or partly masked ids) at one position are alike,
     * and only plain words count as constants for {@link #refine()}.
     */
    private final boolean namesAlike;
    /**
     * Version 6 behaviour: words that are values by their look or place (capitals, numbers as words,
     * a setting's value, a name in a sentence) are never constants, and {@link #refine()} merges
     * templates that differ only in such a word or in the length of a run of values.
     */
    private final boolean mergeVariables;
    /**
     * Version 7 behaviour online (new models only): a name in brackets ({@code [sshd] Ban <IP>})
     * takes the tree's {@code <*>} branch among the leading tokens, and two such names at one
     * position are alike ({@link #isBracketedName}); so are two ids of one shape ({@link #sameIdShape}).
     */
    private final boolean namesInBrackets;
    /** Version 8: a message is compared with the newest {@link #MAX_LEAF_CANDIDATES} templates of its leaf at most. */
    private final boolean boundedLeaves;
    /**
     * Version 9: a document of fields in braces is one value ({@link ValueLists#collapseDocuments}), and so is
     * an SQL statement ({@link ValueLists#collapseStatements}).
     */
    private final boolean documents;
    /**
     * Version 10: the word a message key opens ({@code msg="Opened}, {@code message=Reading}) is the event's
     * first word, not a setting's value: two lines that differ there are two events ({@link #isMessageKey}).
     */
    private final boolean messageWords;
    /**
     * Version 12: a field written with no value between two others ({@code referer= handler=...}, as
     * logfmt writers put an empty string) is the same field as one with a value there: Grafana-like
     * request logs split their most frequent event in two on whether the request had a referer. A
     * field with no value that ends the line stays apart ({@link #differentConstants}): loghub's
     * Linux truth has {@code ruser= rhost=} and {@code ruser= rhost=<*>} as two events.
     */
    private final boolean emptyFields;
    /** Version 6: templates {@link #refine()} merged into another, by id, with the id they joined. */
    private final Map<Integer, Integer> mergedInto = new HashMap<>();
    /** Templates {@link #refine()} split, by the id they had: where they split and each word's id. */
    private final Map<Integer, Split> splits = new HashMap<>();
    private final int prefixTokens;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Integer, Node> byLength = new HashMap<>();
    /** Read without the lock by {@link #template(int)}; written under it. */
    private final Map<Integer, Cluster> byId = new ConcurrentHashMap<>();
    /** Least recently used first; only kept when the number of templates is limited. */
    private final LinkedHashMap<Integer, Cluster> recency;
    private int nextId = 1;
    private volatile long version;

    /** A miner with the current settings version. */
    public DrainMiner(Masker masker, DrainSettings settings) {
        this(masker, settings, SETTINGS_VERSION);
    }

    /**
     * @param settingsVersion the version the model's templates were mined with (1 to {@link #SETTINGS_VERSION}); a model keeps
     *                        its version so that its ids stay stable
     */
    public DrainMiner(Masker masker, DrainSettings settings, int settingsVersion) {
        if (settingsVersion < 1 || settingsVersion > SETTINGS_VERSION) {
            throw new IllegalArgumentException("unknown parser settings version " + settingsVersion
                    + " (this build knows 1 to " + SETTINGS_VERSION + ")");
        }
        this.masker = masker;
        this.settings = settings;
        this.settingsVersion = settingsVersion;
        this.valuesAlike = settingsVersion >= 2;
        this.listsAndNames = settingsVersion >= 3;
        this.wordConstants = settingsVersion >= 4;
        this.namesAlike = settingsVersion >= 5;
        this.mergeVariables = settingsVersion >= 6;
        this.namesInBrackets = settingsVersion >= 7;
        this.boundedLeaves = settingsVersion >= 8;
        this.documents = settingsVersion >= 9;
        this.messageWords = settingsVersion >= 10;
        this.emptyFields = settingsVersion >= 12;
        this.prefixTokens = settings.depth() - 2;
        this.recency = settings.maxClusters() > 0 ? new LinkedHashMap<>(64, 0.75f, true) : null;
    }

    public Masker masker() {
        return masker;
    }

    public DrainSettings settings() {
        return settings;
    }

    public int settingsVersion() {
        return settingsVersion;
    }

    /** Finds or creates the template of a message, learning from it. */
    public TemplateMatch add(String content) {
        String[] tokens = prepare(content, null);
        lock.lock();
        try {
            Cluster cluster = search(tokens);
            if (cluster == null) {
                cluster = create(tokens);
                return new TemplateMatch(cluster.id, cluster.text, TemplateMatch.Change.CREATED);
            }
            cluster.count++;
            touch(cluster);
            String[] before = cluster.tokens;
            boolean changed = generalize(cluster, tokens, valuesAlike);
            if (wordConstants && (changed || cluster.words != null)) {
                countWords(cluster, before, tokens);
            }
            if (changed) {
                version++;
                return new TemplateMatch(cluster.id, cluster.text, TemplateMatch.Change.GENERALIZED);
            }
            return new TemplateMatch(cluster.id, cluster.text, TemplateMatch.Change.NONE);
        }
        finally {
            lock.unlock();
        }
    }

    /** Finds the template of a message without learning anything (no new template, no counting). */
    public Optional<TemplateRecord> match(String content) {
        String[] tokens = prepare(content, null);
        lock.lock();
        try {
            Cluster cluster = search(tokens);
            return cluster == null ? Optional.empty() : Optional.of(cluster.toRecord());
        }
        finally {
            lock.unlock();
        }
    }

    /** The values under the {@code <*>} of the given template in a message (empty if they do not line up). */
    public List<String> parameters(String content, String template) {
        return ParameterExtractor.extract(template, content);
    }

    public Optional<TemplateRecord> template(int id) {
        Cluster cluster = byId.get(id);
        return cluster == null ? Optional.empty() : Optional.of(cluster.toRecord());
    }

    public int templateCount() {
        return byId.size();
    }

    /** The next id to be handed out; persisted so that forgotten ids stay unused after a restart. */
    public int nextId() {
        lock.lock();
        try {
            return nextId;
        }
        finally {
            lock.unlock();
        }
    }

    /** Increases whenever a template is created or generalized (not on plain matches). */
    public long version() {
        return version;
    }

    /** All templates ordered by id. */
    public List<TemplateRecord> templates() {
        lock.lock();
        try {
            List<TemplateRecord> out = new ArrayList<>(byId.size());
            for (Cluster c : byId.values()) {
                out.add(c.toRecord());
            }
            out.sort(Comparator.comparingInt(TemplateRecord::id));
            return out;
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Puts persisted templates back into an empty miner, keeping their ids, so that the same message
     * maps to the same id after a restart.
     */
    public void restore(Collection<TemplateRecord> templates, int persistedNextId) {
        lock.lock();
        try {
            if (!byId.isEmpty()) {
                throw new IllegalStateException("restore needs an empty miner");
            }
            List<TemplateRecord> sorted = new ArrayList<>(templates);
            sorted.sort(Comparator.comparingInt(TemplateRecord::id));
            int maxId = 0;
            for (TemplateRecord t : sorted) {
                if (byId.containsKey(t.id())) {
                    throw new IllegalArgumentException("duplicate template id " + t.id());
                }
                Cluster cluster = new Cluster(t.id(), tokenize(t.template()), Math.max(0, t.count()));
                insert(cluster);
                maxId = Math.max(maxId, t.id());
            }
            nextId = Math.max(persistedNextId, maxId + 1);
            version++;
        }
        finally {
            lock.unlock();
        }
    }

    // ---- constants among words (version 4) ------------------------------------------------------

    /**
     * Counts the words of a message joining {@code cluster} where the template's messages differ in
     * words; {@code t} is the template as the message found it (before it generalized).
     */
    private void countWords(Cluster cluster, String[] t, String[] tokens) {
        for (int i = 0; i < t.length; i++) {
            WordCounts words = cluster.words == null ? null : cluster.words[i];
            if (words != null) {
                words.add(tokens[i]);
            }
            else if (t[i] != WILDCARD && !t[i].equals(tokens[i]) && WordCounts.isWord(t[i]) && WordCounts.isWord(tokens[i])
                    && (emptyFields && i > 0 && isModuleTag(t[i - 1])
                        || !(namesAlike && i > 0 && isKey(t[i - 1])) && !(mergeVariables && valuePlace(t, i)))) {
                if (cluster.words == null) {
                    cluster.words = new WordCounts[t.length];
                }
                // every earlier message had the template's word here
                cluster.words[i] = new WordCounts(t[i], cluster.count - 1, namesAlike, mergeVariables && !isLabel(t, i));
                cluster.words[i].add(tokens[i]);
            }
        }
    }

    /**
     * Splits every template at a position whose words are few and each frequent ({@link
     * WordCounts#isConstant()}): one template per word, the first word keeping the template's id and
     * the others getting new ones. Where several positions qualify, the one with the fewest words
     * splits (Brain's choice of the most constant column). Meant for the end of offline mining; a
     * message mined before maps to its template after the split with {@link #refinedId(int, String)}.
     * From settings version 6 it then merges templates that differ only in a variable ({@link
     * TemplateMerges}); {@link #refinedId(int, String)} maps a merged template's messages too.
     *
     * @return the number of templates added by splits plus those merged away (0: every id stands)
     */
    public int refine() {
        if (!wordConstants) {
            return 0;
        }
        lock.lock();
        try {
            int added = 0;
            for (Cluster cluster : new ArrayList<>(byId.values())) {
                if (byId.get(cluster.id) != cluster) {
                    continue; // forgotten (least recently used) while an earlier template split
                }
                int position = constantPosition(cluster);
                if (position >= 0) {
                    added += split(cluster, position);
                }
            }
            int merged = mergeVariables ? new TemplateMerges(byId, settingsVersion, this::absorb).merge() : 0;
            if (added > 0 || merged > 0) {
                version++;
            }
            return added + merged;
        }
        finally {
            lock.unlock();
        }
    }

    private static int constantPosition(Cluster cluster) {
        if (cluster.words == null) {
            return -1;
        }
        int best = -1;
        for (int i = 0; i < cluster.words.length; i++) {
            WordCounts words = cluster.words[i];
            if (words != null && words.isConstant() && (best < 0 || words.distinct() < cluster.words[best].distinct())) {
                best = i;
            }
        }
        return best;
    }

    private int split(Cluster cluster, int position) {
        Map<String, Long> counts = cluster.words[position].counts();
        Map<String, Integer> ids = new HashMap<>();
        cluster.words = null; // the counts were of the merged template; its parts start afresh
        int added = 0;
        for (Map.Entry<String, Long> word : counts.entrySet()) {
            String[] tokens = cluster.tokens.clone();
            tokens[position] = word.getKey();
            if (ids.isEmpty()) {
                cluster.tokens = tokens;
                cluster.text = String.join(" ", tokens);
                cluster.count = word.getValue();
                ids.put(word.getKey(), cluster.id);
            }
            else {
                Cluster part = new Cluster(nextId++, tokens, word.getValue());
                insert(part);
                ids.put(word.getKey(), part.id);
                added++;
            }
        }
        splits.put(cluster.id, new Split(position, ids));
        evictIfFull();
        return added;
    }

    /**
     * The id a message has after {@link #refine()}, given the id {@link #add(String)} gave it then:
     * the part of a split template whose word the message has, else the id unchanged.
     */
    public int refinedId(int id, String content) {
        Split split;
        lock.lock();
        try {
            split = splits.get(id);
        }
        finally {
            lock.unlock();
        }
        if (split != null) {
            String[] tokens = prepare(content, null);
            id = split.position < tokens.length ? split.ids.getOrDefault(tokens[split.position], id) : id;
        }
        return merged(id);
    }

    /** The template a template was merged into by {@link #refine()} (itself if none). */
    private int merged(int id) {
        if (mergedInto.isEmpty()) {
            return id;
        }
        lock.lock();
        try {
            Integer into = mergedInto.get(id);
            while (into != null) {
                id = into;
                into = mergedInto.get(id);
            }
            return id;
        }
        finally {
            lock.unlock();
        }
    }

    // ---- token shapes both the tree and the merges read -----------------------------------------

    /**
     * Version 6: whether the word at {@code i} is a value by its place: after a key ({@code reason:
     * idle}), after a setting's noun ({@code level warn}, {@code changed state to up}), or a name in
     * a sentence: a capitalised word right after a small-letter word ({@code matching Office rule}),
     * where a new sentence or a title would have a stop or another capital before it.
     */
    static boolean valuePlace(String[] t, int i) {
        if (i == 0) {
            return false;
        }
        String before = t[i - 1];
        if (isKey(before) || WordCounts.isSettingNoun(before)) {
            return true;
        }
        if (i > 1 && WordCounts.isLinkWord(before) && WordCounts.isSettingNoun(t[i - 2])) {
            return true;
        }
        String word = t[i];
        return word.length() > 1 && Character.isUpperCase(word.charAt(0)) && Character.isLowerCase(word.charAt(1))
                && Character.isLowerCase(before.charAt(0)) && Character.isLetter(before.charAt(before.length() - 1))
                && WordCounts.isPlainWord(before);
    }

    /**
     * Version 6: whether the word at {@code i} names the value after it rather than being one: a key
     * itself ({@code EventMemberJoin:}), or followed by a bare value ({@code WEXITSTATUS <NUM>},
     * {@code WTERMSIG <NUM>}): two such words are two fields, so two events. A setting after it
     * ({@code tftp pid=<NUM>}) does not make it a label.
     */
    static boolean isLabel(String[] t, int i) {
        String word = t[i];
        if (word == WILDCARD) {
            return false;
        }
        char last = word.charAt(word.length() - 1);
        return last == ':' || last == '=' || (i + 1 < t.length && (t[i + 1] == WILDCARD || Masker.isValue(t[i + 1]))
                && !HTTP_METHODS.contains(word));
    }

    /** A request's method is followed by its target, not by its value: {@code GET <URL>} is no label. */
    private static final Set<String> HTTP_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
            "CONNECT", "TRACE");

    /** The token without one pair of enclosing brackets or parentheses ({@code [WARN]} gives {@code WARN}). */
    static String unbracketed(String token) {
        int n = token.length();
        if (n > 2) {
            char open = token.charAt(0);
            char close = token.charAt(n - 1);
            if ((open == '[' && close == ']') || (open == '(' && close == ')') || (open == '<' && close == '>' && !Masker.isValue(token))) {
                return token.substring(1, n - 1);
            }
        }
        return token;
    }

    /** Moves {@code part}'s messages to {@code into} and forgets {@code part}. */
    private void absorb(Cluster into, Cluster part) {
        into.count += part.count;
        if (part.leaf != null) {
            part.leaf.clusters.remove(part);
        }
        byId.remove(part.id);
        if (recency != null) {
            recency.remove(part.id);
        }
        mergedInto.put(part.id, into.id);
    }

    /** Where a template split, and the id of each word's part. */
    private record Split(int position, Map<String, Integer> ids) {
    }

    /**
     * Version 5: a token that names the value after it ({@code current:}, {@code reason:},
     * {@code opt-in:}): the word there is that setting's value, however few values it takes.
     */
    static boolean isKey(String token) {
        char last = token.charAt(token.length() - 1);
        return token.length() > 1 && (last == ':' || last == '=') && Character.isLetter(token.charAt(token.length() - 2));
    }

    // ---- tree ----------------------------------------------------------------------------------

    private Cluster search(String[] tokens) {
        return search(tokens, null, null);
    }

    /** The tree walk; with {@code path} and {@code candidates} given it records what it did (for explain). */
    private Cluster search(String[] tokens, List<String> path, List<Explanation.Candidate> candidates) {
        Node node = byLength.get(tokens.length);
        if (path != null) {
            path.add("length " + tokens.length + (node == null ? " (no template of this length yet)" : ""));
        }
        if (node == null) {
            return null;
        }
        int steps = Math.min(prefixTokens, tokens.length);
        for (int i = 0; i < steps; i++) {
            Node child = node.child(tokens[i]);
            String taken = tokens[i];
            if (child == null) {
                child = node.child(WILDCARD);
                taken = WILDCARD;
                if (child == null) {
                    if (path != null) {
                        path.add("token " + (i + 1) + " '" + tokens[i] + "': no branch (and no <*> branch)");
                    }
                    return null;
                }
            }
            if (path != null) {
                path.add("token " + (i + 1) + " '" + tokens[i] + "' -> branch '" + taken + "'");
            }
            node = child;
        }
        List<Cluster> clusters = node.clusters;
        if (boundedLeaves && clusters != null && clusters.size() > MAX_LEAF_CANDIDATES) {
            clusters = clusters.subList(clusters.size() - MAX_LEAF_CANDIDATES, clusters.size());
            if (path != null) {
                path.add("leaf of " + node.clusters.size() + " templates: the newest " + MAX_LEAF_CANDIDATES + " compared");
            }
        }
        return bestMatch(clusters, tokens, candidates);
    }

    /**
     * Version 8: the most templates of one leaf a message is compared with, the newest. Lines that share
     * no template (a binary file, ids as whole lines) made every line compare with every template of its
     * leaf: time growing with the square of the lines (80,000 such lines took 387 s). A leaf of real
     * events holds tens to hundreds of templates, far below this, and is searched whole as before.
     */
    static final int MAX_LEAF_CANDIDATES = 2_000;

    private Cluster bestMatch(List<Cluster> clusters, String[] tokens, List<Explanation.Candidate> trace) {
        if (clusters == null) {
            return null;
        }
        Cluster best = null;
        double bestSim = -1;
        int bestParams = -1;
        for (Cluster c : clusters) {
            String[] t = c.tokens;
            int equal = 0;
            int params = 0;
            // A template that can no longer reach the threshold, or the best so far, cannot be chosen: stop
            // comparing it at the mismatch that shows so (the same division as its final similarity, so the
            // choice is exactly the one a full comparison makes). Explain shows every candidate in full.
            double need = Math.max(settings.similarity(), bestSim);
            boolean prune = trace == null;
            for (int i = 0; i < t.length; i++) {
                if (prune && i > equal && (double) (equal + t.length - i) / t.length < need) {
                    equal = -1;
                    break;
                }
                String a = t[i];
                String b = tokens[i];
                if (i == 0 && mergeVariables && !a.equals(b) && (isCode(a) || isCode(b))) {
                    equal = -1; // another code is another event
                    break;
                }
                if (a == WILDCARD) {
                    params++;
                    // Both masked: as in Drain3, two values of the same kind are a real likeness.
                    if (b == WILDCARD || (valuesAlike && Masker.isValue(b)) || (namesAlike && isName(b))
                            || (mergeVariables && b.equals("-")) || (namesInBrackets && (isBracketedName(b) || isId(b)))) {
                        equal++;
                    }
                }
                else if (a.equals(b)) {
                    equal++;
                }
                else if (valuesAlike && sameSlot(a, b)) {
                    equal++; // a host where another line has an IP: both are values of the same event
                }
                else if (namesAlike && sameNameSlot(a, b)) {
                    equal++;
                }
                else if (messageWords && isMessageKey(a) && isMessageKey(b)) {
                    equal = -1; // msg="Opened file" where another line has msg="Reading file": another event
                    break;
                }
                else if (mergeVariables && sameKey(a, b)) {
                    equal++; // service=orders where another line has service=users: one setting, two values
                }
                else if (namesInBrackets && isBracketedName(a) && isBracketedName(b)) {
                    equal++; // [alice] where another line has [bob]: the user, jail or worker the line is about
                }
                else if (namesInBrackets && sameIdShape(a, b)) {
                    equal++; // 1rAbCd-0001Xy-Zz where another line has 1rAbCe-0002Qq-Ab: one message id, two values
                }
                else if (mergeVariables && (a.equals("-") || b.equals("-"))) {
                    equal++; // a dash is a field with no value: the field's other values fill the slot
                }
                else if (emptyFields && emptyFieldBetweenFields(t, tokens, i)) {
                    equal++; // referer= where another line has referer="https://...": one field, no value given
                }
                else if (valuesAlike && differentConstants(a, b)) {
                    equal = -1; // not a value that differs but constant text: another event
                    break;
                }
            }
            if (emptyFields && equal > 0 && (double) equal / t.length >= settings.similarity() && wouldLoseAllText(t, tokens)) {
                equal = 0; // version 12: a template keeps a word of the event's text
            }
            double sim = t.length == 0 ? 1.0 : (double) equal / t.length;
            if (trace != null) {
                trace.add(new Explanation.Candidate(c.id, c.text, sim));
            }
            if (sim > bestSim || (sim == bestSim && params > bestParams)) {
                best = c;
                bestSim = sim;
                bestParams = params;
            }
        }
        return bestSim >= settings.similarity() ? best : null;
    }

    private Cluster create(String[] tokens) {
        Cluster cluster = new Cluster(nextId++, tokens, 1);
        insert(cluster);
        version++;
        evictIfFull();
        return cluster;
    }

    private void insert(Cluster cluster) {
        String[] tokens = cluster.tokens;
        Node node = byLength.computeIfAbsent(tokens.length, n -> new Node());
        int steps = Math.min(prefixTokens, tokens.length);
        for (int i = 0; i < steps; i++) {
            String key = mergeVariables && i == 0 && isCode(tokens[0]) ? tokens[0]
                    : mergeVariables && sameKey(tokens[i], tokens[i]) && !(messageWords && isMessageKey(tokens[i]))
                    ? WILDCARD // a key's value is a value (sameKey), the text of a message key is not
                    : namesInBrackets && isBracketedName(tokens[i]) ? WILDCARD
                    : emptyFields && i == 0 && isSubjectBeforeAColon(tokens) ? WILDCARD
                    : branchKey(tokens[i], i, valuesAlike, listsAndNames);
            node = node.childForInsert(key, settings.maxChildren());
        }
        if (node.clusters == null) {
            node.clusters = new ArrayList<>(2);
        }
        node.clusters.add(cluster);
        cluster.leaf = node;
        byId.put(cluster.id, cluster);
        if (recency != null) {
            recency.put(cluster.id, cluster);
        }
    }

    /**
     * Version 7: a name in brackets ({@code [sshd]}, {@code [nginx-auth]}, {@code [backup-user]:}):
     * programs put the jail, user, worker or module a line is about there, in front of the event's
     * words, so one branch per name would give one template per name. Letters, digits and {@code
     * - _ . @ /} inside, no space.
     */
    static boolean isBracketedName(String token) {
        int n = token.length();
        int end = token.endsWith(":") ? n - 1 : n;
        if (end < 3 || token.charAt(0) != '[' || token.charAt(end - 1) != ']') {
            return false;
        }
        boolean letter = false;
        for (int i = 1; i < end - 1; i++) {
            char c = token.charAt(i);
            if (Character.isLetter(c)) {
                letter = true;
            }
            else if (!Character.isDigit(c) && "-_.@/".indexOf(c) < 0) {
                return false;
            }
        }
        return letter;
    }

    /**
     * Version 7, in {@link #refine()}: a name in brackets or parentheses opening a message ({@code
     * (root) CMD (...)}, cron's user; {@code [alice]}): the user or worker the line is about, so two
     * templates equal but for it are one event. Online only brackets take the {@code <*>} branch
     * ({@link #isBracketedName}); changing that would renumber version 7 models.
     */
    static boolean isEnclosedName(String token) {
        if (token.length() > 2 && token.charAt(0) == '(' && token.charAt(token.length() - 1) == ')') {
            return isBracketedName('[' + token.substring(1, token.length() - 1) + ']');
        }
        return isBracketedName(token);
    }

    /** Shortest token {@link #sameIdShape} takes for an id: {@code eth0}, {@code ssh2}, {@code sda1} are names. */
    static final int MIN_ID_LENGTH = 8;

    /**
     * Version 7: whether two tokens are ids ({@link #isId}) with the same separators at the same
     * places between their runs ({@code 1rAbCd-0001Xy-Zz}, {@code 93fa56-c91fde-<NUM>}): a queue or
     * message id that no mask knows. Drain's similarity counted them as differing text, so a short
     * event ({@code <id> Completed}) made a template per id; a {@code <*>} takes an id as a value.
     */
    static boolean sameIdShape(String a, String b) {
        return isId(a) && isId(b) && idSkeleton(a).equals(idSkeleton(b));
    }

    /**
     * An id no mask knows: at least {@link #MIN_ID_LENGTH} characters, runs of letters and digits
     * (or masked values) joined by {@code -} or {@code _}, with a digit and a letter. Dots are not
     * taken: {@code instruction......0} is BGL's text, not an id.
     */
    static boolean isId(String token) {
        if (token.length() < MIN_ID_LENGTH) {
            return false;
        }
        boolean digit = false;
        boolean letter = false;
        boolean joined = false;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            int placeholder = c == '<' ? Masker.placeholderAt(token, i) : 0;
            if (placeholder > 0) {
                digit = true;
                i += placeholder - 1;
            }
            else if (c == '-' || c == '_') {
                joined = true;
            }
            else if (Character.isLetterOrDigit(c)) {
                digit |= Character.isDigit(c);
                letter |= Character.isLetter(c);
            }
            else {
                return false;
            }
        }
        return digit && letter && joined;
    }

    /** The token with each run of letters, digits and masked values written as one {@code x}. */
    private static String idSkeleton(String token) {
        StringBuilder out = new StringBuilder();
        boolean inRun = false;
        for (int i = 0; i < token.length(); i++) {
            int placeholder = token.charAt(i) == '<' ? Masker.placeholderAt(token, i) : 0;
            char c = token.charAt(i);
            if (placeholder > 0 || Character.isLetterOrDigit(c)) {
                if (!inRun) {
                    out.append('x');
                }
                inRun = true;
                i += Math.max(placeholder - 1, 0);
            }
            else {
                out.append(c);
                inRun = false;
            }
        }
        return out.toString();
    }

    /**
     * A token with a digit is most likely a value, so it shares the wildcard branch; from settings
     * version 2 so does a token holding a placeholder ({@code <HOST>:<NUM>}, which has no digit left),
     * and from version 3 a dotted name ({@code com.example.app}), which is usually what the event is
     * about rather than the event. As the first token it must be a label ({@code nginx.service:}):
     * there a bare dotted name is as often the setting a line is about ({@code tickTime.max set to
     * <NUM>}), one event per setting. The leaf's similarity still tells events apart; the branch
     * only decides which templates are compared.
     */
    private static String branchKey(String token, int position, boolean placeholdersAreValues, boolean dottedNames) {
        return token == WILDCARD || Masker.containsDigit(token)
                || (placeholdersAreValues && Masker.containsPlaceholder(token))
                || (dottedNames && isDottedName(token) && (position > 0 || token.endsWith(":"))) ? WILDCARD : token;
    }

    /**
     * Version 6: a leading token that is a code with a value glued on ({@code TCP_MISS/<NUM>},
     * {@code ERR42:<NUM>} is not one): at least three capital letters and no small one, then values and
     * punctuation only. A name in small letters with an address glued on ({@code j.smith/<IP>:<NUM>}) is
     * a user or a host, a value: read as a code, it split an event into one template per user. As a message's first token the code is the event (a cache result, a status class), and
     * the value its detail, so the tree branches on it and no other code joins its templates.
     * Version 5 sent it down the {@code <*>} branch for its digit, where one generalised template
     * took every code.
     */
    static boolean isCode(String token) {
        if (token == WILDCARD || !Masker.containsPlaceholder(token) || Masker.isValue(token)) {
            return false;
        }
        List<String> parts = Masker.literals(token);
        int letters = 0;
        String head = parts.get(0);
        for (int i = 0; i < head.length(); i++) {
            char c = head.charAt(i);
            if (Character.isUpperCase(c)) {
                letters++;
            }
            // a small letter makes it a name (j.smith/<IP>:<NUM>, node-a/<IP>): a user or host is a value
            else if (Character.isDigit(c) || Character.isLowerCase(c)) {
                return false;
            }
        }
        if (letters < 3) {
            return false;
        }
        for (int k = 1; k < parts.size(); k++) {
            for (int i = 0; i < parts.get(k).length(); i++) {
                if (Character.isLetterOrDigit(parts.get(k).charAt(i))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A dot between two letters or digits ({@code com.example}, {@code cron.service:}), not a sentence's full stop. */
    static boolean isDottedName(String token) {
        for (int i = token.indexOf('.', 1); i > 0 && i + 1 < token.length(); i = token.indexOf('.', i + 1)) {
            if (Character.isLetterOrDigit(token.charAt(i - 1)) && Character.isLetterOrDigit(token.charAt(i + 1))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Version 5: a token that names a thing rather than saying something: a dotted or slashed name
     * ({@code com.example.mail/.MainActivity}, {@code action:android.intent.action.SCREEN_ON}) or a
     * name with values inside ({@code attempt_<NUM>_<NUM>_m_<NUM>_<NUM>}). Logs print such names for
     * the packages, classes, files and tasks an event is about, so at a {@code <*>} they fill the slot
     * as a value does.
     */
    static boolean isName(String token) {
        return Masker.containsPlaceholder(token) || isDottedName(token) || isSlashedName(token);
    }

    /** A {@code /} with a letter or digit on at least one side inside the token ({@code u0a48/com.app}, {@code a/b}). */
    private static boolean isSlashedName(String token) {
        for (int i = token.indexOf('/', 1); i > 0 && i + 1 < token.length(); i = token.indexOf('/', i + 1)) {
            if (Character.isLetterOrDigit(token.charAt(i - 1)) || Character.isLetterOrDigit(token.charAt(i + 1))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Version 5: whether two different tokens are one slot holding two names: both dotted or slashed
     * names without values ({@code com.whatsapp/.Main} and {@code com.example.mail/.ui.Inbox}), or
     * both names with the same number (two or more) of values and the same text before the first
     * ({@code attempt_<NUM>_<NUM>_m_<NUM>_<NUM>} and {@code attempt_<NUM>_<NUM>_r_<NUM>_<NUM>}): an
     * id whose one letter differs is still an id. Keys differ in their leading text, so
     * {@code pid=<NUM>} and {@code uid=<NUM>} stay apart.
     */
    static boolean sameNameSlot(String a, String b) {
        boolean valuesInA = Masker.containsPlaceholder(a);
        if (valuesInA != Masker.containsPlaceholder(b)) {
            return false;
        }
        if (!valuesInA) {
            return (isDottedName(a) || isSlashedName(a)) && (isDottedName(b) || isSlashedName(b));
        }
        if (Masker.isValue(a) || Masker.isValue(b)) {
            return false;
        }
        List<String> la = Masker.literals(a);
        List<String> lb = Masker.literals(b);
        return la.size() == lb.size() && la.size() >= 3 && !la.get(0).isEmpty() && la.get(0).equals(lb.get(0));
    }

    // ---- preparing a message -----------------------------------------------------------------------

    private String[] prepare(String content, List<Masker.Step> steps) {
        String[] tokens = masker.maskTokens(content, steps);
        if (!valuesAlike) {
            return tokens;
        }
        if (documents) {
            tokens = step("document", tokens, ValueLists.collapseDocuments(tokens), steps);
            tokens = step("statement", tokens, ValueLists.collapseStatements(tokens), steps);
            tokens = step("reason phrase", tokens, ValueLists.collapseReasonPhrases(tokens), steps);
        }
        if (emptyFields) {
            tokens = step("json members", tokens, ValueLists.splitJsonMembers(tokens), steps);
            tokens = step("hex list", tokens, ValueLists.maskHexRuns(tokens), steps);
        }
        if (listsAndNames) {
            tokens = step("padded", tokens, ValueLists.joinPaddedBrackets(tokens), steps);
            tokens = step("bracketed list", tokens, ValueLists.collapseBracketedLists(tokens), steps);
        }
        if (mergeVariables) {
            tokens = step("dash", tokens, ValueLists.dashValues(tokens), steps);
        }
        tokens = step("list", tokens, listsAndNames ? ValueLists.mergeValueRuns(tokens) : mergeValueRuns(tokens), steps);
        return wordConstants ? step("unbracketed list", tokens, ValueLists.mergeValuedItems(tokens), steps) : tokens;
    }

    private static String[] step(String name, String[] before, String[] after, List<Masker.Step> steps) {
        if (steps != null && after != before) {
            steps.add(new Masker.Step(name, String.join(" ", before), String.join(" ", after)));
        }
        return after;
    }

    /**
     * The merge step for variable-length parameter lists: a run of adjacent tokens that are each one
     * value (optionally followed by a list separator, {@code <NUM>,}) becomes one token, of the run's
     * kind if all agree, else {@code <*>}, keeping the last token's separator. So
     * {@code speeds ( 3552 3534 3375 )} and {@code speeds ( 3552 3534 )} are one event.
     */
    static String[] mergeValueRuns(String[] tokens) {
        List<String> out = null;
        String previousKind = null;
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            String kind = bareValueKind(token);
            if (kind != null && previousKind != null) {
                if (out == null) {
                    out = ValueLists.prefix(tokens, i);
                }
                String runKind = previousKind.equals(kind) ? kind : WILDCARD;
                String merged = runKind + token.substring(kind.length());
                out.set(out.size() - 1, merged.equals(WILDCARD) ? WILDCARD : merged);
                previousKind = runKind;
                continue;
            }
            if (out != null) {
                out.add(token);
            }
            previousKind = kind;
        }
        return out == null ? tokens : out.toArray(new String[0]);
    }

    /** The placeholder of a token that is one value with at most a trailing {@code ,} or {@code ;}, else null. */
    private static String bareValueKind(String token) {
        if (token == WILDCARD) {
            return WILDCARD;
        }
        int n = token.length();
        if (n < 3 || token.charAt(0) != '<') {
            return null;
        }
        char last = token.charAt(n - 1);
        String core = last == ',' || last == ';' ? token.substring(0, n - 1) : token;
        return Masker.isPlaceholder(core) ? (core.equals(WILDCARD) ? WILDCARD : core) : null;
    }

    /**
     * What the miner does with one message, without learning from it: the masks applied, the tokens
     * that reach the tree, the path taken, the candidates compared and the template chosen.
     */
    public Explanation explain(String content) {
        List<Masker.Step> steps = new ArrayList<>();
        String[] tokens = prepare(content, steps);
        List<String> path = new ArrayList<>();
        List<Explanation.Candidate> candidates = new ArrayList<>();
        lock.lock();
        try {
            Cluster cluster = search(tokens, path, candidates);
            return new Explanation(steps, List.of(tokens), path, candidates, settings.similarity(),
                    cluster == null ? Optional.empty() : Optional.of(cluster.toRecord()));
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * @param masks      every change the masks (and the list merge) made, in order
     * @param tokens     the message as the tree sees it
     * @param path       the tree path: the length layer, then one step per leading token
     * @param candidates the templates of the leaf reached, with their similarity to the message
     * @param threshold  the similarity a candidate needs
     * @param chosen     the template the message belongs to (empty: it would start a new one)
     */
    public record Explanation(List<Masker.Step> masks, List<String> tokens, List<String> path,
                              List<Candidate> candidates, double threshold, Optional<TemplateRecord> chosen) {

        public record Candidate(int id, String template, double similarity) {
        }
    }

    private void touch(Cluster cluster) {
        if (recency != null) {
            recency.get(cluster.id);
        }
    }

    private void evictIfFull() {
        if (recency == null) {
            return;
        }
        Iterator<Cluster> eldest = recency.values().iterator();
        while (recency.size() > settings.maxClusters() && eldest.hasNext()) {
            Cluster old = eldest.next();
            eldest.remove();
            old.leaf.clusters.remove(old);
            byId.remove(old.id);
        }
    }

    /** Turns the positions where the message differs into wildcards; true if the template changed. */
    private static boolean generalize(Cluster cluster, String[] tokens, boolean keepShape) {
        String[] t = cluster.tokens;
        boolean changed = false;
        for (int i = 0; i < t.length; i++) {
            if (t[i] != WILDCARD && !t[i].equals(tokens[i])) {
                String general = keepShape ? generalizeToken(t[i], tokens[i]) : WILDCARD;
                if (general.equals(t[i])) {
                    continue;
                }
                if (!changed) {
                    t = t.clone(); // the tokens array may be shared with readers of an older text
                    changed = true;
                }
                t[i] = general;
            }
        }
        if (changed) {
            cluster.tokens = t;
            cluster.text = String.join(" ", t);
        }
        return changed;
    }

    /**
     * Whether template token {@code a} and message token {@code b} (not equal) hold the same slot of
     * one event: two values of the same shape ({@code <HOST>:<NUM>} and {@code <IP>:<NUM>}), or a
     * message token that fits the template token's pattern ({@code user=bob} in {@code user=<*>}).
     */
    static boolean sameSlot(String a, String b) {
        if (!Masker.containsPlaceholder(a)) {
            return false;
        }
        if (Masker.isValue(a)) {
            return Masker.isValue(b) && Masker.sameShape(a, b);
        }
        // a message token with values of its own must have the template token's shape
        return Masker.containsPlaceholder(b) ? Masker.sameShape(a, b) : fits(a, b);
    }

    /**
     * Version 12: whether joining {@code tokens} would leave template {@code t}, which holds words of text, with none:
     * one step at a time, each above the similarity threshold, a six-token template of a tester's FTP log became
     * {@code <*> <*> <*> <*> <*> <*>} and took in two events' lines ({@code ... - FTP session opened.} and
     * {@code closed.}) that no later step could tell apart. A template with no word left is no event.
     */
    static boolean wouldLoseAllText(String[] t, String[] tokens) {
        boolean text = false;
        for (int i = 0; i < t.length; i++) {
            if (hasWord(t[i])) {
                if (t[i].equals(tokens[i]) || hasWord(generalizeToken(t[i], tokens[i]))) {
                    return false; // a word, or a key (user=<*>), or a word around values (https-in/<*>) stays
                }
                // only a word as a sentence has it is the event's text; a name (https-in, be_api/api-1) or a code
                // (cD) may be all an access log's line holds besides values
                text |= WordCounts.isPlainWord(t[i]);
            }
        }
        return text;
    }

    /** Whether a token holds a letter outside its placeholders. */
    private static boolean hasWord(String token) {
        if (token == WILDCARD) {
            return false;
        }
        boolean inPlaceholder = false;
        for (int k = 0; k < token.length(); k++) {
            char c = token.charAt(k);
            if (c == '<' && token.indexOf('>', k) > k) {
                inPlaceholder = true;
            } else if (c == '>') {
                inPlaceholder = false;
            } else if (!inPlaceholder && Character.isLetter(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Version 12: a name set apart from the message by a colon of its own ({@code alice : TTY=pts/0 ; PWD=/home/alice ;
     * USER=root ; COMMAND=/usr/bin/id}, as sudo writes the user) is the line's subject, a value: the tree took the
     * {@code <*>} branch only for names with a digit, so each user had templates of their own.
     */
    static boolean isSubjectBeforeAColon(String[] tokens) {
        return tokens.length > 2 && tokens[1].equals(":") && TemplateMerges.isFirstName(tokens[0]);
    }

    /**
     * Version 12: a tag in capitals before a colon ({@code WPA:}, {@code MLME:}, {@code RADIUS:}) names the module
     * that writes the message, not a field: the word after it is the message's own text ({@code WPA: pairwise key
     * handshake completed} / {@code WPA: group key handshake completed} are two events), where the word after a
     * field's key ({@code reason: idle}) is a value.
     */
    static boolean isModuleTag(String token) {
        int n = token.length() - 1;
        if (n < 2 || token.charAt(n) != ':') {
            return false;
        }
        int letters = 0;
        for (int k = 0; k < n; k++) {
            char c = token.charAt(k);
            if (Character.isUpperCase(c)) {
                letters++;
            }
            else if (!Character.isDigit(c) && c != '-' && c != '_') {
                return false;
            }
        }
        return letters >= 2;
    }

    /**
     * Whether {@code a[i]} and {@code b[i]} are one key, one of them given no value, and both followed by another
     * {@code key=value} field: an empty value inside a list of settings, not text that ends with {@code =}.
     */
    static boolean emptyFieldBetweenFields(String[] a, String[] b, int i) {
        int key = keyLength(a[i]);
        if (key == 0 || key != keyLength(b[i]) || !a[i].regionMatches(0, b[i], 0, key)
                || (a[i].length() == key) == (b[i].length() == key) || i + 1 >= a.length || i + 1 >= b.length) {
            return false;
        }
        return keyLength(a[i + 1]) > 0 && keyLength(b[i + 1]) > 0;
    }

    /**
     * Whether two tokens at one position show that the message is another event, however similar the
     * rest: both set one key and only one gives it a value ({@code rhost=} vs {@code rhost=<IP>}): a
     * parameter present or absent is a different event, as a different token count is. (Differing
     * text around two values is not taken as such a sign: a value a mask only partly recognised,
     * {@code <IP>.dsl.example.om}, would then split its event.)
     */
    static boolean differentConstants(String a, String b) {
        if (a == WILDCARD || Masker.isValue(a) || Masker.isValue(b)) {
            return false;
        }
        int key = keyLength(a);
        if (key > 0 && key == keyLength(b) && a.regionMatches(0, b, 0, key)) {
            return (a.length() == key) != (b.length() == key);
        }
        return false;
    }

    /** Whether {@code value} fits {@code pattern}'s literal parts, each placeholder taking a non-empty part. */
    private static boolean fits(String pattern, String value) {
        List<String> literals = Masker.literals(pattern);
        String first = literals.get(0);
        String last = literals.get(literals.size() - 1);
        if (!value.startsWith(first) || value.length() < first.length() + last.length() + literals.size() - 1
                || !value.endsWith(last)) {
            return false;
        }
        int at = first.length();
        int end = value.length() - last.length();
        for (int k = 1; k < literals.size() - 1; k++) {
            int found = value.indexOf(literals.get(k), at + 1);
            if (found < 0 || found + literals.get(k).length() >= end) {
                return false;
            }
            at = found + literals.get(k).length();
        }
        return at < end;
    }

    /**
     * The token a template position becomes when a message differs there, keeping what the two share:
     * placeholders of one shape merge one by one ({@code <IP>:<NUM>} and {@code <HOST>:<NUM>} give
     * {@code <*>:<NUM>}); a token that fits the template's pattern leaves it as it is; two settings
     * of one key keep the key ({@code user=root} and {@code user=guest} give {@code user=<*>}).
     * Anything else becomes {@code <*>}.
     */
    static String generalizeToken(String a, String b) {
        if (Masker.containsPlaceholder(a) && Masker.containsPlaceholder(b)) {
            List<String> la = Masker.literals(a);
            if (la.equals(Masker.literals(b))) {
                List<String> pa = Masker.placeholders(a);
                List<String> pb = Masker.placeholders(b);
                StringBuilder out = new StringBuilder(a.length());
                for (int k = 0; k < pa.size(); k++) {
                    out.append(la.get(k)).append(pa.get(k).equals(pb.get(k)) ? pa.get(k) : WILDCARD);
                }
                String merged = out.append(la.get(la.size() - 1)).toString();
                return merged.equals(WILDCARD) ? WILDCARD : merged;
            }
        }
        if (Masker.containsPlaceholder(a) && !Masker.isValue(a) && !Masker.containsPlaceholder(b) && fits(a, b)) {
            return a;
        }
        int key = keyLength(a);
        if (key > 0 && a.regionMatches(0, b, 0, key)) { // b then has the same key (it ends at its first =)
            return a.substring(0, key) + WILDCARD; // an empty value too (version 12): referer= and referer="..." give referer=<*>
        }
        return WILDCARD;
    }

    /**
     * Version 6: whether two different tokens set one key to two values ({@code service=orders} and
     * {@code service=users}): what follows {@code key=} is a value, as the word after {@code key:}
     * is for {@link #refine()} since version 5. Without it Drain split a key=value log's event per
     * value wherever two settings of a short line differed. A key given no value stays apart
     * ({@link #differentConstants}).
     */
    static boolean sameKey(String a, String b) {
        int key = keyLength(a);
        return key > 0 && key < a.length() && key < b.length() && a.regionMatches(0, b, 0, key);
    }

    /**
     * A message key with the first word of its text: {@code msg="Opened}, {@code message=started}. In logfmt
     * and other key=value logs that text is the event (as the masks leave it: {@link Masker#QUOTED_V8_RULE}),
     * and its first word plays the part the first words of a plain message play in Drain's tree. A
     * black-box tester's InfluxDB log had {@code msg="Opened file"} and {@code msg="Reading file"} in one
     * template: with eight settings alike, the one differing word left the similarity above the threshold.
     */
    static boolean isMessageKey(String token) {
        int key = keyLength(token);
        return (key == 4 && token.regionMatches(true, 0, "msg=", 0, 4) || key == 8 && token.regionMatches(true, 0, "message=", 0, 8))
                && token.length() > key && !(token.charAt(key) == '"' && token.length() == key + 1);
    }

    /** The length of a leading {@code key=} (letters, digits, {@code _.-}, then {@code =}); 0 if none. */
    private static int keyLength(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '=') {
                return i == 0 ? 0 : i + 1;
            }
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-')) {
                return 0;
            }
        }
        return 0;
    }

    /**
     * Splits on whitespace. Tokens equal to {@code <*>} are replaced by the shared constant so that
     * the hot loop can compare them by identity.
     */
    static String[] tokenize(String text) {
        ArrayList<String> out = new ArrayList<>(16);
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                String token = text.substring(start, i);
                out.add(text.charAt(start) == '<' ? Masker.canonical(token) : token);
            }
        }
        return out.toArray(new String[0]);
    }

    // ---- data ----------------------------------------------------------------------------------

    private static final class Node {
        private Map<String, Node> children;
        private List<Cluster> clusters;

        Node child(String key) {
            return children == null ? null : children.get(key);
        }

        /** Drain's rule: once a node is nearly full, further new tokens share the wildcard child. */
        Node childForInsert(String key, int maxChildren) {
            if (children == null) {
                children = new HashMap<>(4);
            }
            Node existing = children.get(key);
            if (existing != null) {
                return existing;
            }
            if (key == WILDCARD) {
                return addChild(WILDCARD);
            }
            boolean hasWildcard = children.containsKey(WILDCARD);
            if (hasWildcard) {
                return children.size() < maxChildren ? addChild(key) : children.get(WILDCARD);
            }
            if (children.size() + 1 < maxChildren) {
                return addChild(key);
            }
            return addChild(WILDCARD);
        }

        private Node addChild(String key) {
            Node node = new Node();
            children.put(key, node);
            return node;
        }
    }

    static final class Cluster {
        final int id;
        volatile String[] tokens;
        volatile String text;
        volatile long count;
        Node leaf;
        /** Version 4: words counted per position where messages differ in words (null until they do). */
        WordCounts[] words;

        Cluster(int id, String[] tokens, long count) {
            this.id = id;
            this.tokens = tokens;
            this.text = String.join(" ", tokens);
            this.count = count;
        }

        TemplateRecord toRecord() {
            return new TemplateRecord(id, text, count);
        }
    }
}
