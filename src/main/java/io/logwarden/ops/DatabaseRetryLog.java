package io.logwarden.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells the operator that the pipeline is waiting for the database (routes/errors.yaml, onRedeliveryRef of
 * the transient database failures): which route, which line, which attempt, and that nothing is lost meanwhile.
 */
@Component
public class DatabaseRetryLog implements Processor {

    private static final Logger log = LoggerFactory.getLogger("io.logwarden.pipeline");

    private final Counter retries;
    private final FailedLine lines;

    public DatabaseRetryLog(MeterRegistry meters, FailedLine lines) {
        this.lines = lines;
        this.retries = Counter.builder("logwarden.database.retries")
                .description("Pipeline steps retried because the database was unavailable (nothing dropped; reading waits)")
                .register(meters);
    }

    @Override
    public void process(Exchange exchange) {
        retries.increment();
        Throwable cause = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
        String route = exchange.getProperty(ExchangePropertyKey.FAILURE_ROUTE_ID, String.class);
        log.warn("Database unavailable in route {} for {}: {}; retry {} (backoff doubling up to 30 s). "
                        + "Its line stays unacknowledged until the database answers: nothing is dropped, and reading waits",
                route == null ? exchange.getFromRouteId() : route, lines.describe(exchange),
                cause == null ? "?" : cause.getClass().getSimpleName() + ": " + cause.getMessage(),
                exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER));
    }
}
