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

    @Test
    void aSliceTooSmallToShowTheTargetTakesTheCapNotTheSmallestGItCannotTellApart() {
        // 120 sessions, none flagged at any g: they cannot show 0.2% (one flag would be 0.8%)
        List<OperatingPoint.Unit> units = java.util.stream.IntStream.range(0, 120)
                .mapToObj(i -> new OperatingPoint.Unit(1 + i % 3, 0.05, i % 2 == 0)).toList();
        List<Detector.WindowVerdict> windows = List.of(window(1, 0.9), window(3, 0.05));
        OperatingPoint.Choice choice = OperatingPoint.choose(RULE, units, windows, 14, true, 0, "sessions",
                DeepLogNetwork.unseenFollowerProbability(17));
        assertThat(OperatingPoint.flagged(units, 3, choice.floor(), true)).isZero();
        assertThat(choice.g()).isEqualTo(RULE.cap(14));
        assertThat(choice.explanation()).contains("the cap").contains("120 validation sessions cannot show");
        assertThat(choice.warnings()).anySatisfy(w -> assertThat(w).contains("too small").contains("the cap"));
    }

    @Test
    void aSliceLargeEnoughTakesTheSmallestGMeetingTheTarget() {
        // 1,000 sessions: two keys outside the top 2 with a broken invariant, allowed two flags (0.2%)
        List<OperatingPoint.Unit> units = java.util.stream.IntStream.range(0, 1000)
                .mapToObj(i -> new OperatingPoint.Unit(i < 2 ? 4 : i < 10 ? 3 : 1, 0.05, i < 10)).toList();
        OperatingPoint.Choice choice = OperatingPoint.choose(RULE, units, List.of(window(1, 0.9), window(4, 0.05)), 14, true, 0,
                "sessions", DeepLogNetwork.unseenFollowerProbability(17));
        assertThat(choice.g()).isEqualTo(3);
        assertThat(choice.warnings()).noneSatisfy(w -> assertThat(w).contains("too small: 1000"));
    }

    private static Detector.WindowVerdict window(int rank, double p) {
        return new Detector.WindowVerdict(false, rank, p, false, false, false);
    }
}
