package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The shapes that split one event into many on log types nobody tuned for (issue 17), each with
 * made-up lines: two lines of one event must get one template id, and the template names the kinds.
 */
class FailureShapesTest {

    private final DrainMiner miner = new DrainMiner(Masker.withDefaults(List.of()), DrainSettings.defaults());
    private final Masker masker = Masker.withDefaults(List.of());

    private int id(String content) {
        return miner.add(content).templateId();
    }

    @Test
    void hostNamesAndFqdnWithPortAreOneValue() {
        int a = id("Connected to db-7.prod.example.com:5432 as replica");
        int b = id("Connected to cache.dc2.acme.org:6379 as replica");
        int c = id("Connected to mail.cse.uni.edu.hk as replica");
        assertThat(b).isEqualTo(a);
        assertThat(masker.mask("to db-7.prod.example.com:5432 now")).isEqualTo("to <HOST>:<NUM> now");
        assertThat(masker.mask("to mail.cse.uni.edu.hk")).isEqualTo("to <HOST>");
        assertThat(c).isEqualTo(a); // one token of five differs: still the event, port or not
    }

    @Test
    void aHostInOnePlaceAndAnIpInAnotherAreTheSameEvent() {
        int a = id("www.example.org:443 open through proxy proxy.example.net:5070 HTTPS");
        int b = id("10.20.30.40:443 open through proxy proxy.example.net:5070 HTTPS");
        int c = id("api-3.example.com:80 open through proxy proxy.example.net:5070 HTTPS");
        assertThat(b).isEqualTo(a);
        assertThat(c).isEqualTo(a);
        assertThat(miner.template(a).orElseThrow().template()).isEqualTo("<*>:<NUM> open through proxy <HOST>:<NUM> HTTPS");
    }

    @Test
    void dottedNamesThatAreNotHostsStayLiteral() {
        assertThat(masker.mask("at org.apache.hadoop.ipc.Client.call(Client.java:1475)"))
                .isEqualTo("at org.apache.hadoop.ipc.Client.call(Client.java:<NUM>)");
        assertThat(masker.mask("loaded settings.xml and backup.tar.gz")).isEqualTo("loaded settings.xml and backup.tar.gz");
    }

    @Test
    void amountsWithUnitsAreOneValueGluedOrSpaced() {
        assertThat(masker.mask("read 1.5KB in 512ms")).isEqualTo("read <SIZE> in <DURATION>");
        assertThat(masker.mask("read 1.5 KB in 12 sec")).isEqualTo("read <SIZE> in <DURATION>");
        int a = id("cache grew by 1.5 KB");
        int b = id("cache grew by 3MB");
        assertThat(b).isEqualTo(a);
    }

    @Test
    void parenthesisedAmountsKeepTheirParentheses() {
        // version 5 reads "bytes" written out as a unit too
        assertThat(masker.mask("1190 bytes (1.16 KB) sent")).isEqualTo("<SIZE> (<SIZE>) sent");
        int a = id("flushed 1190 bytes (1.16 KB) to disk");
        int b = id("flushed 3000000 bytes (2.86 MB) to disk");
        assertThat(b).isEqualTo(a);
    }

    @Test
    void lessThanOneSecondAndClockTimesAreBothOneValue() {
        assertThat(masker.mask("lifetime <1 sec")).isEqualTo("lifetime <DURATION>");
        assertThat(masker.mask("lifetime 00:02")).isEqualTo("lifetime <TIME>");
        assertThat(masker.mask("lifetime 01:00:02")).isEqualTo("lifetime <TIME>");
        int a = id("session closed, lifetime <1 sec");
        int b = id("session closed, lifetime 00:02");
        int c = id("session closed, lifetime 01:00:02");
        assertThat(b).isEqualTo(a);
        assertThat(c).isEqualTo(a);
    }

