package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Settings version 6's shapes (issue 17), with lines made up for this test from a black-box tester's
 * failure shapes: (a) a variable with few values (a result, a state, a level) is one event whatever
 * its value, by its look (capitals, a number written as a word) or its place (after a key or a
 * setting's noun, a name in a sentence); (b) a value of one, two or three words is one event, not
 * one per word count; and what must stay apart: fields named in capitals before their value, keys,
 * and phrases only ever written after one beginning. Each is checked against version 5, which a
 * model written by it keeps.
 */
class VariablesMergeTest {

    private static int groups(int settingsVersion, List<String> lines) {
        return Mining.groups(settingsVersion, lines);
    }

    private static List<String> lines(int perPattern, String... patterns) {
        return Mining.interleaved(perPattern, patterns);
    }

    private static DrainMiner miner(int settingsVersion) {
        return new DrainMiner(new Masker(Masker.defaultRules(settingsVersion)), DrainSettings.defaults(), settingsVersion);
    }

    @Test
    void aResultAfterAKeyIsOneEventWhateverItsValue() {
        // two tokens: one differing is half the message, below Drain's similarity
        List<String> lines = lines(4, "Finished: SUCCESS", "Finished: FAILURE", "Finished: ABORTED");
        assertThat(groups(5, lines)).isEqualTo(3);
        assertThat(groups(6, lines)).isEqualTo(1);
    }

    @Test
    void aStateInCapitalsIsOneEvent() {
        List<String> lines = lines(4, "Replica store-# of the ledger is now ONLINE", "Replica store-# of the ledger is now OFFLINE");
        assertThat(groups(5, lines)).isEqualTo(2);
        assertThat(groups(6, lines)).isEqualTo(1);
    }

    @Test
    void aSettingsValueAfterItsNounIsOneEvent() {
        List<String> lines = lines(4, "Uplink port ge-0/# changed state to up", "Uplink port ge-0/# changed state to down",
                "Tape drive # reports status degraded", "Tape drive # reports status healthy");
        assertThat(groups(5, lines)).isEqualTo(4);
        assertThat(groups(6, lines)).isEqualTo(2);
        // "error" names a value only as a key (an error: ...): before a verb it is the event's text
        assertThat(groups(6, lines(4, "worker # hit an error opening the spool file", "worker # hit an error closing the spool file")))
                .isEqualTo(2);
    }

    @Test
    void aNameInASentenceIsAValue() {
        List<String> lines = lines(4, "request # matched Backup route for tenant west", "request # matched Primary route for tenant west",
                "request # matched Canary route for tenant west");
        assertThat(groups(5, lines)).isEqualTo(3);
        assertThat(groups(6, lines)).isEqualTo(1);
    }

    @Test
    void aLevelInBracketsInsideTheMessageIsAValue() {
        List<String> lines = lines(4, "worker [WARN] job", "worker [ERROR] job", "worker [INFO] job");
        assertThat(groups(5, lines)).isEqualTo(3);
        assertThat(groups(6, lines)).isEqualTo(1);
    }

    @Test
    void aNumberWrittenAsAWordIsAValue() {
        List<String> lines = lines(4, "Shard keeper # lost quorum after two retries in the west ring",
                "Shard keeper # lost quorum after three retries in the west ring");
        assertThat(groups(5, lines)).isEqualTo(2);
        assertThat(groups(6, lines)).isEqualTo(1);
    }

    @Test
    void aDescriptionOfSeveralWordsIsOneValue() {
        List<String> lines = new ArrayList<>();
        for (String unit : List.of("Nightly backup of the ledger", "Log rotation", "Cache warmer for tenant shards",
                "Mail spool cleaner")) {
            for (int i = 0; i < 3; i++) {
                lines.add("Starting " + unit + "...");
                lines.add("Started " + unit + ".");
                lines.add("Stopped " + unit + ".");
            }
        }
        assertThat(groups(5, lines)).isEqualTo(12);
        assertThat(groups(6, lines)).isEqualTo(3);
    }

    @Test
    void aNameOfOneTwoOrThreeWordsIsOneValue() {
        List<String> lines = new ArrayList<>();
        String[][] names = { { "billing", "search", "ledger" }, { "billing api", "search web", "ledger sync" },
                { "billing api west", "search web east", "ledger sync north" } };
        for (String[] sameLength : names) {
            for (String name : sameLength) {
                lines.add("Deploying service " + name + " to cluster prod-3 took 14 s");
            }
        }
        assertThat(groups(5, lines)).isEqualTo(3);
        assertThat(groups(6, lines)).isEqualTo(1);
    }

    @Test
    void fieldsNamedInCapitalsAndKeysStayApart() {
        List<String> lines = lines(4, "job_done: Job=# WEXITCODE #", "job_done: Job=# WSIGNAL #",
                "gossip: MemberJoined: node-# 10.0.0.#", "gossip: MemberLeft: node-# 10.0.0.#");
        assertThat(groups(6, lines)).isEqualTo(4);
    }

    @Test
    void phrasesOnlyWrittenAfterOneBeginningStayApart() {
        List<String> lines = lines(4, "core # trap: illegal opcode", "core # trap: bad address alignment",
                "core # trap: divide by zero in kernel", "core # trap: stack overflow");
        assertThat(groups(6, lines)).isEqualTo(groups(5, lines)).isEqualTo(4);
    }

    @Test
    void shortMessagesInCapitalsStayApart() {
        List<String> lines = lines(4, "LEADING", "FOLLOWING", "# HIGHMEM available.", "# LOWMEM available.");
        assertThat(groups(6, lines)).isEqualTo(4);
    }

    @Test
    void aMessageKeysQuotedTextIsTheEvent() {
        List<String> lines = lines(4, "msg=\"token refreshed\" app=vault user=u# ttl=#s",
                "msg=\"lease revoked\" app=vault user=u# ttl=#s", "msg=\"seal status checked\" app=vault user=u# ttl=#s");
        assertThat(groups(5, lines)).isEqualTo(1);
        assertThat(groups(6, lines)).isEqualTo(3);
        // another key's quoted text is still a value
        assertThat(groups(6, lines(4, "msg=\"call failed\" err=\"no route to host\" try=#",
                "msg=\"call failed\" err=\"connection reset\" try=#"))).isEqualTo(1);
    }

    @Test
    void aKeysValueIsAValueOnline() {
        List<String> lines = lines(3, "msg=\"lease revoked\" app=vault pool=west", "msg=\"lease revoked\" app=ledger pool=east",
                "msg=\"lease revoked\" app=mailer pool=north");
        DrainMiner six = miner(6);
        assertThat(lines.stream().map(line -> six.add(line).templateId()).distinct()).hasSize(1);
        assertThat(groups(5, lines)).isEqualTo(3);
        // a key with a value and the same key without one are still two events
        assertThat(groups(6, lines(4, "login failed for ruser= rhost=#.example.org", "login failed for ruser=ops rhost=#.example.org")))
                .isEqualTo(2);
    }

    @Test
    void aLeadingCodeWithAValueIsTheEvent() {
        List<String> lines = lines(4, "CACHE_HIT/2#0 #41 GET http://files.example.org/a/# - PEER/10.1.0.# text/html",
                "CACHE_MISS/2#0 #41 GET http://files.example.org/b/# - PEER/10.1.0.# text/html",
                "CACHE_DENIED/4#3 #41 GET http://files.example.org/c/# - PEER/10.1.0.# text/html");
        assertThat(groups(5, lines)).isEqualTo(1);
        assertThat(groups(6, lines)).isEqualTo(3);
        // an id with letters between its values is a name, not a code
        assertThat(DrainMiner.isCode("attempt_<NUM>_<NUM>_m_<NUM>")).isFalse();
        assertThat(DrainMiner.isCode("TCP_MISS/<NUM>")).isTrue();
        // a user or host with its address glued on is a value, not a code
        assertThat(DrainMiner.isCode("j.smith/<IP>:<NUM>")).isFalse();
        assertThat(DrainMiner.isCode("vpn-client/<IP>")).isFalse();
        assertThat(groups(6, lines(4, "alice/203.0.113.#:4#11 tunnel opened, cipher negotiated",
                "bob.m/198.51.100.#:5#02 tunnel opened, cipher negotiated",
                "carol/192.0.2.#:3#90 tunnel opened, cipher negotiated"))).as("one event, three users").isEqualTo(1);
        // a request's method is a value there, a field named in capitals before its value is not
        List<String> methods = lines(4, "CACHE_HIT/2#0 #41 GET http://files.example.org/a/# - PEER/10.1.0.# text/html",
                "CACHE_HIT/2#0 #41 PUT http://files.example.org/a/# - PEER/10.1.0.# text/html",
                "CACHE_HIT/2#0 #41 HEAD http://files.example.org/a/# - PEER/10.1.0.# text/html");
        assertThat(groups(6, methods)).isEqualTo(1);
    }

    @Test
    void aDashIsAFieldWithNoValue() {
        // the user and the content type are "-" when absent, as access logs write them
        List<String> lines = lines(4, "SERVED/2#0 GET http://files.example.org/a/# alice text/html",
                "SERVED/2#0 GET http://files.example.org/a/# - -", "SERVED/2#0 GET http://files.example.org/a/# bob -");
        assertThat(groups(5, lines)).isEqualTo(2);
        assertThat(groups(6, lines)).isEqualTo(1);
    }

    @Test
    void aKeysValueAmongTheLeadingTokensIsAValue() {
        // the second token is a tree layer: Drain branched on each value of it
        List<String> lines = lines(3, "event=sync zone=west took=#ms", "event=sync zone=east took=#ms",
                "event=sync zone=north took=#ms");
        assertThat(groups(5, lines)).isEqualTo(3);
        assertThat(groups(6, lines)).isEqualTo(1);
    }

    @Test
    void aReasonOfAnyLengthAfterItsKeyIsOneValue() {
        List<String> lines = lines(3, "drain of host h# refused with an error: maintenance",
                "drain of host h# refused with an error: disk array rebuilding", "drain of host h# refused with an error: fan # failed twice",
                "set host h# offline, reason set to: operator request", "set host h# offline, reason set to: power");
        assertThat(groups(5, lines)).isEqualTo(5);
        assertThat(groups(6, lines)).isEqualTo(2);
        // so does a name or a statement after its key
        assertThat(groups(6, lines(3, "session # opened with a client-provided name: backup agent #",
                "session # opened with a client-provided name: sync", "session # opened with a client-provided name: nightly export job")))
                .isEqualTo(1);
        // a message that opens with "error:" names its event after it
        assertThat(groups(6, lines(3, "error: handshake timed out with peer #", "error: certificate expired on peer # yesterday")))
                .isEqualTo(2);
    }

    @Test
    void anIdentifierAloneIsAValueButNotAsTheFirstToken() {
        assertThat(groups(6, lines(3, "  * plugin_alpha", "  * plugin_beta_ext", "  * plugin_gamma"))).isEqualTo(1);
        assertThat(groups(6, lines(3, "maxConn set to #", "idle_timeout set to #"))).isEqualTo(2);
    }

    /**
     * The service does not refine: outside key=value settings and a message key's quoted text,
     * version 6 mines each line online to the id version 5 gives it.
     */
    @Test
    void onlineIdsAreVersionFivesIds() {
        List<String> lines = lines(4, "Pipeline stage # finished: SUCCESS", "Pipeline stage # finished: FAILURE",
                "Started Log rotation.", "Started Mail spool cleaner.", "Uplink port ge-0/# changed state to up");
        DrainMiner five = miner(5);
        DrainMiner six = miner(6);
        for (String line : lines) {
            assertThat(six.add(line).templateId()).as(line).isEqualTo(five.add(line).templateId());
        }
    }

    @Test
    void anExceptionsMessageIsOneValue() {
        List<String> lines = lines(4,
                "Request to /api/orders failed; nested exception is java.io.IOException: Broken pipe",
                "Request to /api/orders failed; nested exception is java.io.IOException: Connection reset by peer",
                "Request to /api/orders failed; nested exception is java.util.concurrent.TimeoutException: timed out");
        assertThat(groups(6, lines)).isEqualTo(1);
        List<String> messages = lines(4, "Export # aborted by org.example.io.ExportException: disk quota exceeded",
                "Export # aborted by org.example.io.ExportException: target directory is read-only",
                "Export # aborted by org.example.io.ExportException: checksum mismatch");
        assertThat(groups(6, messages)).isEqualTo(1);
    }
}
