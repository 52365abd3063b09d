package io.logwarden.tail;

import org.apache.camel.Exchange;

/**
 * The route a followed line was handed to did not deliver it, and its destination may take it later (the
 * agent's Kafka broker cannot be reached). Unlike any other failure, which is reported and skipped, the reader
 * keeps such a line: it is neither acknowledged nor passed, the reader hands it out again after a pause, and
 * the lines after it wait in the file (so memory stays bounded however long the outage lasts). If the reader
 * stops meanwhile, the saved position stays before the line.
 * <p>
 * A route says so with {@link #mark} (an exchange property, so Camel's error handler does not log a stack
 * trace at every attempt) or by throwing this exception.
 */
public class LineNotDelivered extends RuntimeException {

    /** Exchange property holding the LineNotDelivered of a line its route could not deliver. */
    public static final String PROPERTY = "LogwardenLineNotDelivered";

    public LineNotDelivered(String message, Throwable cause) {
        super(message, cause);
    }

    /** Tells the tail reader to keep the exchange's line and hand it out again. */
    public static void mark(Exchange exchange, LineNotDelivered why) {
        exchange.setProperty(PROPERTY, why);
    }

    /** Why the exchange's line was not delivered, or null when it was (or failed for good). */
    static LineNotDelivered of(Exchange exchange) {
        LineNotDelivered marked = exchange.getProperty(PROPERTY, LineNotDelivered.class);
        if (marked != null) {
            return marked;
        }
        for (Throwable t = exchange.getException(); t != null; t = t.getCause()) {
            if (t instanceof LineNotDelivered thrown) {
                return thrown;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
