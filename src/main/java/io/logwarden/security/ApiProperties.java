package io.logwarden.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param tokenRequired kept so existing settings still bind; the API now always needs a login or a token
 *                      (env LOGWARDEN_API_TOKENREQUIRED), unless logwarden.security.anonymous-read opens reading
 * @param token         an operator token (env LOGWARDEN_API_TOKEN), besides those in logwarden.security.tokens
 */
@ConfigurationProperties(prefix = "logwarden.api")
public record ApiProperties(@DefaultValue("true") boolean tokenRequired,
                            @DefaultValue("") String token) {
}
