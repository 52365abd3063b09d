package io.logwarden.tail;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LineOriginTest {

    @Test
    void theFileIdentityAnAgentSendsCarriesTheCutsInPlace() {
        LineOrigin first = new LineOrigin("/var/log/app.log", 2049, 77, 0xabcL, 0, 12, 400);
        LineOrigin afterCut = new LineOrigin("/var/log/app.log", 2049, 77, 0xabcL, 2, 12, 400);
        // unchanged for a file never cut: detectors keep the keys of alerts stored before the count existed
        assertThat(first.fileIdentity()).isEqualTo("2049:77:abc");
        assertThat(afterCut.fileIdentity()).isEqualTo("2049:77:abc~2");
        assertThat(afterCut.idempotencyKey()).isNotEqualTo(first.idempotencyKey());
    }
}
