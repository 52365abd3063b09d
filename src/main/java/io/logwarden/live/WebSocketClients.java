package io.logwarden.live;

import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The peers currently connected to the WebSocket, tracked from the consumer's connection events. */
@Component
public class WebSocketClients {

    private static final String CONNECTION_KEY = "CamelVertxWebsocket.connectionKey";
    private static final Logger log = LoggerFactory.getLogger(WebSocketClients.class);
    private final Set<String> connected = ConcurrentHashMap.newKeySet();

    public void connected(@Header(CONNECTION_KEY) String key) {
        connected.add(key);
    }

    /**
     * A peer that goes away arrives as a CLOSE or an ERROR event carrying "Connection was closed";
     * for the service that is the normal end of a dashboard tab, so it is logged at DEBUG and the
     * exchange is not failed (the consumer would log it as a WARN otherwise).
     */
    public void disconnected(Exchange exchange) {
        connected.remove(exchange.getMessage().getHeader(CONNECTION_KEY, String.class));
        Exception cause = exchange.getException();
        if (cause != null) {
            log.debug("WebSocket peer {} went away: {}", exchange.getMessage().getHeader(CONNECTION_KEY), cause.getMessage());
            exchange.setException(null);
        }
    }

    public int count() {
        return connected.size();
    }
}
