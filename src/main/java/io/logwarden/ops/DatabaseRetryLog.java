package io.logwarden.ops;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.SQLException;

/**
 * Tells the operator that the pipeline is waiting for the database (routes/errors.yaml, onRedeliveryRef of
 * the transient database failures): which route, which line, which attempt, and that nothing is lost meanwhile.
 */
@Component
public class DatabaseRetryLog implements Processor {

    private static final Logger log = LoggerFactory.getLogger("io.logwarden.pipeline");

    private final Counter retries;
    private final FailedLine lines;
    private final ObjectProvider<DataSource> dataSource;

    public DatabaseRetryLog(MeterRegistry meters, FailedLine lines, ObjectProvider<DataSource> dataSource) {
        this.lines = lines;
        this.dataSource = dataSource;
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
        evictFromAnEmbeddedDatabase();
    }

    /**
     * For the embedded H2 database: H2 closes its file after a write it could not finish (disk full, an I/O error;
     * {@link EmbeddedDatabaseClosed}), and the pool evicts a connection to it only when that one fails in use. An
     * idle one keeps the closed database open, and a new connection joins it and fails too: after the disk took
     * writes again the retries failed for 60 to 90 s, until Hikari's housekeeping had dropped the idle ones (one CI
     * run timed out). The error that reaches here is often only the rollback's "Connection is closed", so every
     * retry against H2 evicts them all, and the next connection opens the file anew. In process this costs little;
     * a server database's pool is left to Hikari.
     */
    private void evictFromAnEmbeddedDatabase() {
        DataSource source = dataSource.getIfAvailable();
        HikariDataSource hikari;
        try {
            hikari = source == null || !source.isWrapperFor(HikariDataSource.class) ? null : source.unwrap(HikariDataSource.class);
        } catch (SQLException e) {
            hikari = null;
        }
        if (hikari != null && hikari.getJdbcUrl() != null && hikari.getJdbcUrl().startsWith("jdbc:h2:")
                && hikari.getHikariPoolMXBean() != null) {
            hikari.getHikariPoolMXBean().softEvictConnections();
            log.info("Evicted the pooled connections to the embedded database before the retry: if H2 closed its file "
                    + "after a write it could not finish (disk full, an I/O error), the next connection opens it anew");
        }
    }
}
