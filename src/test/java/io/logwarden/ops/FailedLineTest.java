package io.logwarden.ops;

import io.logwarden.parse.LineHeaders;
import io.logwarden.scoring.Score;
import io.logwarden.scoring.Severity;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FailedLineTest {

    @Test
    void aFailedScoreNamesItsWindowsLastLineNotTheLineItsBatchFormedAt() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        // the headers of the line the batch formed at, as a black-box test saw them in the log (67 for 71)
        exchange.getMessage().setHeader(LineHeaders.SOURCE, "/var/log/p.log");
        exchange.getMessage().setHeader(LineHeaders.LINE_NUMBER, 67L);
        assertThat(new FailedLine().describe(exchange)).isEqualTo("/var/log/p.log line 67");
        exchange.setProperty(FailedLine.SCORE_PROPERTY, new Score(9, Severity.HIGH, true, List.of(1, 2), Instant.now(), "/var/log/p.log",
                "/var/log/p.log", 70, 71, List.of(), List.of(), "deeplog", false, List.of(), "test"));
        assertThat(new FailedLine().describe(exchange)).isEqualTo("/var/log/p.log line 71");
    }
}
