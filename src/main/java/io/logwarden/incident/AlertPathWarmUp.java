package io.logwarden.incident;

import io.logwarden.alert.Alert;
import io.logwarden.alert.AlertRepository;
import io.logwarden.scoring.Prediction;
import io.logwarden.scoring.Severity;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;

/**
 * Runs the queries of storing and grouping an alert once before the routes start, in a transaction rolled back.
 * Hibernate parses a query (ANTLR) and builds its SQL the first time it runs, and the first alert after start-up
 * did that on the one thread that routes every scored batch: in {@code make bench-e2e} it held that thread for
 * 0.8-2.7 s, and every line's score message waited behind it (the first 30 s latency p99 of 1.7-2.6 s).
 * Inserting the first alert and incident cost 0.2-0.3 s more (Hibernate's insert, the JSON columns' Jackson
 * introspection, classes loaded from the jar): one alert and one incident are inserted too, and rolled back.
 * The database's id sequences do not roll back, so each start skips one alert id and one incident id.
 */
@Component
class AlertPathWarmUp implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AlertPathWarmUp.class);
    /** An idempotency key and group key no alert has: the queries find nothing. */
    private static final String NOTHING = "logwarden-start-up-warm-up";

    private final AlertRepository alerts;
    private final IncidentRepository incidents;
    private final TransactionTemplate transactions;

    AlertPathWarmUp(AlertRepository alerts, IncidentRepository incidents, PlatformTransactionManager transactionManager) {
        this.alerts = alerts;
        this.incidents = incidents;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        long started = System.nanoTime();
        try {
            transactions.executeWithoutResult(status -> {
                status.setRollbackOnly(); // nothing is written, and nothing of it may stay
                alerts.existsByIdempotencyKey(NOTHING); // routes/alerts.yaml: already stored?
                alerts.findByIdempotencyKey(NOTHING); // AlertService.store and storedButNotAnnounced
                incidents.joinable(NOTHING, Instant.now(), PageRequest.of(0, 1)); // IncidentGrouping.group
                incidents.linkAlert(-1, -1);
                incidents.lockById(-1); // IncidentService: expiry and API actions
                incidents.quietSince(Instant.EPOCH, PageRequest.of(0, 1));
                Alert alert = alerts.saveAndFlush(sampleAlert()); // AlertService.store
                incidents.saveAndFlush(Incident.open(NOTHING, alert, 5, 5)); // IncidentGrouping.group
            });
            log.info("Warmed up the alert and incident queries and inserts in {} ms (rolled back), before the routes take lines",
                    (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            log.warn("Could not warm up the alert and incident queries ({}); the first alert pays for them", e.toString());
        }
    }

    /** An alert with every column filled, the JSON ones too, as the store path writes it. */
    private static Alert sampleAlert() {
        return new Alert(Instant.now(), NOTHING, Severity.HIGH, 8.5, List.of(1, 2, 3), List.of("a <*>", "b"), List.of("a 1", "b"),
                1, 3, "warm-up", "warm-up", List.of(new Prediction(2, "b", 0.5))).withIdempotencyKey(NOTHING);
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        // nothing to do once started
    }
}
