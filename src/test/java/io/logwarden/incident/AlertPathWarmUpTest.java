package io.logwarden.incident;

import io.logwarden.alert.AlertRepository;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.SimpleTransactionStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The start-up warm-up of the alert path: the queries run, nothing stays, and a failing database does not stop the start. */
class AlertPathWarmUpTest {

    private final AlertRepository alerts = mock(AlertRepository.class);
    private final IncidentRepository incidents = mock(IncidentRepository.class);
    private final PlatformTransactionManager transactions = mock(PlatformTransactionManager.class);
    private final SimpleTransactionStatus status = new SimpleTransactionStatus();

    @Test
    void runsTheAlertPathsQueriesAndInsertsInATransactionMarkedForRollback() {
        when(transactions.getTransaction(any())).thenReturn(status);
        when(alerts.saveAndFlush(any())).thenAnswer(call -> call.getArgument(0));

        new AlertPathWarmUp(alerts, incidents, transactions).beforeApplicationStart(null);

        verify(alerts).existsByIdempotencyKey(anyString());
        verify(alerts).findByIdempotencyKey(anyString());
        verify(incidents).joinable(anyString(), any(), any());
        verify(alerts).saveAndFlush(any());
        verify(incidents).saveAndFlush(any());
        verify(transactions).commit(status); // committing a rollback-only status is how TransactionTemplate ends it
        assertThat(status.isRollbackOnly()).as("the transaction manager rolls back what the warm-up did").isTrue();
    }

    @Test
    void aDatabaseThatFailsOnlyCostsTheWarmUp() {
        when(transactions.getTransaction(any())).thenReturn(status);
        when(alerts.existsByIdempotencyKey(anyString())).thenThrow(new DataAccessResourceFailureException("down"));

        assertThatCode(() -> new AlertPathWarmUp(alerts, incidents, transactions).beforeApplicationStart(null))
                .doesNotThrowAnyException();
        verify(transactions).rollback(status);
    }
}
