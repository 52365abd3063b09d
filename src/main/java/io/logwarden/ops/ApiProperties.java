package io.logwarden.ops;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param tokenRequired whether /api/v1/** needs {@code Authorization: Bearer <token>} or {@code X-API-Token}
 *                      (env LOGWARDEN_API_TOKENREQUIRED; off in the demo, on in the Kubernetes manifests)
 * @param token         the shared token (env LOGWARDEN_API_TOKEN)
 */
@ConfigurationProperties(prefix = "logwarden.api")
public record ApiProperties(@DefaultValue("false") boolean tokenRequired,
                            @DefaultValue("") String token) {
}
