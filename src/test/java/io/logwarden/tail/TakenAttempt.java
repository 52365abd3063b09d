package io.logwarden.tail;

/** A route attempt whose destination took the event: in the stepped tests nothing fails, so a report is a test failure. */
final class TakenAttempt implements FileFollower.Attempt {

    static final TakenAttempt TAKEN = new TakenAttempt();

    private TakenAttempt() {
    }

    @Override
    public Exception failure() {
        return null;
    }

    @Override
    public Exception notDelivered() {
        return null;
    }

    @Override
    public void report(String message, Exception why) {
        throw new AssertionError("nothing fails here: " + message, why);
    }

    @Override
    public void release() {
        // nothing held
    }
}
