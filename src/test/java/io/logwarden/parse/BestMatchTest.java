package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The tree's leaf search stops comparing a template once it can no longer reach the threshold or
 * the best so far; {@code explain} compares every template in full. Both must choose the same
 * template for every message, or the shortcut changed what the miner does.
 */
class BestMatchTest {

    @Test
    void theShortcutChoosesAsTheFullComparisonOnEveryMadeUpKind() throws Exception {
        for (Map.Entry<String, String> kind : LabelledLogs.FORMATS.entrySet()) {
            LogFormat format = LogFormat.compile(kind.getValue());
            List<String> contents = new ArrayList<>();
            for (String line : LabelledLogs.resource(kind.getKey() + ".log")) {
                contents.add(format.split(line).content());
            }
            assertSameChoices(kind.getKey(), minerOf(DrainMiner.SETTINGS_VERSION), contents);
        }
    }

    /** The case the shortcut is for: thousands of templates of one length share the leaf under {@code <*>}. */
    @Test
    void theShortcutChoosesAsTheFullComparisonAmongManyTemplatesOfOneLeaf() {
        Random random = new Random(11);
        String[] words = new String[300];
        for (int i = 0; i < words.length; i++) {
            words[i] = Integer.toString(i * 7919 + 1000, 36) + (i % 5 == 0 ? "=x" + i % 3 : i % 7 == 0 ? ":" : "");
        }
        List<String> contents = new ArrayList<>();
        for (int n = 0; n < 4_000; n++) {
            StringBuilder line = new StringBuilder(n % 3 == 0 ? "user alice" : words[random.nextInt(words.length)]);
            int length = 5 + random.nextInt(4);
            for (int k = 1; k < length; k++) {
                // a narrow vocabulary per position, so that many lines share most of their words
                line.append(' ').append(words[(k * 37 + random.nextInt(6)) % words.length]);
            }
            contents.add(line.toString());
        }
        assertSameChoices("random", minerOf(DrainMiner.SETTINGS_VERSION), contents);
    }

    /**
     * Version 8 compares a message with the newest templates of a full leaf only, so that lines sharing
     * no template cost time in proportion to their number, not its square; version 7 searches it whole.
     */
    @Test
    void aFullLeafIsSearchedInItsNewestTemplatesFromVersionEight() {
        for (int version : new int[] {7, 8}) {
            DrainMiner miner = minerOf(version);
            int first = miner.add("zq0").templateId();
            for (int n = 1; n <= DrainMiner.MAX_LEAF_CANDIDATES + 500; n++) {
                miner.add("zq" + letters(n) + "0"); // one distinct word each, on the tree's <*> branch for its digit
            }
            Optional<Integer> found = miner.match("zq0").map(TemplateRecord::id);
            if (version == 7) {
                assertThat(found).contains(first);
            }
            else {
                assertThat(found).isEmpty(); // the first template is older than the newest 2,000 of its leaf
                assertThat(miner.explain("zq0").path()).anyMatch(step -> step.contains("the newest 2000 compared"));
            }
        }
    }

    private static String letters(int n) {
        StringBuilder word = new StringBuilder();
        for (int k = n; k > 0; k /= 26) {
            word.append((char) ('a' + k % 26));
        }
        return word.toString();
    }

    private static DrainMiner minerOf(int version) {
        return new DrainMiner(new Masker(Masker.defaultRules(version)), DrainSettings.defaults(), version);
    }

    private static void assertSameChoices(String what, DrainMiner miner, List<String> contents) {
        for (int i = 0; i < contents.size(); i++) {
            String content = contents.get(i);
            if (i % 2 == 0) {
                miner.add(content); // half learned, half only looked up: misses as well as hits are compared
            }
            Optional<Integer> fast = miner.match(content).map(TemplateRecord::id);
            Optional<Integer> full = miner.explain(content).chosen().map(TemplateRecord::id);
            assertThat(fast).as("%s line %d: %s", what, i + 1, content).isEqualTo(full);
        }
    }
}
