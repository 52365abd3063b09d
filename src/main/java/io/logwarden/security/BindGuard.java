package io.logwarden.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Refuses to listen beyond this machine without credentials someone chose: the demo's generated password
 * is fine on 127.0.0.1, never on an address the network can reach.
 */
public final class BindGuard {

    private BindGuard() {
    }

    public static void check(String httpAddress, String websocketHost, AccessControl access) {
        if (websocketHost != null && websocketHost.indexOf(':') >= 0) {
            // the route's vertx-websocket:host:port/path URI cannot carry an IPv6 address: Camel found no host in it
            // and the WebSocket server listened on every interface, on a random port (a black-box tester, ::1)
            throw new IllegalStateException("Refusing to start the WebSocket server on the IPv6 address " + websocketHost
                    + " (logwarden.websocket.host, from logwarden.bind-address unless set): its route URI cannot carry one, "
                    + "and it would listen on every interface instead; set logwarden.websocket.host to an IPv4 address or "
                    + "a name (127.0.0.1, localhost, 0.0.0.0)");
        }
        if (access.weakAdminPassword()) {
            for (String[] bind : new String[][]{{"server.address", httpAddress}, {"logwarden.websocket.host", websocketHost}}) {
                if (!loopback(bind[1])) {
                    // any length passed: a one-character operator password opened every interface, with no throttling
                    throw new IllegalStateException("Refusing to listen on " + describe(bind[1]) + " (" + bind[0]
                            + ") with an administrator password shorter than " + AccessControl.MIN_PASSWORD_LENGTH
                            + " characters: set a longer LOGWARDEN_ADMIN_PASSWORD or a {bcrypt} hash of one, or bind to "
                            + "127.0.0.1 (LOGWARDEN_BINDADDRESS)");
                }
            }
        }
        if (access.credentialsConfigured()) {
            return;
        }
        for (String[] bind : new String[][]{{"server.address", httpAddress}, {"logwarden.websocket.host", websocketHost}}) {
            if (!loopback(bind[1])) {
                throw new IllegalStateException("Refusing to listen on " + describe(bind[1])
                        + " (" + bind[0] + ") without credentials: set LOGWARDEN_ADMIN_PASSWORD, logwarden.security.users or "
                        + "logwarden.security.tokens, or bind to 127.0.0.1 (LOGWARDEN_BINDADDRESS)");
            }
        }
    }

    private static String describe(String address) {
        return address == null || address.isBlank() ? "every interface" : address;
    }

    /** Whether an address reaches only this machine; unset means every interface, which is not. */
    static boolean loopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        String a = address.trim();
        if (a.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(a).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
