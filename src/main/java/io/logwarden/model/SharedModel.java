package io.logwarden.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A model activation meant for every detector replica of a cluster: the JSON value of the control topic's
 * {@code active-model} record (README "Scaling out on Apache Kafka").
 *
 * @param model    the model directory's name
 * @param checksum {@link ModelStore#networkChecksum} where it was activated, so a replica whose directory of
 *                 that name holds another network refuses it; null when unknown
 * @param actor    who activated it (the API user)
 * @param replica  the replica whose API it was activated on
 * @param at       when, ISO-8601 UTC
 */
public record SharedModel(String model, String checksum, @JsonProperty("activated_by") String actor,
                          @JsonProperty("activated_on") String replica, @JsonProperty("activated_at") String at) {
}
