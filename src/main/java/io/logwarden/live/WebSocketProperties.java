package io.logwarden.live;

import org.springframework.boot.context.properties.bind.ConstructorBinding;
import jakarta.validation.constraints.Positive;
import org.springframework.validation.annotation.Validated;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The WebSocket runs on its own Vert.x server (camel-vertx-websocket cannot share Tomcat's port).
 *
 * @param host      address the Vert.x server binds to
 * @param port      its port (HTTP stays on server.port)
 * @param path      the original specification's path
 * @param publicUrl URL clients should use, when a proxy or ingress fronts the service; empty means
 *                  ws://&lt;request host&gt;:port/path
 * @param statsPeriod milliseconds between the stats messages routes/websocket.yaml broadcasts
 * @param queueSize   messages waiting for WebSocket broadcast (seda:websocket-out; a scored batch's messages count
 *                    one each, WebSocketBacklog); when full, a new message is dropped and counted, never waited for
 * @param scoreRate   score messages per second sent to clients before the others are sampled out (ScoreMessages:
 *                    alerting windows and each scored batch's last window are always sent); 0 for no limit
 */
@ConfigurationProperties(prefix = "logwarden.websocket")
@Validated
public record WebSocketProperties(@DefaultValue("127.0.0.1") String host, @DefaultValue("8001") @Min(0) @Max(65535) int port,
                                  @DefaultValue("/api/v1/streaming/ws") String path,
                                  @DefaultValue("") String publicUrl,
                                  @DefaultValue("1000") @Positive long statsPeriod,
                                  @DefaultValue("10000") @Positive int queueSize,
                                  @DefaultValue("2000") @Min(0) int scoreRate) {

    @ConstructorBinding
    public WebSocketProperties {
    }

    /** The given server, the stats period and queue at their defaults (tests). */
    public WebSocketProperties(String host, int port, String path, String publicUrl) {
        this(host, port, path, publicUrl, 1000, 10000, 2000);
    }

    public String urlFor(String requestHost) {
        if (!publicUrl.isBlank()) {
            return publicUrl;
        }
        String hostOnly = requestHost == null || requestHost.isBlank() ? "localhost" : requestHost.replaceFirst(":\\d+$", "");
        return "ws://" + hostOnly + ":" + port + path;
    }
}
