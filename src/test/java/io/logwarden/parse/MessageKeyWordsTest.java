package io.logwarden.parse;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Version 10 (issue 17), with lines made up for this test: in a key=value (logfmt) log, the word a
 * message key opens is the event's first word. A black-box tester's InfluxDB-like log had "Opened file"
 * and "Reading file" in one template: the key made the word look like a setting's value.
 */
class MessageKeyWordsTest {

    private static List<String> logfmt(String... messages) {
        List<String> lines = new ArrayList<>();
        String[] services = {"filestore", "cacheloader", "compactor"};
        for (int i = 0; i < 4; i++) {
            for (String message : messages) {
                lines.add("ts=2026-11-02T09:00:0" + i + ".101Z lvl=info msg=" + message.replace("#", Integer.toString(3 + 7 * i))
                        + " log_id=0TfQ3x0W00" + i + " engine=tsm1 service=" + services[i % 3]
                        + " path=/var/lib/influxdb/data/telegraf/autogen/" + i + "/00000000" + i + ".tsm id=" + i
                        + " duration=" + (i + 1) + ".5ms");
            }
        }
        return lines;
    }

    @Test
    void messagesThatOpenWithAnotherWordAreAnotherEvent() {
        List<String> lines = logfmt("\"Opened file\"", "\"Reading file\"", "\"Closing file\"", "started");
        // version 9: the three two-word messages were one template ("started" is shorter, so apart)
        assertThat(Mining.groups(9, lines)).isEqualTo(2);
        assertThat(Mining.groups(10, lines)).isEqualTo(4);
    }

    @Test
    void theOtherWordsOfAMessageStillTakeValues() {
        // the key's own word is text; the words after it are compared as Drain compares any message
        List<String> lines = logfmt("\"Compacted # files\"", "\"Snapshot written for shard #\"");
        assertThat(Mining.groups(10, lines)).isEqualTo(2);
        DrainMiner miner = new DrainMiner(new Masker(Masker.defaultRules(10)), DrainSettings.defaults(), 10);
        Mining.assign(miner, lines);
        assertThat(miner.templates().stream().map(t -> t.template()).toList())
                .anySatisfy(t -> assertThat(t).contains("msg=\"Compacted <NUM> files\"").contains("service=<*>").contains("id=<NUM>"));
    }

    @Test
    void aMessageKeyIsTheKeyWithTextAfterIt() {
        assertThat(DrainMiner.isMessageKey("msg=\"Opened")).isTrue();
        assertThat(DrainMiner.isMessageKey("MESSAGE=started")).isTrue();
        assertThat(DrainMiner.isMessageKey("msg=")).isFalse();
        assertThat(DrainMiner.isMessageKey("msg=\"")).isFalse();
        assertThat(DrainMiner.isMessageKey("mymsg=x")).isFalse();
        assertThat(DrainMiner.isMessageKey("service=orders")).isFalse();
    }
}
