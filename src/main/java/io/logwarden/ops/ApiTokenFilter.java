package io.logwarden.ops;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards the REST control API (/api/v1/**) with a shared token when logwarden.api.token-required is on.
 * A logged-in administrator (session or Basic) passes too, so the dashboard works after a login.
 * Not a Spring bean on purpose: Boot would also register it as a servlet filter for every path.
 */
public class ApiTokenFilter extends OncePerRequestFilter {

    static final String API_PATHS = "/api/";
    private final byte[] token;

    public ApiTokenFilter(ApiProperties properties) {
        if (properties.tokenRequired() && (properties.token() == null || properties.token().isBlank())) {
            throw new IllegalStateException("logwarden.api.token-required is true but no token is set: "
                    + "set LOGWARDEN_API_TOKEN (property logwarden.api.token), or LOGWARDEN_API_TOKENREQUIRED=false");
        }
        this.token = properties.tokenRequired() ? properties.token().trim().getBytes(StandardCharsets.UTF_8) : null;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return token == null || !request.getRequestURI().substring(request.getContextPath().length()).startsWith(API_PATHS);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = presentedToken(request);
        if (presented == null && administrator()) {
            chain.doFilter(request, response);
            return;
        }
        if (presented == null || !MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            response.setStatus(401);
            response.setContentType("application/json");
            response.setHeader("WWW-Authenticate", "Bearer realm=\"logwarden\"");
            String message = presented == null
                    ? "this API needs a token: send 'Authorization: Bearer <token>' or 'X-API-Token: <token>'"
                    : "the API token is wrong";
            response.getWriter().write("{\"error\":\"unauthorized\",\"message\":\"" + message + "\"}");
            return;
        }
        chain.doFilter(request, response);
    }

    private static String presentedToken(HttpServletRequest request) {
        String header = request.getHeader("X-API-Token");
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return null;
    }

    private static boolean administrator() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken);
    }
}