    @Test
    void datesInContentAreOneValue() {
        assertThat(masker.mask("at Wed Jun 29 14:44:35 2005 from")).isEqualTo("at <DATE> from");
        assertThat(masker.mask("since 2023-04-01T10:22:03.120Z ok")).isEqualTo("since <DATE> ok");
        assertThat(id("connection at Wed Jun 29 14:44:35 2005")).isEqualTo(id("connection at Fri Jul  1 07:57:30 2005"));
    }

    @Test
    void windowsIdentifiersAreMasked() {
        assertThat(masker.mask("update KB5012170 {4D2B6C1E-5A6F-4E2B-9C3D-1234567890AB} failed with 0x80070002"))
                .isEqualTo("update KB<NUM> {<UUID>} failed with <HEX>");
        assertThat(masker.mask("Loaded Servicing Stack v6.1.7601.23505")).isEqualTo("Loaded Servicing Stack v<NUM>");
        assertThat(id("Installing KB4023057 failed with 0x800f0922")).isEqualTo(id("Installing KB5012170 failed with 0x80070002"));
    }

    @Test
    void bareHexOfEightOrMoreDigitsIsMaskedButWordsAreNot() {
        assertThat(masker.mask("session 7f3a9c2b44d1e0aa opened")).isEqualTo("session <HEX> opened");
        assertThat(masker.mask("token deadbeefcafe and 00c4e9f1")).isEqualTo("token deadbeefcafe and <HEX>");
        assertThat(masker.mask("checksum ab12 short")).isEqualTo("checksum ab12 short");
    }

    @Test
    void quotedStringsAreOneValueByDefaultFromVersionFourAndWhenConfiguredBefore() {
        Masker quoted = new Masker(Masker.rulesWithDefaults(List.of(), true));
        assertThat(quoted.mask("open file \"My Documents/a b.txt\" failed")).isEqualTo("open file <QUOTED> failed");
        assertThat(quoted.mask("user 'john smith' can't log in")).isEqualTo("user <QUOTED> can't log in");
        assertThat(masker.mask("open file \"report.txt\" failed")).isEqualTo("open file <QUOTED> failed");
        Masker v3 = new Masker(Masker.defaultRules(3));
        assertThat(v3.mask("open file \"report.txt\" failed")).isEqualTo("open file \"report.txt\" failed");
    }

    @Test
    void variableLengthParameterListsAreOneEvent() {
        int a = id("Fan speeds ( 3552 3534 3375 )");
        int b = id("Fan speeds ( 3552 3534 3375 4245 3515 3479 )");
        int c = id("Removed host-1.example.com, host-2.example.com from the blacklist");
        int d = id("Removed host-9.example.com from the blacklist");
        assertThat(b).isEqualTo(a);
        assertThat(d).isEqualTo(c);
        assertThat(miner.template(a).orElseThrow().template()).isEqualTo("Fan speeds ( <NUM> )");
        assertThat(id("Fan speeds ( fast slow )")).isNotEqualTo(a); // words are not values
    }

    @Test
    void runsOfSpacesInTheHeaderMatchAnyWhitespace() {
        LogFormat format = LogFormat.compile("<Date> <Time>, <Level>                  <Component>    <Content>");
        LogFormat.SplitLine wide = format.split("2016-09-28 04:30:31, Info                  CBS    Loaded Servicing Stack");
        LogFormat.SplitLine narrow = format.split("2016-09-28 04:30:31, Warning CSI Warning: Unrecognized attribute.");
        assertThat(wide.matched()).isTrue();
        assertThat(wide.content()).isEqualTo("Loaded Servicing Stack");
        assertThat(narrow.fields()).containsEntry("Level", "Warning").containsEntry("Component", "CSI");
        assertThat(narrow.content()).isEqualTo("Warning: Unrecognized attribute.");
        LogFormat padded = LogFormat.compile("<Date> <Time>  <Pid>  <Tid> <Level> <Component>: <Content>");
        assertThat(padded.split("03-17 16:13:38.811   702  2395 D WindowManager: a: b").fields()).containsEntry("Pid", "702");
    }

