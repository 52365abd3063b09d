package io.logwarden.web;

/** The body of every 4xx/5xx answer: {"error": code, "message": text}. */
public record ApiError(String error, String message) {
    public ApiError {
        message = ApiException.bound(message); // never echo a client's huge value back whole
    }
}
