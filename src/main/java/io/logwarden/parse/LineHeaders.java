package io.logwarden.parse;

/**
 * Headers a raw line carries into direct:log-lines, whoever read it (a tail route, an upload, a Kafka
 * detector, the offline commands): the parser makes them the {@link LogEvent}'s source and line number.
 * They live here, with their reader, because every producer already depends on parse and parse on none of them.
 */
public final class LineHeaders {

    /** The followed file's path ("upload:NAME" for uploads, "host:path" from a Kafka agent). */
    public static final String SOURCE = "LogwardenSource";
    /** 1-based line number in the source. */
    public static final String LINE_NUMBER = "LogwardenLineNumber";
    /**
     * true on the last line its reader has for now (the end of a chunk read from a file, of a Kafka poll, of
     * an upload): the scoring batch its window joins completes with it instead of waiting for more windows or
     * the batch timer (routes/score.yaml), so a quiet source is scored at once and the timer can be slow.
     */
    public static final String LAST_OF_READ = "LogwardenLastOfRead";

    private LineHeaders() {
    }
}
