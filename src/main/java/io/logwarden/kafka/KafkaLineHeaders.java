package io.logwarden.kafka;

/**
 * Record headers an agent writes next to each line (UTF-8 text), and the extra exchange headers a
 * detector sets besides {@link io.logwarden.parse.LineHeaders} and {@link io.logwarden.window.WindowHeaders#SIZE}.
 */
public final class KafkaLineHeaders {

    /** The followed file's identity when the line was read: {@code dev:inode:fingerprint}. */
    public static final String FILE_IDENTITY = "LogwardenFileIdentity";
    /** The host the agent runs on. */
    public static final String HOST = "LogwardenHost";
    /** When the shipper says the line was written (detector side; absent when the record has no time). */
    public static final String TIMESTAMP = "LogwardenTimestamp";
    /** Where the detector read the line: {@code topic/partition/offset}, plus {@code #index} inside a batch record. */
    public static final String ORIGIN = "LogwardenOrigin";

    private KafkaLineHeaders() {
    }
}
