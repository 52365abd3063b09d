package io.logwarden.training;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DetectorTrainingTest {

    /** A target of 5% needs 20 validation sessions to show one false alarm. */
    private static final OperatingPoint.Rule RULE = new OperatingPoint.Rule(0.05, 0.001, 1.0 / 3, 0.1);
    private static final DetectorTraining.Options OPTIONS =
            new DetectorTraining.Options(3, 16, 1, 2, 1L, 0, 0.15, RULE, "", List.of());

    @Test
    void aValidationSliceTooSmallForTheTargetGivesWayToCrossFittingOverEveryTrainingSession() {
        // 15% of 60 sessions is 9, fewer than the 20 the target needs
        try (DetectorTraining.Trained trained = DetectorTraining.sessions("small", sessions(60), OPTIONS, (e, n, l, s) -> { })) {
            assertThat(trained.choice().explanation())
                    .contains("5-fold cross-fitting over all 60 training sessions")
                    .contains("validation cross-fitted sessions");
            assertThat(trained.settings().topG()).isBetween(1, RULE.cap(trained.vocabulary().size()));
            // the shipped network has no unseen sessions left: it trains for the folds' median choice
            assertThat(trained.epochs()).matches("epochs: (\\d) of 2, the median of the 5 cross-fitted networks' choices \\[[12], [12], [12], [12], [12]\\].*");
            assertThat(trained.epochs()).startsWith("epochs: " + trained.fit().epoch() + " of 2");
            assertThat(trained.fit().validationWindows()).isZero();
        }
    }

    @Test
    void aValidationSliceLargeEnoughForTheTargetChoosesAlone() {
        // 15% of 200 sessions is 30, enough for the 20 the target needs
        try (DetectorTraining.Trained trained = DetectorTraining.sessions("large", sessions(200), OPTIONS, (e, n, l, s) -> { })) {
            assertThat(trained.choice().explanation()).doesNotContain("cross-fitting").contains("of 30 validation sessions");
            assertThat(trained.epochs()).startsWith("epochs: " + trained.fit().epoch() + " of 2, lowest validation loss");
            assertThat(trained.fit().validationWindows()).as("the windows of the 30 validation sessions").isPositive();
        }
    }

    /** Sessions of a block's life: open, a few writes (each acknowledged), sometimes a replica, close. */
    private static List<List<Integer>> sessions(int n) {
        Random random = new Random(7);
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Integer> s = new ArrayList<>(List.of(1, 2));
            int writes = 1 + random.nextInt(3);
            for (int w = 0; w < writes; w++) {
                s.add(3);
                s.add(4);
            }
            if (random.nextInt(4) == 0) s.add(5);
            s.add(6);
            out.add(s);
        }
        return out;
    }
}
