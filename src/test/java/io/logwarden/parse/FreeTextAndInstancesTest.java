package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Settings version 7's shapes (issue 17), with lines made up for this test from the failure shapes
 * a black-box check of version 6 named (not its data), and from the design kinds of generate4.py
 * and generate5.py: free text a program fills in after a key with settings after it, an error's
 * text after its number, a word with few values that the log
 * names elsewhere too, a template that is an instance of a more general one (a name of several
 * words where other lines had one word, or a keyed value such as {@code cid=[no info],}), optional fields at the end and an optional value in the
 * middle, an error's text after its number in parentheses, and (online) a name in brackets, an id
 * no mask knows, escaped quotes inside a message key's text and a name with dots inside a path. And
 * what must stay apart: a phrase ending the message after a key, a word only ever written in one
 * event, a run that holds a value, a code in capitals opening the message. Each is checked against
 * version 6, which a model written by it keeps.
 */
class FreeTextAndInstancesTest {

    private static int groups(int settingsVersion, List<String> lines) {
        return Mining.groups(settingsVersion, lines);
    }

    private static List<String> lines(int perPattern, String... patterns) {
        return Mining.interleaved(perPattern, patterns);
    }

    @Test
    void aReasonBeforeSettingsIsOneValue() {
        List<String> lines = lines(4, "pop(ann)<#>: Closed: Client went away rx=# tx=#",
                "pop(ann)<#>: Closed: Idle for too long rx=# tx=#", "pop(ann)<#>: Closed: Shutting down rx=# tx=#");
        assertThat(groups(6, lines)).isEqualTo(3);
        assertThat(groups(7, lines)).isEqualTo(1);
    }

    @Test
    void anErrorsTextAfterItsNumberIsOneValue() {
        List<String> lines = lines(4, "probe of [10.1.0.#]:9100 failed: [111] Connection refused",
                "probe of [10.1.0.#]:9100 failed: [113] No route to host", "probe of [10.1.0.#]:9100 failed: [110] Connection timed out",
                "probe of [10.1.0.#]:9100 failed: [112] Host is down");
        assertThat(groups(6, lines)).isEqualTo(4);
        assertThat(groups(7, lines)).isEqualTo(1);
    }

    @Test
    void aPhraseEndingTheMessageAfterAKeyStaysTheEvent() {
        // the reference data (BGL's "program interrupt: illegal instruction") counts each phrase as an event
        List<String> lines = lines(4, "core # raised program fault: illegal opcode", "core # raised program fault: stack overflow seen",
                "core # raised program fault: bad alignment of operand");
        assertThat(groups(7, lines)).isEqualTo(3);
    }

    @Test
    void aWordTheLogNamesElsewhereIsAValue() {
        List<String> lines = lines(4, "Starting prune task for shelf #", "Starting verify task for shelf #",
                "Starting compact task for shelf #", "Done prune", "Done verify", "Done compact");
        // the "Done" lines stay apart: two tokens, each its own event by Drain's similarity
        assertThat(groups(6, lines)).isEqualTo(6);
        assertThat(groups(7, lines)).isEqualTo(4);
    }

    @Test
    void aWordOnlyEverWrittenInOneEventStaysTheEvent() {
        List<String> lines = lines(4, "Backup of volume vol-# completed successfully after # retries",
                "Backup of volume vol-# completed partially after # retries", "Backup of volume vol-# completed late after # retries");
        assertThat(groups(7, lines)).isEqualTo(3);
    }

    @Test
    void aNameOfSeveralWordsJoinsTheTemplateOfOneWordNames() {
        List<String> lines = new ArrayList<>();
        for (String name : List.of("web01", "db02", "cache-3", "build-agent", "web01", "db02")) {
            lines.add("Refreshing guest config for " + name);
        }
        lines.add("Refreshing guest config for test box (copy)");
        lines.add("Refreshing guest config for test box (copy)");
        assertThat(groups(6, lines)).isEqualTo(2);
        assertThat(groups(7, lines)).isEqualTo(1);
    }

    @Test
    void aRunHoldingAValueIsNotAnInstance() {
        // OpenSSH's two events: "for <*> from" and "for invalid user <*> from"
        List<String> lines = lines(4, "Failed password for root from 10.0.0.# port # ssh2", "Failed password for admin from 10.0.0.# port # ssh2",
                "Failed password for oracle from 10.0.0.# port # ssh2", "Failed password for guest from 10.0.0.# port # ssh2",
                "Failed password for pi from 10.0.0.# port # ssh2", "Failed password for invalid user x# from 10.0.0.# port # ssh2");
        assertThat(groups(7, lines)).isEqualTo(2);
    }

    @Test
    void aNameInBracketsBeforeTheEventIsAValue() {
        List<String> lines = lines(3, "[sshd] Ban 10.0.0.#", "[web-auth] Ban 10.0.0.#", "[recidive] Ban 10.0.0.#",
                "[sshd] Unban 10.0.0.#", "[web-auth] Unban 10.0.0.#", "[recidive] Unban 10.0.0.#");
        assertThat(groups(6, lines)).isEqualTo(6);
        assertThat(groups(7, lines)).isEqualTo(2);
    }

