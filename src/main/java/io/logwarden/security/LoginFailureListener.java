package io.logwarden.security;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Feeds {@link LoginThrottle} from Spring Security's own failure event, which the form login and HTTP Basic
 * (through the ProviderManager) and {@link ApiTokenFilter} publish alike, each with the request's
 * {@link WebAuthenticationDetails}: one place counts every way in, and no authentication is re-implemented.
 * Unknown users count too: DaoAuthenticationProvider reports them as bad credentials. The event is published on
 * the request's thread, so the next request already sees the count.
 */
public class LoginFailureListener {

    private final LoginThrottle throttle;

    public LoginFailureListener(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @EventListener
    public void onBadCredentials(AuthenticationFailureBadCredentialsEvent event) {
        // the address as the servlet request saw it: Spring's forwarded-header handling has had its say already
        String address = event.getAuthentication().getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
        throttle.failed(address, event.getAuthentication().getName());
    }
}
