package io.logwarden.parse;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * Regexes operators wrote that gave up on a message after their {@link MatchDeadline} budget, on
 * /actuator/prometheus as {@code logwarden_parser_regex_gave_up_total{regex="mask|format"}}: a
 * {@code logwarden.parser.masks} pattern or the line format that backtracks without end there.
 * Anything above zero means such messages are not masked (mask) or are mined whole (format).
 */
@Component
public class RegexBudgetMetrics implements MeterBinder {

    private final LogParser parser;

    public RegexBudgetMetrics(LogParser parser) {
        this.parser = parser;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("logwarden.parser.regex.gave.up", parser, p -> Masker.userRuleTimeouts()).tag("regex", "mask")
                .description("messages a logwarden.parser.masks pattern gave up on after its time budget (left unmasked)")
                .register(registry);
        FunctionCounter.builder("logwarden.parser.regex.gave.up", parser, LogParser::formatTimeouts).tag("regex", "format")
                .description("lines the log format's regex gave up on after its time budget (mined whole)")
                .register(registry);
    }
}
