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

    private LineHeaders() {
    }
}
