package io.logwarden.ops;

import com.zaxxer.hikari.SQLExceptionOverride;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Set;

/**
 * Tells the connection pool that an embedded H2 database it holds connections to has closed itself. H2 closes a
 * file database after a write it could not finish (disk full, an I/O error): from then on every pooled connection
 * answers "The database has been closed" (90098), while Hikari evicts only connections whose errors carry SQLState
 * class 08 and a few vendor codes. Those dead connections would be handed out for ever: the pipeline retried its
 * alert every 30 s without end until a restart (seen with the data directory on a full filesystem, after space was
 * freed again). Evicted, the next connection opens the file anew and H2 recovers its last committed state.
 * Configured as {@code spring.datasource.hikari.exception-override-class-name}; other databases' errors are left
 * to Hikari's own rules.
 */
public class EmbeddedDatabaseClosed implements SQLExceptionOverride {

    /**
     * H2's SQLStates (its error codes as text) meaning the database itself is gone or failed to write:
     * 90098 closed, 90121 closed at shutdown, 90028/90031 I/O error, 90100 no disk space.
     */
    static final Set<String> CLOSED = Set.of("90098", "90121", "90028", "90031", "90100");

    /** H2's general error: its SQLState and vendor code. */
    private static final String GENERAL_ERROR_STATE = "HY000";
    private static final int GENERAL_ERROR_CODE = 50000;

    @java.lang.Override // Hikari's nested enum is named Override too
    public Override adjudicate(SQLException failure) {
        return closedOrFailedToWrite(failure) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
    }

    /**
     * The embedded database closed itself, or failed a write on its file: H2 reports a write that the disk refused
     * (MVStore over "No space left on device") as its general error, not as an I/O error, when it is the first write
     * to a file opened again. Taken for a bad row, the alert of that line was dropped in a clean-clone rehearsal.
     */
    static boolean closedOrFailedToWrite(SQLException failure) {
        if (CLOSED.contains(failure.getSQLState())) {
            return true;
        }
        if (!GENERAL_ERROR_STATE.equals(failure.getSQLState()) || failure.getErrorCode() != GENERAL_ERROR_CODE) {
            return false;
        }
        for (Throwable t = failure.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
