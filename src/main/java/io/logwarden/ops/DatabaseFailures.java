package io.logwarden.ops;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Whether a pipeline failure is the database being unavailable, so that routes/errors.yaml retries the step
 * instead of dropping the alert. Camel picks an onException clause by the innermost cause, and the drivers
 * throw plain {@link SQLException}s there: PostgreSQL terminating a connection mid-transaction surfaces as
 * {@code PSQLException} (SQLState 57P01 "terminating connection due to administrator command", 08006 on a
 * broken socket), and the rollback that follows finds the pool's connection closed (Hikari's plain "Connection
 * is closed", no SQLState) inside Hibernate's "Unable to rollback against JDBC Connection", wrapped by Spring in a
 * class that says nothing of the outage. So the whole cause chain is read: the JDBC and Spring transient/recoverable types, and the
 * SQLState classes of the SQL standard that mean "not now" rather than "never": 08 connection exception,
 * 53 insufficient resources, 57 operator intervention, 58 system error, and the embedded H2 database closed or
 * failing to write, also as its general error over an I/O failure ({@link EmbeddedDatabaseClosed}). A constraint violation (23) or a bad row stays a permanent failure.
 */
@Component
public class DatabaseFailures {

    private static final Set<String> UNAVAILABLE_STATE_CLASSES = Set.of("08", "53", "57", "58");

    /** The predicate of the retried clause in routes/errors.yaml. */
    public boolean unavailable(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
        return causedByUnavailableDatabase(failure);
    }

    /** Whether the database being unavailable, not the request or the row, is what failed (also for the API's 503). */
    public static boolean causedByUnavailableDatabase(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof org.hibernate.exception.JDBCConnectionException
                    || t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException) {
                return true;
            }
            // "Unable to rollback against JDBC Connection": the connection died under the transaction (the pool's
            // proxy then says only "Connection is closed", with no SQLState), so nothing was committed
            if (t instanceof org.hibernate.TransactionException && t.getCause() instanceof SQLException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && (EmbeddedDatabaseClosed.closedOrFailedToWrite(sql)
                    || sql.getSQLState().length() >= 2 && UNAVAILABLE_STATE_CLASSES.contains(sql.getSQLState().substring(0, 2)))) {
                return true;
            }
        }
        return false;
    }
}
