package io.logwarden.ops;

import io.logwarden.parse.LineHeaders;
import io.logwarden.scoring.Score;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Which line a failed pipeline message was about, for the operator's log line. A score's exchange carries the
 * headers of the line its batch was formed at, not of the window's own last line; the score (exchange property
 * {@code LogwardenScore}, set for each alert of a scored batch by route-scores) says which line the lost alert belonged to.
 */
@Component
public class FailedLine {

    static final String SCORE_PROPERTY = "LogwardenScore";

    public String describe(Exchange exchange) {
        Score score = exchange.getProperty(SCORE_PROPERTY, Score.class);
        if (score != null) {
            return score.source() + " line " + score.lastLine();
        }
        return exchange.getMessage().getHeader(LineHeaders.SOURCE) + " line " + exchange.getMessage().getHeader(LineHeaders.LINE_NUMBER);
    }
}
