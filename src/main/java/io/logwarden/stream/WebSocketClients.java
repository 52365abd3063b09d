package io.logwarden.stream;

import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The peers currently connected to the WebSocket, tracked from the consumer's connection events. */
@Component
public class WebSocketClients {

    private final Set<String> connected = ConcurrentHashMap.newKeySet();

    public void connected(@Header("CamelVertxWebsocket.connectionKey") String key) {
        connected.add(key);
    }

    public void disconnected(@Header("CamelVertxWebsocket.connectionKey") String key) {
        connected.remove(key);
    }

    public int count() {
        return connected.size();
    }
}
