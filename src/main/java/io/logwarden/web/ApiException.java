package io.logwarden.web;

/** A request the API refuses: carries the HTTP status and the machine-readable error code of the JSON body. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    /** Longest message an API error carries: the fixed text plus a value {@link #shorten}ed to 200 characters fit. */
    public static final int MAX_MESSAGE = 400;

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
        if (message == null || message.length() <= MAX_MESSAGE) {
            return message;
        }
        return message.substring(0, 200) + "... (" + message.length() + " characters)";
    }

    /** A client's value quoted in a message: bounded, so a 20 MB field is never echoed back (or logged) whole. */
    public static String shorten(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= 200 ? value : value.substring(0, 200) + "... (" + value.length() + " characters)";
    }
}
