package io.logwarden.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Probes and anonymous callers of {@code /actuator/health/**} get {"status": ...} and the HTTP status, nothing else:
 * no check names, descriptions, file or disk paths. Logged-in viewers see the details. An empty error answer
 * (Actuator's 404 for an unknown check) becomes {"error","message"} for everyone.
 */
public class AnonymousHealthFilter extends OncePerRequestFilter {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = OpsSecurity.path(request);
        return !(path.equals("/actuator/health") || path.startsWith("/actuator/health/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper cached = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, cached);
        String status;
        try {
            JsonNode body = JSON.readTree(cached.getContentAsByteArray());
            status = body == null || !body.path("status").isTextual() ? null : body.path("status").asText();
        } catch (IOException e) {
            status = null;
        }
        if (cached.getStatus() >= 400 && cached.getContentSize() == 0) {
            // Actuator answers an unknown health component (/actuator/health/nope) with an empty 404
            cached.resetBuffer();
            byte[] error = ("{\"error\":\"not_found\",\"message\":\"no such health check\"}").getBytes(StandardCharsets.UTF_8);
            if (cached.getStatus() != 404) {
                error = ("{\"error\":\"error_" + cached.getStatus() + "\",\"message\":\"the health endpoint refused the request\"}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            response.setContentType("application/json");
            response.setContentLength(error.length);
            response.getOutputStream().write(error);
            return;
        }
        if (loggedIn()) {
            cached.copyBodyToResponse(); // logged-in viewers see the details
            return;
        }
        cached.resetBuffer();
        if (status == null) {
            cached.copyBodyToResponse(); // not a health document (an error answer): pass it on unchanged
            return;
        }
        byte[] only = ("{\"status\":" + JsonErrorResponses.quote(status) + "}").getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json");
        response.setContentLength(only.length);
        response.getOutputStream().write(only);
    }

    private static boolean loggedIn() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken);
    }
}