    @Test
    void aNameInBracketsIsAlikeAnotherWhereTheLineDiffersInTwoPlaces() {
        // five tokens, two differ (the user and the command, of many values): below Drain's similarity unless the names are alike
        List<String> lines = new ArrayList<>();
        List<String> users = List.of("[alice]", "[bob]", "[carol]", "[dave]");
        List<String> commands = List.of("GET", "PUT", "DELE", "LIST", "STAT", "MKD", "RMD");
        for (int i = 0; i < 14; i++) {
            lines.add(users.get(i % users.size()) + " OK " + commands.get(i % commands.size()) + " from 10.0.0." + i);
        }
        assertThat(groups(6, lines)).isGreaterThan(2);
        assertThat(groups(7, lines)).isEqualTo(1);
    }

    @Test
    void optionalFieldsAtTheEndAreOneEvent() {
        List<String> lines = lines(3, "*# access denied by rule, client: 10.0.0.#, request: \"GET /a HTTP/1.1\"",
                "*# access denied by rule, client: 10.0.0.#, request: \"GET /b HTTP/1.1\", host: \"example.com\"",
                "*# access denied by rule, client: 10.0.0.#, request: \"GET /c HTTP/1.1\", host: \"example.com\", referrer: \"x\"");
        assertThat(groups(6, lines)).isEqualTo(3);
        assertThat(groups(7, lines)).isEqualTo(1);
    }

    @Test
    void anOptionalValueInTheMiddleIsOneEvent() {
        List<String> lines = new ArrayList<>();
        for (String who : List.of("(laptop-a) ", "", "(printer) ", "", "(phone-7) ", "", "(tv) ", "")) {
            lines.add("LEASE on 10.0.0." + lines.size() + " to 00:11:22:33:44:" + (10 + lines.size()) + " " + who + "via eth" + lines.size() % 3);
        }
        assertThat(groups(6, lines)).isEqualTo(2);
        assertThat(groups(7, lines)).isEqualTo(1);
    }

    @Test
    void anErrorsTextAfterItsNumberInParenthesesIsOneValue() {
        List<String> lines = lines(4, "*# stat() \"/srv/a#\" failed (2: No such file or directory), client: 10.0.0.#",
                "*# stat() \"/srv/a#\" failed (13: Permission denied), client: 10.0.0.#");
        assertThat(groups(6, lines)).isEqualTo(2);
        assertThat(groups(7, lines)).isEqualTo(1);
    }

    @Test
    void aCodeInCapitalsOpeningTheMessageStaysTheEvent() {
        // version 6 merged these in refine() as one state word in capitals; they are two protocol messages
        List<String> lines = lines(4, "LEASEOFFER on 10.0.0.# to 00:11:22:33:44:5# via eth0", "LEASEACK on 10.0.0.# to 00:11:22:33:44:5# via eth0");
        assertThat(groups(6, lines)).isEqualTo(1);
        assertThat(groups(7, lines)).isEqualTo(2);
    }

    @Test
    void aTemplateOfSettingsAloneIsLeftAlone() {
        // found by the design set: a message of settings only ran the optional-field walk off its start
        List<String> lines = lines(3, "a=#, b=#", "a=#, b=#, c=#", "x: #, y: #");
        assertThat(groups(7, lines)).isPositive();
    }

    @Test
    void aShortEventAfterAnIdNoMaskKnowsIsOneEvent() {
        // queue ids of letters and digits: each line differs in half its tokens, below Drain's similarity
        List<String> lines = List.of("1rAbCd-0001Xy-Zz Completed", "1rQwEr-00a2Bb-7k Completed", "2xPlMn-0c0Qq9-Aa Completed",
                "1rAbCd-0001Xy-Zz Frozen", "2xPlMn-0c0Qq9-Aa Frozen", "9zZzYy-1234Ab-Cd Frozen");
        assertThat(groups(6, lines)).isGreaterThan(2);
        assertThat(groups(7, lines)).isEqualTo(2);
    }

    @Test
    void dottedTextWithADigitIsNoId() {
        // BGL's "program interrupt: illegal instruction......0": text with a flag, each phrase its own event
        assertThat(DrainMiner.isId("instruction......0")).isFalse();
        assertThat(DrainMiner.isId("ssh2")).isFalse();
        assertThat(DrainMiner.isId("1rAbCd-0001Xy-Zz")).isTrue();
        assertThat(DrainMiner.sameIdShape("1rAbCd-0001Xy-Zz", "93fa56-c91fde-<NUM>")).isTrue();
        assertThat(DrainMiner.sameIdShape("1rAbCd-0001Xy-Zz", "web_01-a")).isFalse();
    }

