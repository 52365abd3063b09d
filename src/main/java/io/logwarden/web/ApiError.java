package io.logwarden.web;

/** The body of every 4xx/5xx answer: {"error": code, "message": text}. */
public record ApiError(String error, String message) {
}
