package io.logwarden.tail;

/** Headers every log line carries from the tail routes (and uploads) into the pipeline. */
public final class TailHeaders {

    /** The followed file's path (or "upload:NAME" for uploads). */
    public static final String SOURCE = "LogwardenSource";
    /** 1-based line number in the source. */
    public static final String LINE_NUMBER = "LogwardenLineNumber";

    private TailHeaders() {
    }
}
