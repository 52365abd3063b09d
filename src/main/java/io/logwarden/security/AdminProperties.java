package io.logwarden.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The one administrator who may use Hawtio, Jolokia and the actuator endpoints other than health.
 *
 * @param user             login name (env LOGWARDEN_ADMIN_USER)
 * @param password         password (env LOGWARDEN_ADMIN_PASSWORD); when empty the demo generates one
 * @param passwordRequired true in production profiles: start-up fails instead of generating a password
 */
@ConfigurationProperties(prefix = "logwarden.admin")
public record AdminProperties(@DefaultValue("admin") String user,
                              @DefaultValue("") String password,
                              @DefaultValue("false") boolean passwordRequired) {
}
