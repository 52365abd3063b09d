package io.logwarden.settings;

/** What this process does; one jar, chosen by {@code logwarden.role}. */
public enum Role {
    /** Follows files and scores them in this process; never connects to Kafka (the default). */
    STANDALONE,
    /** Follows files and produces every line to the Kafka topic; scores nothing itself. */
    AGENT,
    /** Consumes the Kafka topic in a consumer group and scores the lines as a standalone process would. */
    DETECTOR
}
