package io.logwarden.training;

import io.logwarden.model.DeepLogNetwork;
import io.logwarden.model.Detector;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OperatingPointTest {

    private static final OperatingPoint.Rule RULE = OperatingPoint.Rule.defaults();

    @Test
    void aValidationSliceOfFamiliarTransitionsDoesNotLiftTheFloorAboveAnUnseenFollower() {
        // every validation key followed a familiar history: the least likely is 0.03
        List<Detector.WindowVerdict> windows = List.of(window(1, 0.9), window(2, 0.03));
        double unseen = DeepLogNetwork.unseenFollowerProbability(17);
        OperatingPoint.Choice choice = OperatingPoint.choose(RULE, List.of(new OperatingPoint.Unit(2, 0.03, false)), windows, 14,
                true, 0, "sessions", unseen);
        assertThat(choice.floor()).isCloseTo(unseen * RULE.floorFactor(), within(1e-12));
        assertThat(choice.floor()).isLessThan(unseen);
    }

    @Test
    void aRareValidationKeySetsTheFloorBelowIt() {
        List<Detector.WindowVerdict> windows = List.of(window(1, 0.9), window(5, 1e-6));
        OperatingPoint.Choice choice = OperatingPoint.choose(RULE, List.of(new OperatingPoint.Unit(5, 1e-6, false)), windows, 14,
                true, 0, "sessions", DeepLogNetwork.unseenFollowerProbability(17));
        assertThat(choice.floor()).isCloseTo(1e-6 * RULE.floorFactor(), within(1e-15));
    }

    private static Detector.WindowVerdict window(int rank, double p) {
        return new Detector.WindowVerdict(false, rank, p, false, false, false);
    }
}
