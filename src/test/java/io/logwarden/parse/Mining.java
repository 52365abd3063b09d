package io.logwarden.parse;

import java.util.ArrayList;
import java.util.HashSet;
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

    /** The number of templates the lines end in, mined with a settings version's defaults as the {@code parse} command does. */
    static int groups(int settingsVersion, List<String> lines) {
        DrainMiner miner = new DrainMiner(new Masker(Masker.defaultRules(settingsVersion)), DrainSettings.defaults(),
                settingsVersion);
        return new HashSet<>(assign(miner, lines)).size();
    }

    /** Each pattern's '#' replaced by a few numbers, the patterns interleaved as events arrive. */
    static List<String> interleaved(int perPattern, String... patterns) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < perPattern; i++) {
            for (String pattern : patterns) {
                out.add(pattern.replace("#", Integer.toString(3 + i * 7)));
            }
        }
        return out;
    }
}
