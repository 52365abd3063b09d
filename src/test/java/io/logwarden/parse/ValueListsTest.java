package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Settings version 3's shapes: values written with a varying number of tokens (bracketed lists,
 * padded kernel clocks, stacks of addresses) and variable dotted names among the leading tokens.
 * The lines are made up; each group is one event and must get one template, and no two groups may
 * share one.
 */
class ValueListsTest {

    private static String[] tokens(String text) {
        return DrainMiner.tokenize(text);
    }

    private static String collapse(String masked) {
        return String.join(" ", ValueLists.collapseBracketedLists(tokens(masked)));
    }

    @Test
    void bracketedListsOfAnyLengthBecomeOneToken() {
        assertThat(collapse("Loaded codecs [AAC, MP3, OPUS] ok")).isEqualTo("Loaded codecs [<*>] ok");
        assertThat(collapse("reading values=[<NUM>, <NUM>, <NUM>]")).isEqualTo("reading values=[<NUM>]");
        assertThat(collapse("watch [\"zone/a-<NUM>\" \"zone/b-<NUM>\"].")).isEqualTo("watch [<*>].");
        assertThat(collapse("peers=[node-a(<IP>), node-b(<IP>)] up")).isEqualTo("peers=[<*>] up");
        assertThat(collapse("mixed (<NUM>, <IP>)")).isEqualTo("mixed (<*>)");
    }

    @Test
    void bracketsAroundWordsOrStandingApartStay() {
        for (String text : List.of("[FW DROP] IN=eth0", "(estimated size <SIZE>, free <SIZE>)", "speeds ( <NUM> <NUM> )",
                "State{Type:Ready Status:False}", "Lease{<HEX> owner=alpha}", "one [item] only", "open [a, b")) {
            assertThat(collapse(text)).as(text).isEqualTo(text);
        }
    }

    @Test
    void paddedNumbersInBracketsAndStacksOfAddressesAreOneToken() {
        assertThat(String.join(" ", ValueLists.joinPaddedBrackets(tokens("[ <NUM>] eth0: up")))).isEqualTo("[<NUM>] eth0: up");
        assertThat(String.join(" ", ValueLists.joinPaddedBrackets(tokens("( <NUM> )")))).isEqualTo("( <NUM> )");
        assertThat(String.join(" ", ValueLists.mergeValueRuns(tokens("trace (frames @<HEX> @<HEX> @<HEX>) end"))))
                .isEqualTo("trace (frames @<HEX>) end");
        assertThat(String.join(" ", ValueLists.mergeValueRuns(tokens("speeds ( <NUM> <NUM>, <NUM> )")))).isEqualTo("speeds ( <NUM> )");
        assertThat(String.join(" ", ValueLists.mergeValueRuns(tokens("[<NUM>] [<NUM>] #<NUM> @<NUM>"))))
                .isEqualTo("[<NUM>] [<NUM>] #<NUM> @<NUM>");
    }

    static final List<List<String>> EVENTS = List.of(
            List.of("Reserved buffer 0000720b@2021/3/7:10:15:22.118 for writer",
                    "Reserved buffer 0000318d@2021/3/7:10:15:23.009 for writer"),
            List.of("Cache holds 312.5 B of 4.0 GB", "Cache holds 1.5 GB of 4.0 GB", "Cache holds 88.0 B of 16.0 GB"),
            List.of("Job finished in 2m7.25s", "Job finished in 1h4m2s", "Job finished in 3s120ms"),
            List.of("Created Lease{4e1a9c2 owner=alpha}", "Created Lease{b07f3d1 owner=beta}"),
            List.of("link up on port 2 wwn 50:01:43:80:12:0e:4c:aa:50:01", "link up on port 7 wwn 50:01:43:80:99:1f:00:ab:50:02"),
            List.of("[ 1234.567890] eth0: link is up", "[91234.567890] eth0: link is up", "[  734.000120] eth0: link is up"),
            List.of("[ 1234.600001] usb 2-1: new high-speed device number 3", "[91234.600002] usb 1-4: new high-speed device number 12"),
            List.of("Loaded codecs [AAC, MP3, OPUS]", "Loaded codecs [AAC]", "Loaded codecs [AAC, FLAC]"),
            List.of("Gyro reading [0.5, -1.25, 9.81]", "Gyro reading [0.5]", "Gyro reading [-3.5, 2.0]"),
            List.of("Watch targets [\"zone/a-1\" \"zone/b-2\"]", "Watch targets [\"zone/c-7\" \"zone/d-9\" \"zone/e-3\"]"),
            List.of("Trace (frames @0x7ff1 @0x7ff2 @0x7ff3)", "Trace (frames @0x7ff1 @0x7ff2)"),
            List.of("backup.timer: Triggered nightly run", "mail.socket: Triggered nightly run"),
            List.of("backup.timer: Deactivated successfully.", "mail.socket: Deactivated successfully."),
            // a bare dotted name first is the setting the line is about: one event per setting
            List.of("cache.maxEntries set to 500", "cache.maxEntries set to 800"),
            List.of("queue.depth set to 20"),
            List.of("Package org.example.notes (uid 10042) stopped", "Package net.demo.player (uid 10043) stopped",
                    "Package org.example.notes (uid 10044) stopped"),
            List.of("Package org.example.notes (uid 10042) started", "Package net.demo.player (uid 10047) started"));

    @Test
    void versionThreeGroupsEachMadeUpEventIntoOneTemplate() {
        DrainMiner miner = new DrainMiner(new Masker(Masker.V3_RULES), DrainSettings.defaults(), 3);
        List<Set<Integer>> ids = new ArrayList<>();
        for (List<String> event : EVENTS) {
            Set<Integer> eventIds = new HashSet<>();
            event.forEach(line -> eventIds.add(miner.add(line).templateId()));
            ids.add(eventIds);
        }
        for (int e = 0; e < EVENTS.size(); e++) {
            assertThat(ids.get(e)).as("templates of " + EVENTS.get(e)).hasSize(1);
        }
        assertThat(ids.stream().flatMap(Set::stream).distinct().count()).as("one template per event").isEqualTo(EVENTS.size());
    }

    @Test
    void versionTwoStillSplitsThem() {
        DrainMiner miner = new DrainMiner(new Masker(Masker.V2_RULES), DrainSettings.defaults(), 2);
        long split = EVENTS.stream().filter(event -> event.stream().map(line -> miner.add(line).templateId()).distinct().count() > 1).count();
        assertThat(split).isGreaterThanOrEqualTo(8);
    }

    @Test
    void dottedNamesAreNotSentencesOrFileEndings() {
        assertThat(DrainMiner.isDottedName("cron.service:")).isTrue();
        assertThat(DrainMiner.isDottedName("com.example.app")).isTrue();
        assertThat(DrainMiner.isDottedName("stopped.")).isFalse();
        assertThat(DrainMiner.isDottedName("...")).isFalse();
        assertThat(DrainMiner.isDottedName("Started")).isFalse();
    }
}
