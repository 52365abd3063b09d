package io.logwarden.web;

/** A request the API refuses: carries the HTTP status and the machine-readable error code of the JSON body. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int getStatus() {
        return status;
    }

    public String getCode() {
        return code;
    }

    /** A client's value quoted in a message: bounded, so a 20 MB field is never echoed back (or logged) whole. */
    public static String shorten(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= 200 ? value : value.substring(0, 200) + "... (" + value.length() + " characters)";
    }
}
