package io.logwarden.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps template ids (as the parser numbers them) to the network's class indices. Index 0 pads
 * histories shorter than the window (as DeepLog does), index 1 stands for a template the model never
 * saw when it appears in a history, index 2 marks the end of a complete session (so a session that
 * stops too early is as unexpected as a wrong key); known templates follow from index 3.
 */
public final class Vocabulary {

    public static final int PAD = 0;
    public static final int UNKNOWN = 1;
    /** "The session ended here": a label only when sessions are complete (session files, not live tails). */
    public static final int END = 2;
    static final int FIRST = 3;

    private final List<Integer> templateIds;
    private final Map<Integer, Integer> indexOf = new HashMap<>();

    public Vocabulary(List<Integer> templateIds) {
        this.templateIds = List.copyOf(templateIds);
        for (int i = 0; i < this.templateIds.size(); i++) {
            if (indexOf.put(this.templateIds.get(i), FIRST + i) != null) {
                throw new IllegalArgumentException("template id " + this.templateIds.get(i) + " listed twice in the vocabulary");
            }
        }
    }

    /** Class count of the network: pad + unknown + end + known templates. */
    public int size() {
        return FIRST + templateIds.size();
    }

    public boolean knows(int templateId) {
        return indexOf.containsKey(templateId);
    }

    public int indexOf(int templateId) {
        return indexOf.getOrDefault(templateId, UNKNOWN);
    }

    /** The template id of a class index, or -1 for pad/unknown/end. */
    public int templateIdAt(int index) {
        return index >= FIRST && index < size() ? templateIds.get(index - FIRST) : -1;
    }

    public List<Integer> templateIds() {
        return templateIds;
    }

    /**
     * The network input for one history: the last {@code h} keys as indices, left-padded with
     * {@link #PAD} when the history is shorter.
     */
    public void encode(List<Integer> history, int h, long[] into, int offset) {
        int start = Math.max(0, history.size() - h);
        int pad = h - (history.size() - start);
        for (int i = 0; i < pad; i++) {
            into[offset + i] = PAD;
        }
        for (int i = start; i < history.size(); i++) {
            into[offset + pad + i - start] = indexOf(history.get(i));
        }
    }
}
