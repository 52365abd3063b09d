package io.logwarden.kafka;

import java.time.Instant;

/**
 * One log line read from a Kafka record, with what the pipeline needs to know about it.
 *
 * @param text         the line
 * @param source       its source (agent: {@code host:path}; other shippers: a configured field, else the record key, else {@code kafka:<topic>})
 * @param lineNumber   the agent's line number in the file, or the record offset + 1 for other shippers
 * @param fileIdentity the agent's file identity, empty otherwise
 * @param host         the host that shipped it, empty when unknown
 * @param timestamp    when the shipper says it was written, null when the record does not say
 * @param windowSize   the agent's window size for this file, null for the detector's default
 * @param origin       {@code topic/partition/offset} (plus {@code #index} for one of several lines in a record)
 */
public record KafkaLine(String text, String source, long lineNumber, String fileIdentity, String host,
                        Instant timestamp, Integer windowSize, String origin) {

    /**
     * What the line's alert idempotency key is made from. An agent's line is known by its source, file identity
     * and line number, like a followed line: the same line produced twice (an agent's resend after the broker
     * wrote the record but its answer was lost) lands at two offsets and still stores one alert. A line of
     * another shipper has no such identity and is known by its record ({@link #origin}).
     */
    public String alertOrigin() {
        return fileIdentity == null || fileIdentity.isEmpty() ? origin : "line/" + source + "/" + fileIdentity + "/" + lineNumber;
    }
}
