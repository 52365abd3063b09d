package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Settings version 4's shapes (issue 17, found on log kinds nobody tuned for), each with lines made up
 * for this test in several formats: (a) events that differ in one constant word of a long line,
 * (b) free-text values of several words, (c) masks firing inside identifiers. Mined offline as the
 * {@code parse} command does ({@link Mining}: every line, {@link DrainMiner#refine()}, final ids).
 */
class WordConstantsTest {

    private final DrainMiner miner = new DrainMiner(Masker.withDefaults(List.of()), DrainSettings.defaults());
    private final Masker masker = Masker.withDefaults(List.of());

    /** Mines the lines in order and returns each line's final template text. */
    private List<String> templates(List<String> lines) {
        List<Integer> ids = Mining.assign(miner, lines);
        return ids.stream().map(id -> miner.template(id).orElseThrow().template()).toList();
    }

    /** The lines, interleaved as events arrive: line i of the result is event (i mod n)'s line i / n. */
    private static List<String> interleave(List<List<String>> events) {
        List<String> out = new ArrayList<>();
        int longest = events.stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (List<String> event : events) {
                if (i < event.size()) {
                    out.add(event.get(i));
                }
            }
        }
        return out;
    }

    private static List<String> numbered(String pattern, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(pattern.replace("#", Integer.toString(17 + i * 13)));
        }
        return out;
    }

    /** Template text per distinct line pattern: every line of one pattern gets the expected template. */
    private void assertTemplates(Map<String, String> expectedByLinePattern, int linesPerEvent) {
        List<List<String>> events = new ArrayList<>();
        for (String pattern : expectedByLinePattern.keySet()) {
            events.add(numbered(pattern, linesPerEvent));
        }
        List<String> lines = interleave(events);
        List<String> templates = templates(lines);
        Map<String, Set<String>> byEvent = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String pattern = List.copyOf(expectedByLinePattern.keySet()).get(i % expectedByLinePattern.size());
            byEvent.computeIfAbsent(pattern, k -> new java.util.HashSet<>()).add(templates.get(i));
        }
        expectedByLinePattern.forEach((pattern, expected) ->
                assertThat(byEvent.get(pattern)).as("templates of '" + pattern + "'").containsExactly(expected));
    }

    // ---- (a) one constant word tells two events apart ------------------------------------------

    @Test
    void theLastWordOfALongLineIsTheEvent() {
        Map<String, String> events = new java.util.LinkedHashMap<>();
        events.put("Connection to host 10.0.0.# closed by peer", "Connection to host <IP> closed by peer");
        events.put("Connection to host 10.0.0.# closed by timeout", "Connection to host <IP> closed by timeout");
        assertTemplates(events, 6);
    }

    @Test
    void aWordInTheMiddleIsTheEvent() {
        Map<String, String> events = new java.util.LinkedHashMap<>();
        events.put("Backup of volume vol-# completed successfully after # retries", "Backup of volume vol-<NUM> completed successfully after <NUM> retries");
        events.put("Backup of volume vol-# completed partially after # retries", "Backup of volume vol-<NUM> completed partially after <NUM> retries");
        events.put("Backup of volume vol-# completed late after # retries", "Backup of volume vol-<NUM> completed late after <NUM> retries");
        assertTemplates(events, 5);
    }

    @Test
    void aRoleWordAmongValuesIsTheEvent() {
        Map<String, String> events = new java.util.LinkedHashMap<>();
        events.put("[shard-#] replica # on 192.168.1.# is now leader", "[shard-<NUM>] replica <NUM> on <IP> is now leader");
        events.put("[shard-#] replica # on 192.168.1.# is now follower", "[shard-<NUM>] replica <NUM> on <IP> is now follower");
        assertTemplates(events, 4);
    }

    @Test
    void manyDifferentWordsAreAVariable() {
        List<String> users = List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi");
        List<String> lines = new ArrayList<>();
        for (String user : users) {
            lines.add("Session for " + user + " opened on tty" + lines.size());
            lines.add("Session for " + user + " opened on tty" + lines.size());
        }
        assertThat(Set.copyOf(templates(lines))).containsExactly("Session for <*> opened on <*>");
    }

    @Test
    void aWordSeenOnlyOnceOrTwiceIsAVariable() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            lines.add("Mounted share data" + i + " for group staff");
        }
        lines.add("Mounted share data9 for group admins");
        lines.add("Mounted share data9 for group admins");
        assertThat(Set.copyOf(templates(lines))).containsExactly("Mounted share <*> for group <*>");
    }

    @Test
    void onlineMiningIsUnchangedUntilRefined() {
        int a = miner.add("Volume 3 detached by operator").templateId();
        for (int i = 0; i < 4; i++) {
            assertThat(miner.add("Volume " + i + " detached by scheduler").templateId()).isEqualTo(a);
            miner.add("Volume " + i + " detached by operator");
        }
        assertThat(miner.template(a).orElseThrow().template()).isEqualTo("Volume <NUM> detached by <*>");
        assertThat(miner.refine()).isEqualTo(1);
        assertThat(miner.template(a).orElseThrow().template()).isEqualTo("Volume <NUM> detached by operator");
        int b = miner.refinedId(a, "Volume 7 detached by scheduler");
        assertThat(b).isNotEqualTo(a);
        assertThat(miner.template(b).orElseThrow().template()).isEqualTo("Volume <NUM> detached by scheduler");
        // new lines find their part directly
        assertThat(miner.add("Volume 9 detached by scheduler").templateId()).isEqualTo(b);
    }

    @Test
    void aSplitKeepsTheTemplateLimit() {
        DrainMiner limited = new DrainMiner(Masker.withDefaults(List.of()), new DrainSettings(0.65, 4, 100, 2));
        for (int i = 0; i < 4; i++) {
            limited.add("Volume " + i + " detached by scheduler");
            limited.add("Volume " + i + " detached by operator");
            limited.add("Disk " + i + " attached by scheduler");
            limited.add("Disk " + i + " attached by operator");
        }
        limited.refine();
        assertThat(limited.templateCount()).isLessThanOrEqualTo(2);
    }

    @Test
    void olderVersionsNeverSplit() {
        DrainMiner v3 = new DrainMiner(new Masker(Masker.V3_RULES), DrainSettings.defaults(), 3);
        for (int i = 0; i < 5; i++) {
            v3.add("Volume " + i + " detached by scheduler");
            v3.add("Volume " + i + " detached by operator");
        }
        assertThat(v3.refine()).isZero();
        assertThat(v3.templateCount()).isEqualTo(1);
    }

    // ---- (b) free text of several words is one value --------------------------------------------

    @Test
    void aQuotedCommentOfAnyLengthIsOneValue() {
        List<String> templates = templates(List.of(
                "Ticket 7: comment \"nice work\" posted by bob",
                "Ticket 8: comment \"please look at this again\" posted by amy",
                "Ticket 9: comment \"ok\" posted by joe"));
        assertThat(Set.copyOf(templates)).containsExactly("Ticket <NUM>: comment <QUOTED> posted by <*>");
    }

    @Test
    void singleQuotedNamesWithSpacesAreOneValue() {
        List<String> templates = templates(List.of(
                "Renamed 'My Documents/plan b.txt' to 'old plan.txt'",
                "Renamed 'notes.txt' to 'Archive 2024/notes.txt'",
                "Renamed 'a' to 'b'"));
        assertThat(Set.copyOf(templates)).containsExactly("Renamed <QUOTED> to <QUOTED>");
        assertThat(masker.mask("don't touch 'this one'")).isEqualTo("don't touch <QUOTED>");
    }

    @Test
    void aQuotedMessageOpeningTheLineIsTheEventNotAValue() {
        List<String> templates = templates(List.of(
                "\"Probe failed\" probeType=\"Readiness\" output=\"HTTP probe failed with statuscode: 503\"",
                "\"Probe failed\" probeType=\"Liveness\" output=\"connection refused\"",
                "\"Image pulled\" image=\"registry.example.com/shop/cart:v1.2\" output=\"done in 2s\""));
        assertThat(templates.get(0)).isEqualTo("\"Probe failed\" probeType=<QUOTED> output=<QUOTED>");
        assertThat(templates.get(1)).isEqualTo(templates.get(0));
        assertThat(templates.get(2)).isEqualTo("\"Image pulled\" image=<QUOTED> output=<QUOTED>");
    }

    // ---- (c) lists of varying length; masks match whole tokens ----------------------------------

    @Test
    void anUnbracketedListOfNamedValuesIsOneValueWhateverItsLength() {
        List<String> plugins = templates(List.of(
                "Loaded plugins: auth-2.1.so, cache-0.9.so, gzip-1.0.so",
                "Loaded plugins: auth-2.1.so",
                "Loaded plugins: metrics-3.3.so, auth-2.2.so"));
        assertThat(Set.copyOf(plugins)).containsExactly("Loaded plugins: <*>");
        List<String> keys = templates(List.of(
                "Evicted keys user:1001, user:1002, user:1003 from cache shard 4",
                "Evicted keys user:77 from cache shard 2",
                "Evicted keys user:5, session:9 from cache shard 1"));
        assertThat(Set.copyOf(keys)).containsExactly("Evicted keys <*> from cache shard <NUM>");
    }

    @Test
    void keySettingsSeparatedByCommasAreNotAList() {
        assertThat(templates(List.of("Process started with uid=1000, gid=1000, umask=0022")))
                .containsExactly("Process started with uid=<NUM>, gid=<NUM>, umask=<NUM>");
    }

    @Test
    void anAmountInsideAHyphenatedNameIsNotAnAmount() {
        assertThat(masker.mask("Scheduled pod web-5277e-8931d in 12ms")).isEqualTo("Scheduled pod web-5277e-8931d in <DURATION>");
        assertThat(masker.mask("job build_3m_cache took 3m0.5s")).isEqualTo("job build_3m_cache took <DURATION>");
        assertThat(masker.mask("volume data-20gb-ssd holds 20GB")).isEqualTo("volume data-20gb-ssd holds <SIZE>");
        assertThat(masker.mask("clock offset -5s, drift +2ms")).isEqualTo("clock offset <DURATION>, drift <DURATION>");
    }

    @Test
    void podNamesOfOneEventGroupTogether() {
        List<String> templates = templates(List.of(
                "Scheduled pod web-5277e-8931d on node-3",
                "Scheduled pod api-1234a-77s on node-4",
                "Scheduled pod web-9999f-1002h on node-7"));
        assertThat(Set.copyOf(templates)).containsExactly("Scheduled pod <*> on node-<NUM>");
    }
}
