package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Settings version 5's shapes (issue 17), with lines made up for this test: (a) names at one position
 * (dotted, slashed, ids with values inside) are one slot, while keys stay apart; (b) only plain words
 * can be constants for {@link DrainMiner#refine()}: identifiers, truth values and a key's value are
 * values however few and frequent; (c) a quoted HTTP request line keeps its method. Each is checked
 * against version 4, which a model written by it keeps.
 */
class NamesAndPlainWordsTest {

    private static int groups(int settingsVersion, List<String> lines) {
        return Mining.groups(settingsVersion, lines);
    }

    private static List<String> lines(int perPattern, String... patterns) {
        return Mining.interleaved(perPattern, patterns);
    }

    @Test
    void dottedAndSlashedNamesAreOneSlot() {
        List<String> lines = lines(4, "focus com.example.mail/.InboxActivity", "focus org.acme.chat/.ui.Main",
                "focus net.example.player/.NowPlaying");
        assertThat(groups(4, lines)).isEqualTo(3);
        assertThat(groups(5, lines)).isEqualTo(1);
    }

    @Test
    void idsWhoseLettersDifferAreOneSlot() {
        List<String> lines = lines(4, "Scheduling task_1700000000_00#_m_0000#", "Scheduling task_1700000000_00#_r_0000#");
        assertThat(groups(4, lines)).isEqualTo(2);
        assertThat(groups(5, lines)).isEqualTo(1);
    }

    @Test
    void keysWithValuesStayApart() {
        List<String> lines = lines(4, "reset pid=#", "reset uid=#");
        assertThat(groups(5, lines)).isEqualTo(2);
    }

    /** Two events of two lines each, differing in one word: version 4's refine() splits both, version 5 neither. */
    private static void assertOneTemplatePerEventFromVersionFive(String... twoEventsOfTwoLines) {
        List<String> lines = lines(5, twoEventsOfTwoLines);
        assertThat(groups(4, lines)).isEqualTo(4);
        assertThat(groups(5, lines)).isEqualTo(2);
    }

    @Test
    void identifiersAreNotConstantsHoweverFrequent() {
        assertOneTemplatePerEventFromVersionFive(
                "Upload of part # to the archive failed with code ERR_TIMEOUT after # tries",
                "Upload of part # to the archive failed with code ERR_DISK_FULL after # tries",
                "Backup run # for tenant acme-eu finished, nothing was left over from the previous one",
                "Backup run # for tenant globex-us finished, nothing was left over from the previous one");
    }

    @Test
    void truthValuesAndAKeysValueAreNotConstants() {
        assertOneTemplatePerEventFromVersionFive(
                "Loaded module # of the reporting service with caching: enabled",
                "Loaded module # of the reporting service with caching: disabled",
                "Cache warm-up of region # was done with compression set to true",
                "Cache warm-up of region # was done with compression set to false");
    }

    @Test
    void plainWordsStillTellEventsApart() {
        List<String> lines = lines(5, "Replica # of the order store was stopped by the operator",
                "Replica # of the order store was started by the operator");
        assertThat(groups(5, lines)).isEqualTo(2);
    }

    @Test
    void aQuotedRequestLineKeepsItsMethod() {
        List<String> lines = lines(4, "10.2.0.# \"GET /api/orders/# HTTP/1.1\" status: 200 len: #",
                "10.2.0.# \"DELETE /api/orders/# HTTP/1.1\" status: 204 len: #");
        assertThat(groups(4, lines)).isEqualTo(1);
        assertThat(groups(5, lines)).isEqualTo(2);
        // any other quoted text is still one value
        assertThat(groups(5, lines(4, "user # wrote \"see you at #\" in the chat", "user # wrote \"ok\" in the chat")))
                .isEqualTo(1);
    }
}
