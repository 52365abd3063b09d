package io.logwarden.ops;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Locale;

/**
 * Refuses request paths with path parameters ({@code ;x=1}, also percent-encoded) before any other filter.
 * Nothing Logwarden serves uses them (sessions travel in cookies), and Spring's request-path parsing, which
 * runs ahead of Spring Security's firewall, throws on a parameter inside a servlet's mapping
 * ({@code /actuator/jolokia;x=1/exec/...}): the caller got a 500 instead of a clear refusal.
 */
public class PathParameterRefusal extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String uri = request.getRequestURI();
        if (uri != null && (uri.indexOf(';') >= 0 || uri.toLowerCase(Locale.ROOT).contains("%3b"))) {
            JsonErrorResponses.write(response, 400, "malformed_path",
                    "the request path is not accepted: path parameters (\";\") are not supported");
            return;
        }
        chain.doFilter(request, response);
    }
}
