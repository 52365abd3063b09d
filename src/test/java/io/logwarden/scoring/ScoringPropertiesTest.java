package io.logwarden.scoring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScoringPropertiesTest {

    private final ScoringProperties defaults = ScoringProperties.defaults();

    @Test
    void theOriginalSpecificationsExampleHolds() {
        assertThat(defaults.severityOf(8.5)).isEqualTo(Severity.HIGH);
        assertThat(defaults.isAlert(8.5)).isTrue();
    }

    @Test
    void bandsCoverTheWholeScale() {
        assertThat(defaults.severityOf(0)).isEqualTo(Severity.LOW);
        assertThat(defaults.severityOf(4)).isEqualTo(Severity.MEDIUM);
        assertThat(defaults.severityOf(6.99)).isEqualTo(Severity.MEDIUM);
        assertThat(defaults.severityOf(7)).isEqualTo(Severity.HIGH);
        assertThat(defaults.severityOf(9)).isEqualTo(Severity.CRITICAL);
        assertThat(defaults.severityOf(10)).isEqualTo(Severity.CRITICAL);
        assertThat(defaults.isAlert(6.99)).isFalse();
    }

    @Test
    void refusesThresholdsOutOfOrder() {
        assertThatThrownBy(() -> new ScoringProperties(8, 7, 9, 7, 0)).hasMessageContaining("medium <= high");
        assertThatThrownBy(() -> new ScoringProperties(4, 7, 9, 11, 0)).hasMessageContaining("alert");
    }
}
