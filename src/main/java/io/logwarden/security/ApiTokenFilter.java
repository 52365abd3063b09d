package io.logwarden.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Authenticates machines by token: {@code Authorization: Bearer <token>} or {@code X-API-Token: <token>}.
 * A known token becomes an authentication with the token's role; an unknown one is answered 401 at once
 * (never silently treated as anonymous) and published as Spring Security's bad-credentials event, so
 * {@link LoginFailureListener} counts it as it counts a wrong password. Not a Spring bean on purpose: Boot would
 * also register it as a servlet filter for every path.
 */
public class ApiTokenFilter extends OncePerRequestFilter {

    /** What a failed token login is reported as; never the token, which would then reach the log. */
    static final String TOKEN_PRINCIPAL = "(API token)";

    private final AccessControl access;
    private final AuthenticationEventPublisher events;

    private static final RequestAttributeSecurityContextRepository REQUEST_CONTEXT = new RequestAttributeSecurityContextRepository();

    public ApiTokenFilter(AccessControl access, AuthenticationEventPublisher events) {
        this.access = access;
        this.events = events;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = presentedToken(request);
        if (presented == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<AccessControl.Caller> caller = access.token(presented);
        if (caller.isEmpty()) {
            UsernamePasswordAuthenticationToken attempt = UsernamePasswordAuthenticationToken.unauthenticated(TOKEN_PRINCIPAL, null);
            attempt.setDetails(new WebAuthenticationDetails(request));
            events.publishAuthenticationFailure(new BadCredentialsException("unknown API token"), attempt);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"logwarden\", error=\"invalid_token\"");
            JsonErrorResponses.write(response, 401, "unauthorized", "the API token is wrong");
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("token:" + caller.get().name(), null,
                AuthorityUtils.createAuthorityList(AccessControl.authorities(caller.get().role()))));
        SecurityContextHolder.setContext(context);
        // also on the request, as the Basic and form logins keep theirs: a route that runs on another thread than
        // this filter reads who called from there (audit trails recorded token callers as "anonymous" without it)
        REQUEST_CONTEXT.saveContext(context, request, response);
        chain.doFilter(request, response);
    }

    /** The token a request carries, or null. */
    public static String presentedToken(HttpServletRequest request) {
        return presentedToken(request::getHeader);
    }

    /** The token in a request's headers ("X-API-Token", or "Authorization: Bearer"), or null; HTTP and WebSocket alike. */
    static String presentedToken(UnaryOperator<String> headers) {
        String header = headers.apply("X-API-Token");
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        String authorization = headers.apply("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return null;
    }

    /** Whether the request authenticates itself with a header a browser never adds on its own to a cross-site request. */
    public static boolean explicitCredentials(HttpServletRequest request) {
        if (presentedToken(request) != null) {
            return true;
        }
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    }
}
