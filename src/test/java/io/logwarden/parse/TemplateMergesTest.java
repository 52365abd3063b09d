package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The merge step's cost on hostile input: one position at a time, hashing the rest of a template
 * was quadratic in its length, and a single line of 500,000 words kept the offline {@code parse}
 * command busy for hours. Every pass is now linear in a template's tokens or bounded.
 */
class TemplateMergesTest {

    @Test
    void theLinearHashesOfEveryPositionAreThoseOfOnePositionAtATime() {
        Random random = new Random(7);
        String[] words = {"alpha", "beta", Masker.WILDCARD, "<NUM>", "k=<NUM>,", "(x", "y)", ""};
        for (int n = 0; n < 40; n++) {
            String[] t = new String[n];
            for (int k = 0; k < n; k++) {
                t[k] = words[random.nextInt(words.length)];
            }
            long[] all = TemplateMerges.rests(t);
            for (int i = 0; i < n; i++) {
                assertThat(all[i]).as("position %d of %d", i, n).isEqualTo(TemplateMerges.rest(t, i));
            }
        }
    }

    /**
     * A hang guard, not a speed target (those are benchmarks): quadratic passes took hours on such
     * lines, linear ones take seconds, so the limit only fails if a pass turns quadratic again.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void refiningLinesOfManyThousandWordsEnds() {
        Random random = new Random(11);
        String[] words = {"alpha", "beta", "gamma", "(x", "y)", "key=7,", "[a]", "Kathy", "node7"};
        List<String> lines = new ArrayList<>();
        StringBuilder huge = new StringBuilder("start");
        for (int k = 0; k < 200_000; k++) {
            huge.append(' ').append(words[random.nextInt(words.length)]);
        }
        lines.add(huge.toString());
        for (int i = 0; i < 4; i++) {
            StringBuilder fields = new StringBuilder("fields");
            for (int k = 0; k < 20_000; k++) {
                fields.append(" key").append(k).append('=').append(random.nextInt(10)).append(',');
            }
            lines.add(fields.toString());
            StringBuilder similar = new StringBuilder("same");
            for (int k = 0; k < 3_000; k++) {
                similar.append(' ').append(k == 1_500 + i ? "changed" : "w" + k);
            }
            lines.add(similar.toString());
        }
        int groups = Mining.groups(DrainMiner.SETTINGS_VERSION, lines);
        assertThat(groups).isBetween(3, lines.size());
    }
}
