package io.logwarden.parse;

import java.util.Map;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Accuracy on the made-up labelled logs ({@link LabelledLogs}) under settings version 3 and the
 * current one, printed as a table: grouping online (the service's ids), grouping as the {@code parse}
 * command gives it (refined), and parsing accuracy where the kind has ground-truth templates. They
 * estimate how the defaults generalise. The first four kinds must do no worse than under version 3;
 * the others keep the floors below.
 */
class LabelledLogsTest {

    /**
     * Grouping floors (online, refined) of the kinds written by generate2.py: the figures measured
     * with the current version less a margin of 0.02, so a change that loses on them shows.
     */
    private static final Map<String, double[]> FLOORS = Map.of(
            "android", new double[] {0.72, 0.82},
            "windows-cbs", new double[] {0.92, 0.78},
            "proxy-client", new double[] {0.98, 0.85},
            "mac-syslog", new double[] {0.85, 0.72},
            "openstack-nova", new double[] {0.50, 0.82},
            "health-app", new double[] {0.93, 0.72},
            "hadoop-mr", new double[] {0.86, 0.81},
            "thunderbird", new double[] {0.82, 0.52});

    @Test
    void theCurrentVersionKeepsItsAccuracyOnTheMadeUpKinds() throws Exception {
        int now = DrainMiner.SETTINGS_VERSION;
        StringBuilder table = new StringBuilder(String.format("%n| made-up kind | v3 online | v3 refined | v3 parsing "
                + "| v%1$d online | v%1$d refined | v%1$d parsing | v3 → v%1$d templates |%n|---|---|---|---|---|---|---|---|%n", now));
        SoftAssertions softly = new SoftAssertions();
        double[] sums = new double[4];
        for (String kind : LabelledLogs.FORMATS.keySet()) {
            LabelledLogs.Result v3 = LabelledLogs.evaluate(kind, 3);
            LabelledLogs.Result current = LabelledLogs.evaluate(kind, now);
            sums[0] += v3.online();
            sums[1] += v3.grouping();
            sums[2] += current.online();
            sums[3] += current.grouping();
            table.append(String.format("| %s | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %d → %d |%n", kind, v3.online(),
                    v3.grouping(), v3.parsing(), current.online(), current.grouping(), current.parsing(), v3.templates(),
                    current.templates()));
            if (FLOORS.containsKey(kind)) {
                softly.assertThat(current.online()).as(kind + " online").isGreaterThanOrEqualTo(FLOORS.get(kind)[0]);
                softly.assertThat(current.grouping()).as(kind + " refined").isGreaterThanOrEqualTo(FLOORS.get(kind)[1]);
            }
            else {
                softly.assertThat(current.grouping()).as(kind).isGreaterThanOrEqualTo(v3.grouping());
            }
        }
        int kinds = LabelledLogs.FORMATS.size();
        table.append(String.format("| average | %.4f | %.4f | | %.4f | %.4f | | |%n", sums[0] / kinds, sums[1] / kinds,
                sums[2] / kinds, sums[3] / kinds));
        System.out.println(table);
        softly.assertAll();
    }
}
