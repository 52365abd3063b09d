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
 * <p>Ids are handed out from 1 in creation order and never change: a template keeps its id when it
 * generalizes, and ids of forgotten (LRU) templates are not reused, because downstream models were
 * trained on these ids.
 *
 * <p>Thread-safe: masking and tokenizing (most of the work) run outside the lock; the tree walk and
 * update run under one short lock. Template lookups by id do not take the lock.
 */
public final class DrainMiner {

    static final String WILDCARD = Masker.WILDCARD;

    private final Masker masker;
    private final DrainSettings settings;
    private final int prefixTokens;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Integer, Node> byLength = new HashMap<>();
    /** Read without the lock by {@link #template(int)}; written under it. */
    private final Map<Integer, Cluster> byId = new ConcurrentHashMap<>();
    /** Least recently used first; only kept when the number of templates is limited. */
    private final LinkedHashMap<Integer, Cluster> recency;
    private int nextId = 1;
    private volatile long version;

    public DrainMiner(Masker masker, DrainSettings settings) {
        this.masker = masker;
        this.settings = settings;
        this.prefixTokens = settings.depth() - 2;
        this.recency = settings.maxClusters() > 0 ? new LinkedHashMap<>(64, 0.75f, true) : null;
    }

    public Masker masker() {
        return masker;
    }

    public DrainSettings settings() {
        return settings;
    }

    /** Finds or creates the template of a message, learning from it. */
    public TemplateMatch add(String content) {
        String[] tokens = masker.maskTokens(content);
        lock.lock();
        try {
            Cluster cluster = search(tokens);
            if (cluster == null) {
                cluster = create(tokens);
                return new TemplateMatch(cluster.id, cluster.text, TemplateMatch.Change.CREATED);
            }
            cluster.count++;
            touch(cluster);
            if (generalize(cluster, tokens)) {
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
        String[] tokens = masker.maskTokens(content);
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

    // ---- tree ----------------------------------------------------------------------------------

    private Cluster search(String[] tokens) {
        Node node = byLength.get(tokens.length);
        if (node == null) {
            return null;
        }
        int steps = Math.min(prefixTokens, tokens.length);
        for (int i = 0; i < steps; i++) {
            Node child = node.child(tokens[i]);
            if (child == null) {
                child = node.child(WILDCARD);
                if (child == null) {
                    return null;
                }
            }
            node = child;
        }
        return bestMatch(node.clusters, tokens);
    }

    private Cluster bestMatch(List<Cluster> candidates, String[] tokens) {
        if (candidates == null) {
            return null;
        }
        Cluster best = null;
        double bestSim = -1;
        int bestParams = -1;
        for (Cluster c : candidates) {
            String[] t = c.tokens;
            int equal = 0;
            int params = 0;
            for (int i = 0; i < t.length; i++) {
                if (t[i] == WILDCARD) {
                    params++;
                    // Both masked: as in Drain3, two values of the same kind are a real likeness.
                    if (tokens[i] == WILDCARD) {
                        equal++;
                    }
                }
                else if (t[i].equals(tokens[i])) {
                    equal++;
                }
            }
            double sim = t.length == 0 ? 1.0 : (double) equal / t.length;
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
            node = node.childForInsert(branchKey(tokens[i]), settings.maxChildren());
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

    /** A token with a digit is most likely a value, so it shares the wildcard branch. */
    private static String branchKey(String token) {
        return token == WILDCARD || Masker.containsDigit(token) ? WILDCARD : token;
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
    private static boolean generalize(Cluster cluster, String[] tokens) {
        String[] t = cluster.tokens;
        boolean changed = false;
        for (int i = 0; i < t.length; i++) {
            if (t[i] != WILDCARD && !t[i].equals(tokens[i])) {
                if (!changed) {
                    t = t.clone(); // the tokens array may be shared with readers of an older text
                    changed = true;
                }
                t[i] = WILDCARD;
            }
        }
        if (changed) {
            cluster.tokens = t;
            cluster.text = String.join(" ", t);
        }
        return changed;
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
                out.add(token.equals(WILDCARD) ? WILDCARD : token);
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

    private static final class Cluster {
        final int id;
        volatile String[] tokens;
        volatile String text;
        volatile long count;
        Node leaf;

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
