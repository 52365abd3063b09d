package io.logwarden.scoring;

/** The learned model cannot score this batch (none active); the route's fallback answers instead. */
public class ModelUnavailableException extends RuntimeException {
    public ModelUnavailableException(String reason) {
        super(reason);
    }
}
