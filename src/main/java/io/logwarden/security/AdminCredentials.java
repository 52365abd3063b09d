package io.logwarden.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The administrator's login, decided once at start-up. There is never a fixed default password:
 * either the operator configured one, or (demo only) a random one is generated and logged once,
 * or (production profiles) start-up stops with the name of the setting to fill in.
 */
public record AdminCredentials(String user, String password, boolean generated) {

    private static final Logger log = LoggerFactory.getLogger(AdminCredentials.class);

    public static AdminCredentials resolve(AdminProperties properties) {
        String user = properties.user() == null || properties.user().isBlank() ? "admin" : properties.user().trim();
        String password = properties.password();
        if (password != null && !password.isBlank()) {
            return new AdminCredentials(user, password, false);
        }
        if (properties.passwordRequired()) {
            throw new IllegalStateException("No administrator password: set LOGWARDEN_ADMIN_PASSWORD (property "
                    + "logwarden.admin.password). This profile never generates one, because Hawtio, Jolokia and the "
                    + "actuator endpoints control the running routes.");
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String generatedPassword = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        // one line: the log escapes newlines (EscapingMessageConverter)
        log.warn("Generated operator password for user '{}': {}   (dashboard login, API, Hawtio, Jolokia, /actuator). "
                + "It changes at every start; set LOGWARDEN_ADMIN_PASSWORD to fix it.", user, generatedPassword);
        return new AdminCredentials(user, generatedPassword, true);
    }

    @Override
    public String toString() {
        return "AdminCredentials[user=" + user + ", generated=" + generated + "]";
    }
}
