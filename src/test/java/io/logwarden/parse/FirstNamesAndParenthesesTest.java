package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Version 7's refine() for names opening a message, names of several words, runs with one word
 * around them and text in parentheses (issue 17), with lines made up for this test from the shapes
 * of generate7.py's design kinds: the player, user or job a line is about written first, a task's
 * name started and finished, a reason or cause in parentheses. And what stays apart: words opening
 * a message where no value shows the place holds values, a plain word beside one value.
 */
class FirstNamesAndParenthesesTest {

    private static int groups(int settingsVersion, List<String> lines) {
        return Mining.groups(settingsVersion, lines);
    }

    private static List<String> lines(int perPattern, String... patterns) {
        return Mining.interleaved(perPattern, patterns);
    }

    @Test
    void namesOpeningAMessageAreOneEventWhenOneOfThemIsAValue() {
        // rolf7 has a digit, so the tree put it on the <*> branch: the evidence the place holds values
        List<String> lines = lines(3, "ann_b signed off after # s", "Zed signed off after # s", "rolf7 signed off after # s",
                "kimTan signed off after # s");
        assertThat(groups(6, lines)).isGreaterThanOrEqualTo(3);
        assertThat(groups(7, lines)).isEqualTo(1);
    }

    @Test
    void wordsOpeningAMessageWithoutAValueAmongThemStayApart() {
        List<String> lines = lines(3, "Started nightly backup of # volumes", "Stopped nightly backup of # volumes",
                "Skipped nightly backup of # volumes");
        assertThat(groups(7, lines)).isEqualTo(3);
    }

    @Test
    void aNameFoundToBeAValueIsOneWhereverItIsWritten() {
        List<String> lines = lines(3, "ann_b signed off after # s", "Zed signed off after # s", "rolf7 signed off after # s",
                "Kicking Zed for flooding", "Kicking ann_b for flooding");
        assertThat(groups(7, lines)).isEqualTo(2);
    }

    @Test
    void anIdentifierBesideAValueIsOneButAPlainWordStaysApart() {
        // two tokens: Drain's similarity keeps each first word apart online
        List<String> lines = lines(3, "node7 offline", "build-east offline", "node12 offline");
        assertThat(groups(6, lines)).isEqualTo(3);
        assertThat(groups(7, lines)).isEqualTo(1);
        // with one value beside it, a plain word may be another event's; three templates are evidence enough
        assertThat(groups(7, lines(3, "node7 offline", "Network offline"))).isEqualTo(2);
        assertThat(groups(7, lines(3, "node7 offline", "build-east offline"))).isEqualTo(1);
    }

    @Test
    void aNameOfSeveralWordsJoinsATemplateOpeningWithAValue() {
        List<String> lines = lines(3, "deploy-api run ## ended with state done", "nightly7 run ## ended with state done",
                "Weekly data export run ## ended with state done");
        assertThat(groups(7, lines)).isEqualTo(1);
    }

    @Test
    void aTaskNamedInTwoEventsIsOneValueWithOneWordAroundIt() {
        List<String> lines = lines(3, "Began disk scrub", "Began index rebuild", "Began cache warm up",
                "Ended disk scrub. # ms", "Ended index rebuild. # ms", "Ended cache warm up. # ms");
        assertThat(groups(6, lines)).isEqualTo(6);
        assertThat(groups(7, lines)).isEqualTo(2);
    }

    @Test
    void textInParenthesesAfterTheEventsWordsIsOneValue() {
        List<String> lines = lines(3, "Dropped client # of pool main (peer reset the link)",
                "Dropped client # of pool main (keepalive timed out)", "Dropped client # of pool main (read error on the link)");
        assertThat(groups(6, lines)).isEqualTo(3);
        assertThat(groups(7, lines)).isEqualTo(1);
    }

    @Test
    void wordsBetweenTwoParenthesesAreTheEventsOwn() {
        List<String> lines = lines(3, "Swap on pool (fast tier) moved to (slow tier)", "Swap on pool (fast tier) copied to (slow tier)",
                "Swap on pool (fast tier) mirrored to (slow tier)");
        assertThat(groups(7, lines)).isEqualTo(3);
    }
}