    @Test
    void contentMayHoldTheSeparatorOfTheHeader() {
        LogFormat format = LogFormat.compile("\\[<Time>\\] <Program> - <Content>");
        LogFormat.SplitLine split = format.split("[10.30 16:49:06] chrome.exe - a.example.com:443 error : proxy"
                + " - Proxy server cannot connect - status 403");
        assertThat(split.fields()).containsEntry("Time", "10.30 16:49:06").containsEntry("Program", "chrome.exe");
        assertThat(split.content()).isEqualTo("a.example.com:443 error : proxy - Proxy server cannot connect - status 403");
        LogFormat colon = LogFormat.compile("<Level> <Component>: <Content>");
        assertThat(colon.split("INFO sshd: error: Received disconnect: 11: Bye").content())
                .isEqualTo("error: Received disconnect: 11: Bye");
    }

    @Test
    void generalisingKeepsTheShapeOfATokenAndItsParametersStillLineUp() {
        TemplateMatch first = miner.add("pam_unix: check pass; user=root tty=ssh rhost=10.0.0.1");
        miner.add("pam_unix: check pass; user=guest tty=ssh rhost=db.example.com");
        String template = miner.template(first.templateId()).orElseThrow().template();
        assertThat(template).isEqualTo("pam_unix: check pass; user=<*> tty=ssh rhost=<*>");
        assertThat(miner.parameters("pam_unix: check pass; user=bob tty=ssh rhost=10.9.9.9", template))
                .containsExactly("bob", "10.9.9.9");
    }

    @Test
    void aKeyWithoutItsValueIsAnotherEventThanTheKeyWithOne() {
        int remote = id("login failed; tty=ssh ruser= rhost=10.0.0.1 via pam");
        assertThat(id("login failed; tty=ssh ruser= rhost=gw.example.com via pam")).isEqualTo(remote);
        int local = id("login failed; tty=ssh ruser= rhost= via pam");
        assertThat(local).isNotEqualTo(remote);
        assertThat(id("login failed; tty=tty1 ruser= rhost= via pam")).isEqualTo(local);
    }

    @Test
    void anAccessLogsDashForAMissingSizeOrRefererIsAValue() {
        int a = id("\"GET /shop/cart HTTP/1.1\" 200 5120 \"https://example.org/\" \"Mozilla/5.0 (X11; Linux x86_64)\"");
        int b = id("\"GET /img/logo.png HTTP/1.1\" 304 - \"-\" \"curl/8.1.2\"");
        int c = id("\"GET /shop/cart HTTP/1.0\" 200 -");
        assertThat(b).isEqualTo(a);
        assertThat(miner.template(c).orElseThrow().template()).isEqualTo("\"GET <PATH> HTTP/<NUM>\" <*>");
        // a dash between two numbers is a range, not a missing value
        assertThat(ValueLists.dashValues(new String[] { "<NUM>", "-", "<HEX>" })).containsExactly("<NUM>", "-", "<HEX>");
    }

    @Test
    void aMissingRequestLineIsAValueNotTheStartOfAQuote() {
        assertThat(masker.mask("\"-\" 408 - \"-\" \"-\"")).isEqualTo("<QUOTED> <NUM> - <QUOTED> <QUOTED>");
    }

    @Test
    void aRunOfEscapedBytesIsOneValue() {
        assertThat(masker.mask("\"\\x16\\x03\\x01\\x02\\x00\\x01\" 400 157"))
                .isEqualTo("\"<HEX>\" <NUM> <NUM>");
        int a = id("\"\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xfc\\x03\\x03\" 400 157 \"-\" \"-\"");
        int b = id("\"\\x05\\x01\\x00\" 400 166 \"-\" \"-\"");
        assertThat(b).isEqualTo(a);
    }
}
