package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class MaskerTest {

    private final Masker masker = Masker.withDefaults(List.of());

    @Test
    void masksAddressesIdsAndNumbersByKind() {
        assertThat(masker.mask("from 10.1.2.3 port 22")).isEqualTo("from <IP> port <NUM>");
        assertThat(masker.mask("peer 10.1.2.3:50010 up")).isEqualTo("peer <IP>:<NUM> up");
        assertThat(masker.mask("via fe80::1ff:fe23:4567:890a and ::1")).isEqualTo("via <IP> and <IP>");
        assertThat(masker.mask("addr 2001:0db8:85a3:0000:0000:8a2e:0370:7334")).isEqualTo("addr <IP>");
        assertThat(masker.mask("req 123e4567-e89b-12d3-a456-426614174000 done")).isEqualTo("req <UUID> done");
        assertThat(masker.mask("at 0x00544eb8 and 7f3a9c2b44d1")).isEqualTo("at <HEX> and <HEX>");
        assertThat(masker.mask("took -12 ms, load 0.75")).isEqualTo("took <DURATION>, load <NUM>");
        assertThat(masker.mask("block blk_-6952295868487656571 ok")).isEqualTo("block blk_<NUM> ok");
        assertThat(masker.mask("open /etc/httpd/conf/workers2.properties")).isEqualTo("open <PATH>");
        assertThat(masker.mask("mail bob.smith@example.com now")).isEqualTo("mail <EMAIL> now");
        assertThat(masker.mask("nic 00:1A:2b:3C:4d:5E up")).isEqualTo("nic <MAC> up");
        assertThat(masker.mask("GET https://example.com/a?b=1 200")).isEqualTo("GET <URL> <NUM>");
    }

    @Test
    void leavesIdentifiersAndWordsAlone() {
        assertThat(masker.mask("workerEnv.init() ok md5sum and/or std::string")).isEqualTo("workerEnv.init() ok md5sum and/or std::string");
        assertThat(masker.mask("no digits here, facade")).isEqualTo("no digits here, facade");
        assertThat(masker.mask("threw java.io.IOException in Foo.java")).isEqualTo("threw java.io.IOException in Foo.java");
        assertThat(masker.mask("saved archive.tar.gz and libc.so.6")).isEqualTo("saved archive.tar.gz and libc.so.<NUM>");
        assertThat(masker.mask("3 items")).isEqualTo("<NUM> items");
    }

    @Test
    void settingsVersionOneMasksAreKeptAsTheyWere() {
        Masker legacy = new Masker(Masker.LEGACY_RULES);
        assertThat(legacy.mask("from 10.1.2.3:22 at 06:55:46 took 12ms on db.example.com"))
                .isEqualTo("from <*> at <*>:<*>:<*> took 12ms on db.example.com");
    }

    @Test
    void versionThreeMasksIdsAmountsAndAddressesTheEarlierRulesCutUp() {
        // a zero-padded number glued to a unit letter is an id, an unpadded one an amount
        assertThat(masker.mask("slot 0000720b@2021/3/7:10:15:22.118 and 0000318d free")).isEqualTo("slot <HEX>@<DATE>:<TIME> and <HEX> free");
        assertThat(masker.mask("wrote 512b in 0.5s over 3d")).isEqualTo("wrote <SIZE> in <DURATION> over <DURATION>");
        // a capital B one space after a number is bytes, as a unit of two letters already was
        assertThat(masker.mask("cache 312.5 B of 4.0 GB, index 7 B.")).isEqualTo("cache <SIZE> of <SIZE>, index <SIZE>.");
        assertThat(masker.mask("plan 2 b then")).isEqualTo("plan <NUM> b then");
        // compound durations are one value
        assertThat(masker.mask("took 2m7.25s, 1h4m2s, +3s120ms and 2h30m")).isEqualTo("took <DURATION>, <DURATION>, <DURATION> and <DURATION>");
        // a hash code printed after a type name or an @
        assertThat(masker.mask("Lease{4e1a9c2 owner} Pool@b07f3d plain{facade} ab12cd")).isEqualTo("Lease{<HEX> owner} Pool@<HEX> plain{facade} ab12cd");
        // a MAC-like address longer than six octets
        assertThat(masker.mask("wwn 50:01:43:80:12:0e:4c:aa:50:01 up")).isEqualTo("wwn <MAC> up");
    }

    @Test
    void settingsVersionTwoMasksAreKeptAsTheyWere() {
        Masker v2 = new Masker(Masker.V2_RULES);
        assertThat(v2.mask("slot 0000720b cache 312.5 B took 2m7.25s Lease{4e1a9c2 wwn 50:01:43:80:12:0e:4c:aa:50:01"))
                .isEqualTo("slot <SIZE> cache <NUM> B took 2m7.<DURATION> Lease{4e1a9c2 wwn <MAC>:4c:aa:<TIME>");
    }

    @Test
    void userRegexesRunFirst() {
        Masker custom = Masker.withDefaults(List.of("user=\\w+"));
        assertThat(custom.mask("login user=alice from 10.0.0.1")).isEqualTo("login <*> from <IP>");
        assertThat(custom.rules().get(0).name()).isEqualTo("user1");
    }

    @Test
    void badUserRegexIsRejectedWithItsText() {
        assertThatThrownBy(() -> Masker.withDefaults(List.of("(")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'('");
    }

    @Test
    void handWrittenNumberRuleAgreesWithItsRegex() {
        java.util.regex.Pattern regex = java.util.regex.Pattern.compile(Masker.LEGACY_RULES.get(8).regex());
        for (String token : List.of("12", "-12", "+3.5", "a12", "12a", "12.34a", "x-1", "1-2-3", "v1.2.3", "1.2.3.",
                "blk_-1", "(uid=0)", "--5", "3.x", "1..2", "-", "12:34:56,789", "a1b2", "0.5.6b")) {
            assertThat(Masker.maskNumbers(token)).as(token).isEqualTo(regex.matcher(token).replaceAll("<*>"));
        }
    }

    /**
     * A templates.json can carry any regex under any name: only the built-in rules run without the
     * time budget, so a backtracking one read from a file gives up as a user's --mask does.
     */
    @Test
    void aRuleThatIsNotBuiltInGivesUpWhateverItsName() {
        long before = Masker.userRuleTimeouts();
        Masker masker = new Masker(List.of(new MaskRule("number", "(.*a){12}z")));
        String line = "a".repeat(40);
        assertThat(masker.mask(line)).isEqualTo(line);
        assertThat(Masker.userRuleTimeouts()).isGreaterThan(before);
    }

    @Test
    void sameShapeAgreesWithComparingLiterals() {
        List<String> tokens = List.of("<IP>:<NUM>", "<HOST>:<NUM>", "<*>:<NUM>", "<NUM>", "<NUM>,", "(<SIZE>)", "user=<*>",
                "uid=<NUM>", "(uid=<NUM>)", "LOGIN(uid=<NUM>)", "blk_<NUM>", "a<b", "<*>", "x", "");
        for (String a : tokens) {
            for (String b : tokens) {
                assertThat(Masker.sameShape(a, b)).as(a + " vs " + b)
                        .isEqualTo(Masker.literals(a).equals(Masker.literals(b)));
            }
        }
    }

    /**
     * Java's regex engine recurses once per repetition of a group: a quoted string of 2,000
     * characters, a path of 2,000 segments or a dotted name of 1,000 labels overflowed the stack (a
     * black-box tester's StackOverflowError out of parse). Such values are masked as short ones are.
     */
    @Test
    void longValuesAreMaskedAsShortOnesAreNotAStackOverflow() {
        Masker masker = new Masker(Masker.defaultRules(DrainMiner.SETTINGS_VERSION));
        assertThat(masker.mask("request body \"" + "x".repeat(20_000) + "\" rejected")).isEqualTo("request body <QUOTED> rejected");
        assertThat(masker.mask("open " + "/ab".repeat(5_000) + " failed")).isEqualTo("open <PATH> failed");
        assertThat(masker.mask("connect " + "ab.".repeat(5_000) + "com ok")).isEqualTo("connect <HOST> ok");
        List<Masker.Step> steps = new java.util.ArrayList<>();
        masker.maskTokens("open " + "/ab".repeat(5_000) + " failed", steps);
        assertThat(steps).as("--explain records the step once").extracting(Masker.Step::rule).containsOnlyOnce("path");
    }

    /**
     * A user's pattern that backtracks without end (a black-box tester's {@code (.*a){12}z} ran for
     * hours on a line of 41 characters) gives up on that message after its budget: not masked, counted.
     */
    @Test
    void aUsersMaskThatBacktracksWithoutEndGivesUpAndLeavesTheMessage() {
        Masker masker = Masker.withDefaults(List.of("(.*a){12}z"));
        long before = Masker.userRuleTimeouts();
        String line = "a".repeat(40) + "b";
        assertThat(masker.mask(line)).isEqualTo(line);
        assertThat(Masker.userRuleTimeouts()).isEqualTo(before + 1);
        assertThat(masker.mask("a".repeat(12) + "z")).as("where it ends, it masks").isEqualTo("<*>");
    }
}
