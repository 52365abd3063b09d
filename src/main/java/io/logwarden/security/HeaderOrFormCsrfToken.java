package io.logwarden.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;

/**
 * Where a browser session's CSRF token is read from: the {@code X-XSRF-TOKEN} header (the dashboard, Hawtio)
 * or the body of a urlencoded form (the login page), never the address or a multipart part. A token in a URL ends up in access logs,
 * proxies, the browser's history and Referer headers; a black-box tester's {@code ?_csrf=...} was accepted.
 */
final class HeaderOrFormCsrfToken extends CsrfTokenRequestAttributeHandler {

    @Override
    public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
        String header = request.getHeader(token.getHeaderName());
        if (header != null) {
            return header;
        }
        // only a urlencoded form's body: a multipart upload's part named _csrf was accepted too (the uploads take
        // the header, as every other API call)
        String type = request.getContentType();
        boolean form = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
        return !form || inQuery(request.getQueryString(), token.getParameterName()) ? null : request.getParameter(token.getParameterName());
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
