package io.logwarden.scoring;

import io.logwarden.parse.LogEvent;
import io.logwarden.window.Window;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StatisticalScorerTest {

    private final StatisticalScorer scorer = new StatisticalScorer(new ScoringProperties(4, 7, 9, 7, 20));

    private static Window window(int... ids) {
        List<LogEvent> events = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            events.add(new LogEvent("x.log", i + 1, "line " + ids[i], "line " + ids[i], Map.of(), ids[i], "template " + ids[i], List.of(), Instant.now()));
        }
        return new Window("x.log", "x.log", events);
    }

    private Score score(int... ids) {
        return scorer.score(List.of(window(ids))).get(0);
    }

    private void learnCycle(int times) {
        for (int i = 0; i < times; i++) {
            score(1, 2, 3, 1);
            score(2, 3, 1, 2);
            score(3, 1, 2, 3);
        }
    }

    @Test
    void noAlertsWhileWarmingUp() {
        Score first = score(1, 2, 3);
        assertThat(first.unseenTemplate()).isTrue();
        assertThat(first.score()).isEqualTo(StatisticalScorer.UNSEEN_TEMPLATE_SCORE);
        assertThat(first.alert()).isFalse();
        assertThat(first.reason()).contains("warming up");
    }

    @Test
    void windowsLearnedWhileTheModelAnsweredMakeATakeoverWarm() {
        List<Window> scoredByTheModel = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            scoredByTheModel.add(window(1, 2, 3, 1));
            scoredByTheModel.add(window(2, 3, 1, 2));
        }
        scorer.learn(scoredByTheModel);
        assertThat(scorer.learnedWindows()).isEqualTo(20);
        Score brokenOrder = score(1, 2, 3, 3);
        assertThat(brokenOrder.reason()).doesNotContain("warming up");
        assertThat(brokenOrder.alert()).isTrue();
    }

    @Test
    void aKnownOrderScoresLowAndExplainsItself() {
        learnCycle(10);
        Score normal = score(1, 2, 3, 1);
        assertThat(normal.score()).isLessThan(1.0);
        assertThat(normal.severity()).isEqualTo(Severity.LOW);
        assertThat(normal.alert()).isFalse();
        assertThat(normal.expected()).first().satisfies(p -> {
            assertThat(p.templateId()).isEqualTo(1);
            assertThat(p.template()).isEqualTo("template 1");
            assertThat(p.probability()).isEqualTo(1.0);
        });
        assertThat(normal.sequence()).containsExactly(1, 2, 3, 1);
        assertThat(normal.lastLine()).isEqualTo(4);
    }

    @Test
    void anUnseenTransitionIsAHighAlert() {
        learnCycle(10);
        Score broken = score(1, 2, 3, 2);
        assertThat(broken.score()).isBetween(8.0, 9.0);
        assertThat(broken.severity()).isEqualTo(Severity.HIGH);
        assertThat(broken.alert()).isTrue();
        assertThat(broken.reason()).contains("never followed");
    }

    @Test
    void anUnseenTemplateIsACriticalAlert() {
        learnCycle(10);
        Score unseen = score(1, 2, 3, 99);
        assertThat(unseen.unseenTemplate()).isTrue();
        assertThat(unseen.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(unseen.alert()).isTrue();
    }

    @Test
    void aRareButKnownOrderIsReportedWithoutAlerting() {
        learnCycle(10);
        score(1, 2, 3, 2);
        for (int i = 0; i < 200; i++) {
            score(2, 3, 1);
        }
        Score rare = score(1, 2, 3, 2);
        assertThat(rare.score()).isBetween(4.0, StatisticalScorer.KNOWN_TRANSITION_CAP);
        assertThat(rare.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(rare.alert()).isFalse();
    }
}
