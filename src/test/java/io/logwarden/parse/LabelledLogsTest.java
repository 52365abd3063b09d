package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Grouping accuracy on the made-up labelled logs ({@link LabelledLogs}) under settings version 3 and
 * the current one, printed as a table. They estimate how the defaults generalise; the rules were not
 * designed from them, so the assertion is only that the current version is not worse on any kind.
 */
class LabelledLogsTest {

    @Test
    void theCurrentVersionGroupsTheMadeUpKindsAtLeastAsWellAsVersionThree() throws Exception {
        StringBuilder table = new StringBuilder("\n| made-up kind | v3 grouping | v3 templates | v"
                + DrainMiner.SETTINGS_VERSION + " grouping | v" + DrainMiner.SETTINGS_VERSION + " templates |\n"
                + "|---|---|---|---|---|\n");
        double sum3 = 0;
        double sumNow = 0;
        for (String kind : LabelledLogs.FORMATS.keySet()) {
            LabelledLogs.Result v3 = LabelledLogs.evaluate(kind, 3);
            LabelledLogs.Result now = LabelledLogs.evaluate(kind, DrainMiner.SETTINGS_VERSION);
            sum3 += v3.grouping();
            sumNow += now.grouping();
            table.append(String.format("| %s | %.4f | %d | %.4f | %d |%n", kind, v3.grouping(), v3.templates(),
                    now.grouping(), now.templates()));
            assertThat(now.grouping()).as(kind).isGreaterThanOrEqualTo(v3.grouping());
        }
        int kinds = LabelledLogs.FORMATS.size();
        table.append(String.format("| average | %.4f | | %.4f | |%n", sum3 / kinds, sumNow / kinds));
        System.out.println(table);
    }
}
