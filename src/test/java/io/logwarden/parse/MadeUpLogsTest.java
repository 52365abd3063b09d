package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A sanity check that the defaults generalise: made-up logs of kinds the loghub sets here do not
 * cover ({@link MadeUpLogs}), each parsed with only its line format and the default settings. The
 * values vary as in real logs of that kind, so every event must come out as exactly one template.
 * Settings version 1 is measured beside it for the record (it splits hosts, lifetimes, lists).
 */
class MadeUpLogsTest {

    static double accuracy(MadeUpLogs.Sample sample, DrainMiner miner) {
        LogFormat format = LogFormat.compile(sample.format());
        List<Integer> predicted = new ArrayList<>();
        for (String line : sample.lines()) {
            predicted.add(miner.add(format.split(line).content()).templateId());
        }
        assertThat(format.mismatches()).as(sample.name() + ": lines that did not fit the format").isZero();
        return LoghubData.groupingAccuracy(sample.truth(), predicted);
    }

    @Test
    void everyMadeUpKindIsGroupedExactlyByItsEvents() {
        StringBuilder table = new StringBuilder("\n| made-up kind      | version 1 | version " + DrainMiner.SETTINGS_VERSION + " |\n|-------------------|-----------|-----------|\n");
        List<String> failures = new ArrayList<>();
        for (MadeUpLogs.Kind kind : MadeUpLogs.ALL) {
            MadeUpLogs.Sample sample = MadeUpLogs.generate(kind, 2000, 17);
            double v1 = accuracy(sample, new DrainMiner(new Masker(Masker.LEGACY_RULES), DrainSettings.defaults(), 1));
            double v2 = accuracy(sample, new DrainMiner(Masker.withDefaults(List.of()), DrainSettings.defaults()));
            table.append(String.format("| %-17s | %.4f    | %.4f    |%n", kind.name(), v1, v2));
            if (v2 < 1.0) {
                failures.add(kind.name() + " " + v2);
            }
        }
        System.out.println(table);
        assertThat(failures).as("made-up kinds not grouped exactly by event").isEmpty();
    }
}
