package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Version 8 (issue 17), with lines made up for this test: a message written as a quoted string in
 * brackets among bracketed fields, as the unified log format of TiKV, PD and TiDB writes it, is the
 * event's text; messages after an optional field (a client's name given or not) are the events
 * they say, not one value named in two places; an error's text with its number after it is a value;
 * a JSON line's keys and message are its text.
 */
class MessagesBesideFieldsTest {

    private static int groups(int settingsVersion, List<String> lines) {
        return Mining.groups(settingsVersion, lines);
    }

    @Test
    void aBracketedQuotedMessageIsTheEventsText() {
        List<String> lines = Mining.interleaved(4,
                "[raft.rs:1120] [\"became follower at term #\"] [term=#] [raft_id=#] [region_id=#]",
                "[raft.rs:1340] [\"starting a new election\"] [term=#] [raft_id=#] [region_id=#]",
                "[raft.rs:1177] [\"became candidate at term #\"] [term=#] [raft_id=#] [region_id=#]");
        assertThat(groups(7, lines)).isEqualTo(1);
        assertThat(groups(8, lines)).isEqualTo(3);
    }

    @Test
    void aQuotedValueOfAKeyInBracketsIsStillAValue() {
        List<String> lines = List.of(
                "[store.rs:233] [\"send snapshot failed\"] [err=\"connection reset by peer\"] [region_id=11]",
                "[store.rs:233] [\"send snapshot failed\"] [err=\"deadline exceeded\"] [region_id=12]",
                "[store.rs:233] [\"send snapshot failed\"] [err=\"store 4 is tombstone\"] [region_id=13]",
                "[store.rs:233] [\"send snapshot failed\"] [err=\"deadline exceeded\"] [region_id=14]");
        assertThat(groups(8, lines)).isEqualTo(1);
    }

    /** A JSON line as zap, logrus, bunyan or pino write it: the keys are names and "msg" is the event. */
    @Test
    void aJsonLinesKeysAndMessageAreText() {
        List<String> lines = Mining.interleaved(3,
                "{\"level\":\"info\",\"ts\":\"2026-12-01T10:00:0#Z\",\"msg\":\"compact tree index\",\"revision\":#}",
                "{\"level\":\"info\",\"ts\":\"2026-12-01T10:00:0#Z\",\"msg\":\"finished scheduled compaction\",\"took\":\"#ms\"}",
                "{\"level\":\"info\",\"ts\":\"2026-12-01T10:00:0#Z\",\"msg\":\"saved snapshot\",\"index\":#}",
                "{\"level\":\"warn\",\"ts\":\"2026-12-01T10:00:0#Z\",\"msg\": \"slow fdatasync\",\"took\":\"#s\"}");
        assertThat(groups(7, lines)).isLessThan(4);
        assertThat(groups(8, lines)).isEqualTo(4);
        // a quoted value followed by a colon in a sentence is still a value: one host, one template
        assertThat(groups(8, Mining.interleaved(3, "disabling checks on host \"web-#\": interface unavailable"))).isEqualTo(1);
    }

    /** strerror's text with errno after it: the number decides the text, however many words the texts share. */
    @Test
    void anErrorsTextBeforeItsNumberIsOneValue() {
        List<String> lines = Mining.interleaved(3,
                "socket recv error for peer=#: Connection reset by peer (104)",
                "socket recv error for peer=#: Connection timed out (110)",
                "socket recv error for peer=#: No route to host (113)");
        assertThat(groups(7, lines)).isGreaterThan(1);
        assertThat(groups(8, lines)).isEqualTo(1);
        // without the number after it, a phrase ending the message after a key is still the event's own
        assertThat(groups(8, Mining.interleaved(3, "token check for user=#: signature expired",
                "token check for user=#: issuer is not trusted", "token check for user=#: audience mismatch for client"))).isEqualTo(3);
    }

    /**
     * Some messages are written with the client's name and without it: in two places. Version 7 took
     * such a message for a value a log names in several events and merged every message after the
     * name into one template; but the words around it are the same in both places, only a value differs.
     */
    @Test
    void messagesAfterAnOptionalFieldStayTheEventsTheySay() {
        List<String> lines = Mining.interleaved(3,
                "10.0.0.#:4222 - cid:# - \"app-#\" - Client connection closed: Client Closed",
                "10.0.0.#:4222 - cid:# - Client connection closed: Client Closed",
                "10.0.0.#:4222 - cid:# - \"app-#\" - Client connection closed: Read Error",
                "10.0.0.#:4222 - cid:# - Client connection closed: Read Error",
                "10.0.0.#:4222 - cid:# - \"app-#\" - Client connection closed: Slow Consumer (Write Deadline)",
                "10.0.0.#:4222 - cid:# - Client connection closed: Slow Consumer (Write Deadline)",
                "10.0.0.#:4222 - cid:# - \"app-#\" - TLS handshake complete",
                "10.0.0.#:4222 - cid:# - TLS handshake complete",
                "10.0.0.#:4222 - cid:# - \"app-#\" - Stale Client Connection - Closing",
                "10.0.0.#:4222 - cid:# - \"app-#\" - Readloop processing time: #.5ms",
                "10.0.0.#:4222 - cid:# - \"app-#\" - Publish Violation - User \"svc-#\", Subject orders.#",
                "10.0.0.#:4222 - cid:# - \"app-#\" - Authorization Violation");
        assertThat(eventsApart(7, lines)).isFalse();
        assertThat(eventsApart(8, lines)).isTrue();
    }

    /** Whether lines of different messages (the words after the last " - ", up to a value) never share a template. */
    private static boolean eventsApart(int settingsVersion, List<String> lines) {
        DrainMiner miner = new DrainMiner(new Masker(Masker.defaultRules(settingsVersion)), DrainSettings.defaults(),
                settingsVersion);
        List<Integer> ids = Mining.assign(miner, lines);
        Map<Integer, String> messageOf = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String message = line.substring(line.lastIndexOf(" - ") + 3).replaceAll("[:0-9].*", "");
            if (!messageOf.computeIfAbsent(ids.get(i), id -> message).equals(message)) {
                return false;
            }
        }
        return true;
    }
}
