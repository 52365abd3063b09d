package io.logwarden.parse;

import java.util.ArrayList;
import java.util.List;

/** Offline mining as the {@code parse} command does it: every message, then {@link DrainMiner#refine()}, then each message's final id. */
final class Mining {

    private Mining() {
    }

    static List<Integer> assign(DrainMiner miner, List<String> contents) {
        return assign(miner, contents, new ArrayList<>(contents.size()));
    }

    /** As {@link #assign(DrainMiner, List)}, also filling {@code online} with the ids as mined online. */
    static List<Integer> assign(DrainMiner miner, List<String> contents, List<Integer> online) {
        for (String content : contents) {
            online.add(miner.add(content).templateId());
        }
        miner.refine();
        List<Integer> ids = new ArrayList<>(contents.size());
        for (int i = 0; i < contents.size(); i++) {
            ids.add(miner.refinedId(online.get(i), contents.get(i)));
        }
        return ids;
    }
}
