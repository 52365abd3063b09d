package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Version 5's values written as people write them (issue 17, a black-box tester's failure shapes),
 * each with made-up lines: the mask names one kind whatever the month, magnitude, unit or host, so
 * lines of one event get one template.
 */
class SpokenValuesTest {

    private final Masker masker = Masker.withDefaults(List.of());
    private final DrainMiner miner = new DrainMiner(masker, DrainSettings.defaults());

    private int id(String content) {
        return miner.add(content).templateId();
    }

    @Test
    void datesWithAMonthNameAreOneDateWhateverTheMonth() {
        assertThat(masker.mask("backup done at Sun Nov 3 2025")).isEqualTo("backup done at <DATE>");
        assertThat(masker.mask("backup done at Feb 28, 2026.")).isEqualTo("backup done at <DATE>.");
        assertThat(masker.mask("cert expires Thu, 9 October 2025 17:02:44 GMT")).isEqualTo("cert expires <DATE>");
        assertThat(masker.mask("boot at Mon Jan 5 23:01:07 CEST 2026 ok")).isEqualTo("boot at <DATE> ok");
        assertThat(masker.mask("last run 17:02:44 UTC Wed Sep 30 2026")).isEqualTo("last run <TIME> UTC <DATE>");
        assertThat(masker.mask("GET at [07/Aug/2025:23:59:01.004 +0200]")).isEqualTo("GET at [<DATE> <NUM>]");
        assertThat(masker.mask("hit 11/dec/2025:01:02:03")).isEqualTo("hit <DATE>");
        int a = id("snapshot sealed on Jul 14 2025 by cron");
        int b = id("snapshot sealed on December 1 2025 by cron");
        assertThat(b).isEqualTo(a);
        assertThat(miner.template(a).orElseThrow().template()).isEqualTo("snapshot sealed on <DATE> by cron");
    }

    @Test
    void aMonthNameWithoutYearOrTimeStaysAWord() {
        assertThat(masker.mask("you may 3 times retry")).isEqualTo("you may <NUM> times retry");
        assertThat(masker.mask("rotated on Mar 3")).isEqualTo("rotated on Mar <NUM>");
    }

    @Test
    void amountsGluedToBracketsOrWrittenAsBytesAreSizes() {
        assertThat(masker.mask("heap left: 7731 bytes[41.5%]")).isEqualTo("heap left: <SIZE>[<NUM>%]");
        assertThat(masker.mask("cache [12.5 KiB]->[3.25GB]/[8gb]")).isEqualTo("cache [<SIZE>]->[<SIZE>]/[<SIZE>]");
        assertThat(masker.mask("pool resized [700 kb]->[1.5MB] total [2 GB]")).isEqualTo("pool resized [<SIZE>]->[<SIZE>] total [<SIZE>]");
        assertThat(masker.mask("pool resized [9.1GiB]->[12 mb] total [64GB]")).isEqualTo("pool resized [<SIZE>]->[<SIZE>] total [<SIZE>]");
        int a = id("pool resized [700 kb]->[1.5MB] total [2 GB]");
        int b = id("pool resized [9.1GiB]->[12 mb] total [64GB]");
        assertThat(b).isEqualTo(a);
        assertThat(masker.mask("update KB5012170 and 5 KB5012171")).isEqualTo("update KB<NUM> and <NUM> KB<NUM>");
    }

    @Test
    void thousandsSeparatorsAreInsideTheNumber() {
        assertThat(masker.mask("query took 48,305 ms")).isEqualTo("query took <DURATION>");
        assertThat(masker.mask("query took 305 ms")).isEqualTo("query took <DURATION>");
        assertThat(masker.mask("sent 2,048 bytes")).isEqualTo("sent <SIZE>");
        assertThat(masker.mask("rows 1,250,000 scanned")).isEqualTo("rows <NUM> scanned");
        assertThat(masker.mask("rows 17 scanned")).isEqualTo("rows <NUM> scanned");
        // lists and settings keep their commas, and a clock's fraction is not a thousand
        assertThat(masker.mask("ids 4,17,9 and x=1,y=250")).isEqualTo("ids <NUM>,<NUM>,<NUM> and x=<NUM>,y=<NUM>");
        assertThat(masker.mask("at 10:02:44,512 done")).isEqualTo("at <TIME> done");
        assertThat(masker.mask("a,b,c")).isEqualTo("a,b,c");
    }

    @Test
    void escapedQuotesStayInsideTheQuotedString() {
        assertThat(masker.mask("job failed \"err\": \"unique key \\\"orders_pk\\\" taken\", \"took\": \"2.1s\""))
                .isEqualTo("job failed <QUOTED>: <QUOTED>, <QUOTED>: <QUOTED>");
        int a = id("store said \"duplicate \\\"users_email_key\\\" row\" after 3 tries");
        int b = id("store said \"timeout\" after 5 tries");
        assertThat(b).isEqualTo(a);
    }

    @Test
    void aNameBeforeABracketedAddressIsAHost() {
        assertThat(masker.mask("lost link to peer=unknown[192.168.7.20]")).isEqualTo("lost link to peer=<HOST>[<IP>]");
        assertThat(masker.mask("accepted from gw-01[10.9.8.7]:2525")).isEqualTo("accepted from <HOST>[<IP>]:<NUM>");
        assertThat(masker.mask("accepted from relay.corp.example.net[10.9.8.7]")).isEqualTo("accepted from <HOST>[<IP>]");
        int a = id("handoff from localhost[127.0.0.1] done");
        int b = id("handoff from edge-3[172.16.0.4] done");
        assertThat(b).isEqualTo(a);
    }
}
