package io.logwarden.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * Refuses a login attempt from an address {@link LoginThrottle} has blocked, before any filter checks it (no BCrypt
 * work for a guesser): a form login POST, or any request with credentials in a header (HTTP Basic, a Bearer or
 * X-API-Token token). Requests with none pass, so a browser that logged in before the block keeps its session.
 * Not a Spring bean, as {@link ApiTokenFilter}: Boot would also register it as a servlet filter for every path.
 */
public class LoginThrottleFilter extends OncePerRequestFilter {

    /** Where Spring Security's form login is processed (formLogin().loginPage("/login") makes it POST /login). */
    static final String LOGIN_PATH = "/login";

    private final LoginThrottle throttle;

    public LoginThrottleFilter(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean formLogin = "POST".equalsIgnoreCase(request.getMethod()) && OpsSecurity.path(request).equals(LOGIN_PATH);
        if (!formLogin && !ApiTokenFilter.explicitCredentials(request)) {
            chain.doFilter(request, response);
            return;
        }
        OptionalLong retryAfter = throttle.refusal(request.getRemoteAddr());
        if (retryAfter.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        if (formLogin) {
            // The login page is a plain HTML form that reports a failed login by reloading itself with ?error
            // (login.js shows the message): JSON would leave the person on a page of raw JSON. The same redirect
            // as a wrong password, with the reason, keeps the page's flow and tells them to wait.
            response.sendRedirect(request.getContextPath() + LOGIN_PATH + "?error=throttled");
            return;
        }
        response.setHeader("Retry-After", Long.toString(retryAfter.getAsLong()));
        JsonErrorResponses.write(response, 429, "too_many_failed_logins",
                LoginThrottle.refusalMessage(request.getRemoteAddr(), retryAfter.getAsLong()));
    }
}
