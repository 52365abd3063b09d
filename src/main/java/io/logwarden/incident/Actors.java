package io.logwarden.incident;

import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

import java.security.Principal;

/**
 * Who made an API request, for audit trails: the authenticated user, else "anonymous". platform-http
 * may run the route on another thread than the servlet filters, so besides the thread's security
 * context this reads the one Spring Security keeps on the request.
 */
public final class Actors {

    public static final String SYSTEM = "logwarden";
    public static final String ANONYMOUS = "anonymous";

    private Actors() {
    }

    public static String of(Exchange exchange) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.isAuthenticated() && authentication.getName() != null
                && !"anonymousUser".equals(authentication.getName())) {
            return authentication.getName();
        }
        if (exchange != null && exchange.getIn() instanceof PlatformHttpMessage http && http.getRequest() != null) {
            if (http.getRequest().getAttribute(RequestAttributeSecurityContextRepository.DEFAULT_REQUEST_ATTR_NAME) instanceof SecurityContext context
                    && context.getAuthentication() != null && context.getAuthentication().isAuthenticated()
                    && context.getAuthentication().getName() != null && !"anonymousUser".equals(context.getAuthentication().getName())) {
                return context.getAuthentication().getName();
            }
            Principal principal = http.getRequest().getUserPrincipal();
            if (principal != null && principal.getName() != null) {
                return principal.getName();
            }
        }
        return ANONYMOUS;
    }
}
