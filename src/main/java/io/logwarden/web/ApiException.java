package io.logwarden.web;

import io.logwarden.tail.TailRequestException;

/** A request the API refuses: carries the HTTP status and the machine-readable error code of the JSON body. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    /** Longest message an API error carries: the fixed text plus a value {@link #shorten}ed to 200 characters fit. */

    public ApiException(int status, String code, String message) {
        super(bound(message));
        this.status = status;
        this.code = code;
    }

    public int getStatus() {
        return status;
    }

    public String getCode() {
        return code;
    }

    /** The one place every API error message passes: a message that echoes a huge value unshortened is still cut. */
    public static String bound(String message) {
        return io.logwarden.security.JsonErrorResponses.bound(message);
    }

    /** A client's value quoted in a message: bounded, so a 20 MB field is never echoed back (or logged) whole. */
    public static String shorten(String value) {
        // one rule for every quoted value, the refusals of tail (which knows no HTTP) included
        return TailRequestException.shorten(value);
    }
}
