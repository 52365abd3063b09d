package io.logwarden.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;

/**
 * Where a browser session's CSRF token is read from: the {@code X-XSRF-TOKEN} header (the dashboard, Hawtio)
 * or the body of a form (the login page), never the address. A token in a URL ends up in access logs,
 * proxies, the browser's history and Referer headers; a black-box tester's {@code ?_csrf=...} was accepted.
 */
final class HeaderOrFormCsrfToken extends CsrfTokenRequestAttributeHandler {

    @Override
    public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
        String header = request.getHeader(token.getHeaderName());
        if (header != null) {
            return header;
        }
        return inQuery(request.getQueryString(), token.getParameterName()) ? null : request.getParameter(token.getParameterName());
    }

    static boolean inQuery(String query, String name) {
        if (query == null) {
            return false;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = java.net.URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), java.nio.charset.StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