    @Test
    void aKeyedValueOfSeveralWordsJoinsTheTemplateOfOneWordValues() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            lines.add("LEASE_GRANT [hw 00:11:22:33:44:5" + i + "], cid=[01:00:11:22:33:44:5" + i + "], tid=0x" + (1000 + i) + ": lease 10.0.0." + i);
        }
        lines.add("LEASE_GRANT [hw 00:11:22:33:44:59], cid=[no info], tid=0x1999: lease 10.0.0.9");
        lines.add("LEASE_GRANT [hw 00:11:22:33:44:58], cid=[no info], tid=0x1998: lease 10.0.0.8");
        assertThat(groups(6, lines)).isEqualTo(2);
        assertThat(groups(7, lines)).isEqualTo(1);
    }

    @Test
    void anotherFieldAfterAKeyedValueIsNotPartOfIt() {
        // OpenSSH's two events: "... rhost=<IP>" and "... rhost=<IP> user=root"
        List<String> lines = lines(4, "PAM # more authentication failures; uid=0 rhost=10.0.0.#",
                "PAM # more authentication failures; uid=0 rhost=host-# user=root");
        assertThat(groups(7, lines)).isEqualTo(2);
    }

    @Test
    void escapedQuotesInsideAMessageKeysTextLeaveItsWordsAlone() {
        // container runtimes log msg="StartContainer for \"<id>\" returns successfully"
        String line = "level=info msg=\"StartContainer for \\\"6f3e\\\" returns successfully\" error=\"none at all\"";
        assertThat(new Masker(Masker.defaultRules(6)).mask(line)).doesNotContain("returns successfully");
        assertThat(new Masker(Masker.defaultRules(7)).mask(line))
                .isEqualTo("level=info msg=\"StartContainer for \\\"6f3e\\\" returns successfully\" error=<QUOTED>");
        List<String> lines = lines(4, "level=info msg=\"StartContainer for \\\"c#\\\" returns successfully\"",
                "level=info msg=\"StartContainer for \\\"c#\\\" failed: image not found\"");
        assertThat(groups(6, lines)).isEqualTo(1);
        assertThat(groups(7, lines)).isEqualTo(2);
    }

    @Test
    void aNameWithDotsInsideAPathIsPartOfThePath() {
        String line = "renewed /etc/letsencrypt/live/example.com/fullchain.pem for db-7.prod.example.com:5432";
        assertThat(new Masker(Masker.defaultRules(6)).mask(line)).isEqualTo("renewed <PATH><HOST><PATH> for <HOST>:<NUM>");
        assertThat(new Masker(Masker.defaultRules(7)).mask(line)).isEqualTo("renewed <PATH> for <HOST>:<NUM>");
        assertThat(new Masker(Masker.defaultRules(7)).mask("/srv/mail/new/1700000000.M1P2.mx: OK")).isEqualTo("<PATH>: OK");
    }

    @Test
    void aNameInParenthesesOpeningTheMessageIsTheUserNotTheEvent() {
        // cron writes the user first: (root) CMD (...); the tree puts each first token on its own branch
        List<String> lines = lines(3, "(root) CMD (run-parts /etc/cron.#)", "(backup-op) CMD (run-parts /etc/cron.#)",
                "(www_data) CMD (run-parts /etc/cron.#)", "(root) CMD (/usr/lib/sa/sa1 # 1)", "(backup-op) CMD (/usr/lib/sa/sa1 # 1)");
        assertThat(groups(6, lines)).isEqualTo(5);
        // run-parts and the other commands stay two events, as the reference data counts cron's lines
        assertThat(groups(7, lines)).isEqualTo(2);
    }

    @Test
    void aStateInParenthesesOpeningTheMessageStaysTheEvent() {
        // (not a name: it holds a space) and a code in capitals opening the message: other events
        List<String> lines = lines(3, "(auth failed) for session #", "(auth passed) for session #",
                "LINKUP on port #", "LINKDOWN on port #");
        assertThat(groups(7, lines)).isEqualTo(4);
    }

    @Test
    void theServicesOnlineIdsAreVersion6sButForNamesInBrackets() {
        // online, version 7 differs from 6 only for a name in brackets among the leading tokens (none here);
        // the rest of version 7 is in refine(), which only the offline parse command runs
        List<String> lines = lines(6, "pop(ann)<#>: Closed: Client went away rx=# tx=#", "Starting prune task for shelf #",
                "Starting verify task for shelf #", "Refreshing guest config for web0#", "Refreshing guest config for test box (copy)",
                "Power change (P_ON -> P_OFF)", "Power change (P_OFF -> P_ON)");
        DrainMiner v6 = new DrainMiner(new Masker(Masker.defaultRules(6)), DrainSettings.defaults(), 6);
        DrainMiner v7 = new DrainMiner(new Masker(Masker.defaultRules(7)), DrainSettings.defaults(), 7);
        for (String line : lines) {
            assertThat(v7.add(line).templateId()).as(line).isEqualTo(v6.add(line).templateId());
        }
        assertThat(v7.templates()).isEqualTo(v6.templates());
    }
}
