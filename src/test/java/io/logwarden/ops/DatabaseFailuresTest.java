package io.logwarden.ops;

import org.hibernate.TransactionException;
import com.zaxxer.hikari.SQLExceptionOverride;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.jpa.JpaSystemException;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures routes/errors.yaml retries: the shapes PostgreSQL and Hikari produce when the database goes away. */
class DatabaseFailuresTest {

    @Test
    void aConnectionTerminatedByTheServerIsTheDatabaseBeingUnavailable() {
        // what a pg_terminate_backend or a failover gives the insert, and then the rollback
        SQLException terminated = new SQLException("FATAL: terminating connection due to administrator command", "57P01");
        SQLException closed = new SQLException("Connection is closed"); // Hikari's proxy of a broken connection: no SQLState
        assertThat(DatabaseFailures.causedByUnavailableDatabase(new JpaSystemException(new RuntimeException(terminated)))).isTrue();
        assertThat(DatabaseFailures.causedByUnavailableDatabase(new JpaSystemException(
                new TransactionException("Unable to rollback against JDBC Connection", closed)))).isTrue();
        assertThat(DatabaseFailures.causedByUnavailableDatabase(new SQLTransientConnectionException("Connection is not available, request timed out")))
                .isTrue();
    }

    @Test
    void anEmbeddedDatabaseThatClosedItselfIsUnavailableAndItsConnectionsAreEvicted() {
        // what H2 answers on every pooled connection after a write it could not finish (a full disk)
        SQLException closed = new SQLException("The database has been closed [90098-232]", "90098", 90098);
        assertThat(DatabaseFailures.causedByUnavailableDatabase(new JpaSystemException(new RuntimeException(closed)))).isTrue();
        assertThat(new EmbeddedDatabaseClosed().adjudicate(closed)).isEqualTo(SQLExceptionOverride.Override.MUST_EVICT);
        assertThat(new EmbeddedDatabaseClosed().adjudicate(new SQLException("duplicate key", "23505")))
                .as("anything else: Hikari's own rules").isEqualTo(SQLExceptionOverride.Override.CONTINUE_EVICT);
    }

    @Test
    void anEmbeddedDatabaseFailingToWriteItsFileIsUnavailable() {
        // H2 opened again on a disk that still refuses writes: its general error over MVStore's failed write
        SQLException refused = new SQLException("General error: \"org.h2.mvstore.MVStoreException: Could not write to file\"",
                "HY000", 50000, new IllegalStateException("Could not write to file", new java.io.IOException("No space left on device")));
        assertThat(DatabaseFailures.causedByUnavailableDatabase(new JpaSystemException(new RuntimeException(refused)))).isTrue();
        assertThat(new EmbeddedDatabaseClosed().adjudicate(refused)).isEqualTo(SQLExceptionOverride.Override.MUST_EVICT);
        SQLException bug = new SQLException("General error: \"java.lang.NullPointerException\"", "HY000", 50000,
                new NullPointerException());
        assertThat(DatabaseFailures.causedByUnavailableDatabase(bug)).as("a general error that is no I/O failure").isFalse();
    }

    @Test
    void aBadRowOrAConstraintIsNot() {
        assertThat(DatabaseFailures.causedByUnavailableDatabase(new DataIntegrityViolationException("duplicate key",
                new SQLIntegrityConstraintViolationException("duplicate key value violates unique constraint", "23505")))).isFalse();
        assertThat(DatabaseFailures.causedByUnavailableDatabase(new IllegalArgumentException("no such severity"))).isFalse();
        assertThat(DatabaseFailures.causedByUnavailableDatabase(new SQLException("value too long for type character varying(64)", "22001"))).isFalse();
        assertThat(DatabaseFailures.causedByUnavailableDatabase(null)).isFalse();
    }
}
