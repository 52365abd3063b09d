package io.logwarden.model;

import org.apache.camel.Exchange;

/**
 * Tells the other detector replicas of a cluster about a model activated through this replica's API
 * (io.logwarden.kafka.ModelControl; the model package knows nothing of Kafka).
 */
public interface ModelAnnouncer {

    /**
     * Announces {@code model}, already active here, to the cluster and waits for the broker.
     * {@code request} is the API call's exchange (who made it goes into the announcement).
     *
     * @return where it was announced (the control topic), or null when this process shares its model with
     *         nobody (standalone and agent roles)
     * @throws RuntimeException when the announcement failed: the other replicas keep their model
     */
    String announce(String model, Exchange request);
}
