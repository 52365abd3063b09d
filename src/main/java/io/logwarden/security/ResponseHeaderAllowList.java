package io.logwarden.security;

import org.apache.camel.Exchange;
import org.apache.camel.http.common.HttpHeaderFilterStrategy;

import java.util.Locale;
import java.util.Set;

/**
 * The headers a REST answer may carry. Camel's HTTP binding turns every request header and query parameter into
 * an exchange header and, by default, writes the exchange's headers back into the response: a caller's
 * {@code Authorization}, API token and session cookie came back in the answer, and {@code ?Set-Cookie=...} or
 * {@code ?Access-Control-Allow-Origin=...} became real response headers. Incoming headers still reach the
 * routes (the API reads its query parameters from them); outgoing ones must be on this list.
 */
public class ResponseHeaderAllowList extends HttpHeaderFilterStrategy {

    static final Set<String> ALLOWED = Set.of("content-type", "content-disposition", "cache-control", "allow",
            "retry-after", "location", "etag", "last-modified");

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !ALLOWED.contains(headerName.toLowerCase(Locale.ROOT)) || super.applyFilterToCamelHeaders(headerName, headerValue, exchange);
    }
}
