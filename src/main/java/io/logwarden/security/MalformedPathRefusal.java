package io.logwarden.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Refuses request paths with path parameters ({@code ;x=1}), dot segments ({@code /../}, {@code /./}), also
 * percent-encoded, or percent-encoded letters, digits and {@code - . _ ~}, before any other filter. Nothing Logwarden serves uses them (sessions travel in cookies), and
 * Spring's request-path parsing, which runs ahead of Spring Security's firewall, throws on them inside a
 * servlet's mapping ({@code /actuator/jolokia;x=1/exec/...}, {@code /hawtio/../actuator/jolokia},
 * {@code /actuator//jolokia/...}, {@code /actuator/%6aolokia/...}): the caller, even anonymous, got a 500 and the
 * log a stack trace for every such request, instead of a clear refusal.
 */
public class MalformedPathRefusal extends OncePerRequestFilter {

    private static final Pattern DOT_SEGMENT = Pattern.compile("(^|/)(\\.|%2e){1,2}(/|$)");
    /** A letter, digit, "-", ".", "_" or "~" percent-encoded (lower case: the path is looked at in lower case). */
    private static final Pattern ENCODED_UNRESERVED = Pattern.compile("%(3[0-9]|4[1-9a-f]|5[0-9a]|6[1-9a-f]|7[0-9a]|2d|2e|5f|7e)");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String uri = request.getRequestURI() == null ? "" : request.getRequestURI().toLowerCase(Locale.ROOT);
        String refusal = uri.indexOf(';') >= 0 || uri.contains("%3b") ? "path parameters (\";\") are not supported"
                : DOT_SEGMENT.matcher(uri).find() ? "\".\" and \"..\" segments are not accepted"
                : uri.contains("//") ? "empty segments (\"//\") are not accepted"
                // they never need escaping (RFC 3986), and a check on the path as sent ("/login", "/api/...") would
                // not know "/%6Cogin" for the "/login" the servlet sees: a black-box tester guessed passwords there
                // while the login throttle refused "/login"
                : ENCODED_UNRESERVED.matcher(uri).find() ? "letters, digits and - . _ ~ are not accepted percent-encoded"
                : null;
        if (refusal != null) {
            JsonErrorResponses.write(response, 400, "malformed_path", "the request path is not accepted: " + refusal);
            return;
        }
        try {
            chain.doFilter(request, response);
        }
        catch (IllegalArgumentException e) {
            // Spring's ServletRequestPathFilter, on an escaped servlet path (/actuator/%6aolokia/...): the raw path
            // does not start with the servlet's decoded one. Nothing was served; the caller gets a plain refusal.
            if (response.isCommitted() || e.getMessage() == null || !e.getMessage().startsWith("Invalid contextPath")) {
                throw e;
            }
            JsonErrorResponses.write(response, 400, "malformed_path",
                    "the request path is not accepted: percent-encoded letters in a servlet's path");
        }
    }
}
