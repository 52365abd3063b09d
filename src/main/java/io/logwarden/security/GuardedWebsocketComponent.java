package io.logwarden.security;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.component.vertx.websocket.VertxWebsocketComponent;
import org.apache.camel.component.vertx.websocket.VertxWebsocketConsumer;
import org.apache.camel.component.vertx.websocket.VertxWebsocketHost;
import org.apache.camel.component.vertx.websocket.VertxWebsocketHostConfiguration;
import org.apache.camel.component.vertx.websocket.VertxWebsocketHostKey;

/**
 * Camel's vertx-websocket component whose server puts {@link WebSocketGuard} in front of every WebSocket path, so
 * the handshake is checked before Camel upgrades the connection. Registered as the bean {@code vertx-websocket}:
 * routes keep the documented {@code vertx-websocket:host:port/path} URIs. The annotation repeats Camel's: its
 * name finds the generated option configurers (without it, {@code sendToAll=true} was silently not applied).
 */
@org.apache.camel.spi.annotations.Component("vertx-websocket")
public class GuardedWebsocketComponent extends VertxWebsocketComponent {

    private final Handler<RoutingContext> guard;

    public GuardedWebsocketComponent(Handler<RoutingContext> guard) {
        this.guard = guard;
    }

    @Override
    protected VertxWebsocketHost createVertxWebsocketHost(VertxWebsocketHostConfiguration configuration, VertxWebsocketHostKey key) {
        return new VertxWebsocketHost(getCamelContext(), configuration, key) {
            @Override
            public void connect(VertxWebsocketConsumer consumer) {
                // added before Camel's own handler for the path, so it runs first
                configuration.getRouter().route(consumer.getEndpoint().getConfiguration().getWebsocketURI().getPath()).handler(guard);
                // anything else on this port (a wrong path, a plain GET of the WebSocket path) answers in the API's
                // error shape instead of Vert.x's HTML page
                configuration.getRouter().errorHandler(404, context -> JsonErrorResponses.vertx(context, 404, "not_found",
                        "this port serves only the WebSocket " + consumer.getEndpoint().getConfiguration().getWebsocketURI().getPath()));
                configuration.getRouter().errorHandler(405, context -> JsonErrorResponses.vertx(context, 405, "method_not_allowed",
                        "the WebSocket handshake is a GET"));
                super.connect(consumer);
            }
        };
    }
}
