package io.logwarden.notify;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** Counts the retries of a notification (routes/notify.yaml, onRedeliveryRef), for its dead-letter record. */
@Component
public class RedeliveryCount implements Processor {

    public static final String RETRIES = "LogwardenNotifyRetries";

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(RETRIES, exchange.getProperty(RETRIES, 0, Integer.class) + 1);
    }
}
