package io.logwarden.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses what no legitimate client of this service sends, before anything reads the request:
 * <ul>
 * <li>a state-changing request (anything but GET, HEAD, OPTIONS) from another origin ({@code Origin} or, without
 *     it, {@code Sec-Fetch-Site: cross-site}): 403 {@code cross_origin}. The service's own origin and
 *     {@code logwarden.security.allowed-origins} pass; clients that send no Origin (curl, scripts) pass;</li>
 * <li>any request to {@code /actuator/**} from another origin (Jolokia must never answer a foreign page);</li>
 * <li>any Jolokia operation but read, list, search and version without POST, on any path with a {@code jolokia}
 *     segment (Hawtio's proxy too), however its operation is encoded (a link or an image tag could trigger it): 405;</li>
 * <li>a state-changing request under {@code /api/} whose body is not {@code application/json} (multipart only for
 *     uploads): 415, so an HTML form, which can only send form encodings or text/plain, never reaches the API;</li>
 * <li>a JSON body over {@code logwarden.security.json-body-limit}: 413, decided from Content-Length or after
 *     reading at most one byte past the limit, never by reading the whole body.</li>
 * </ul>
 */
public class RequestGuard extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RequestGuard.class);
    // one line per client address and minute: a page or script retrying from another origin would fill the log
    private final RefusalLog refusals = new RefusalLog(log, java.time.Duration.ofMinutes(1));
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final OriginPolicy origins;
    private final long jsonLimit;

    public RequestGuard(OriginPolicy origins, long jsonLimit) {
        this.origins = origins;
        this.jsonLimit = jsonLimit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean safe = SAFE.contains(request.getMethod().toUpperCase(Locale.ROOT));
        boolean actuator = path.equals("/actuator") || path.startsWith("/actuator/");
        boolean api = path.startsWith("/api/");

        String host = origins.untrustedHost(request.getHeader("Host"));
        if (host != null) {
            // reads need no login: a DNS-rebinding page's same-origin GET carries no Origin, only its own Host
            refusals.warn(request.getRemoteAddr(), "Refused {} {} from {} for host {}: not loopback, an IP address or an "
                    + "allowed origin's host", request.getMethod(), path, request.getRemoteAddr(), host);
            JsonErrorResponses.write(response, 403, "untrusted_host", "reads need no login here, so only requests to a "
                    + "loopback name, an IP address or the host of logwarden.security.allowed-origins are answered");
            return;
        }
        if (!safe || actuator) {
            String refusal = origins.refusal(request.getHeader("Origin"), request.getHeader("Sec-Fetch-Site"),
                    request.getScheme(), request.getHeader("Host"));
            if (refusal != null) {
                refusals.warn(request.getRemoteAddr(), "Refused {} {} from {} (origin {}): {}", request.getMethod(), path,
                        request.getRemoteAddr(), request.getHeader("Origin"), refusal);
                JsonErrorResponses.write(response, 403, "cross_origin", refusal);
                return;
            }
        }
        if (!"POST".equalsIgnoreCase(request.getMethod()) && jolokiaChange(path, request.getParameter("p"))) {
            response.setHeader("Allow", "POST");
            JsonErrorResponses.write(response, 405, "method_not_allowed",
                    "Jolokia accepts only read, list, search and version without POST; other operations need POST "
                            + "(with the CSRF token or an API token)");
            return;
        }
        if (api && !safe) {
            String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT).trim();
            // the type itself, not a prefix: a black-box tester's "application/jsonx" passed as JSON
            boolean json = isType(type, org.springframework.http.MediaType.APPLICATION_JSON);
            boolean multipart = isType(type, org.springframework.http.MediaType.MULTIPART_FORM_DATA) && path.endsWith("/upload");
            boolean empty = type.isEmpty() && request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null;
            if (!json && !multipart && !empty) {
                JsonErrorResponses.write(response, 415, "unsupported_media_type", "this request needs a JSON body "
                        + "(Content-Type: application/json)" + (path.endsWith("/upload") ? " or a multipart/form-data upload" : "")
                        + ", got " + (type.isEmpty() ? "a body without Content-Type" : "\"" + shorten(type) + "\""));
                return;
            }
            if (json) {
                long declared = request.getContentLengthLong();
                if (declared > jsonLimit) {
                    tooLarge(response);
                    return;
                }
                byte[] body = readAtMost(request.getInputStream(), jsonLimit + 1);
                if (body.length > jsonLimit) {
                    tooLarge(response);
                    return;
                }
                request = new CachedBody(request, body);
            }
        }
        chain.doFilter(request, response);
    }

    private void tooLarge(HttpServletResponse response) throws IOException {
        response.setHeader("Connection", "close"); // the rest of the body is never read
        JsonErrorResponses.write(response, 413, "body_too_large", "JSON bodies are limited to " + jsonLimit
                + " bytes (logwarden.security.json-body-limit); upload logs as multipart to /api/v1/streaming/upload");
    }

    /** Jolokia operations that only read, and so may be sent without POST. */
    private static final Set<String> JOLOKIA_READS = Set.of("read", "list", "search", "version");

    /**
     * Whether a request to this (raw, undecoded) path would run a Jolokia operation other than a read: for every
     * {@code jolokia} segment of the path (under /actuator, Hawtio's proxy or anywhere else), the first operation
     * segment after it, percent-decoded until stable and compared case-insensitively, must be one of
     * {@link #JOLOKIA_READS}. A bare {@code jolokia/} is Jolokia's version, unless {@code ?p=} names the operation.
     * Anything else ({@code %65xec}, {@code EXEC}, {@code ..}, undecodable escapes) counts as a change.
     */
    static boolean jolokiaChange(String path, String pParameter) {
        java.util.List<String> segments = new java.util.ArrayList<>();
        for (String raw : path.split("/", -1)) {
            String segment = decodeSegment(raw);
            if (segment == null) {
                return path.toLowerCase(Locale.ROOT).contains("jolokia"); // undecodable: refuse if it could be Jolokia
            }
            segments.add(segment);
        }
        boolean jolokia = false;
        for (int i = 0; i < segments.size(); i++) {
            if (!segments.get(i).equals("jolokia")) {
                continue;
            }
            jolokia = true;
            String op = null;
            for (int k = i + 1; k < segments.size() && op == null; k++) {
                if (!segments.get(k).isEmpty()) {
                    op = segments.get(k);
                }
            }
            if (op == null && pParameter != null && !pParameter.isBlank()) {
                String p = decodeSegment(pParameter.replaceFirst("^/+", "").split("/", 2)[0]);
                op = p == null ? "" : p;
            }
            if (op != null && !JOLOKIA_READS.contains(op)) {
                return true;
            }
        }
        return jolokia && segments.contains("..");
    }

    /** The segment percent-decoded until it no longer changes, without path parameters, lower case; null if undecodable. */
    private static String decodeSegment(String raw) {
        String segment = raw;
        try {
            for (int round = 0; round < 5 && segment.indexOf('%') >= 0; round++) {
                segment = java.net.URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (segment.indexOf('%') >= 0) {
            return null;
        }
        int parameters = segment.indexOf(';');
        return (parameters >= 0 ? segment.substring(0, parameters) : segment).trim().toLowerCase(Locale.ROOT);
    }

    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while (out.size() < max && (n = in.read(chunk, 0, (int) Math.min(chunk.length, max - out.size()))) > 0) {
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    static String shorten(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }

    /** Origins allowed to change state: the service's own, plus a configured list. */
    public static final class OriginPolicy {
        private final Set<String> allowed;
        private final Set<Integer> ownPorts = new java.util.concurrent.CopyOnWriteArraySet<>();

        private final boolean trustedHostsOnly;
        private final Set<String> trustedHosts;

        public OriginPolicy(Iterable<String> allowedOrigins, Set<Integer> ownPorts) {
            this(allowedOrigins, ownPorts, false);
        }

        /**
         * @param trustedHostsOnly whether a request's own origin (its Host header) counts only for a trusted host:
         *                         loopback, an IP address or the host of an allowed origin. Set when reads need no
         *                         credentials: a DNS-rebinding page (evil.example resolving to this service) sends
         *                         Host and Origin evil.example, which would otherwise pass as same-origin.
         */
        public OriginPolicy(Iterable<String> allowedOrigins, Set<Integer> ownPorts, boolean trustedHostsOnly) {
            java.util.HashSet<String> set = new java.util.HashSet<>();
            java.util.HashSet<String> hosts = new java.util.HashSet<>();
            for (String origin : allowedOrigins) {
                set.add(normalise(origin));
                try {
                    String host = URI.create(normalise(origin)).getHost();
                    if (host != null) {
                        hosts.add(host);
                    }
                } catch (IllegalArgumentException ignored) {
                    // an origin that is not a URI only ever matches itself
                }
            }
            this.allowed = Set.copyOf(set);
            this.trustedHosts = Set.copyOf(hosts);
            this.trustedHostsOnly = trustedHostsOnly;
            this.ownPorts.addAll(ownPorts);
        }

        /** Loopback names, IP literals (no DNS to rebind) and the hosts of allowed origins. */
        public boolean trustedHost(String host) {
            String h = host.toLowerCase(Locale.ROOT);
            return h.equals("localhost") || h.endsWith(".localhost") || h.startsWith("[") || h.contains(":")
                    || h.matches("\\d{1,3}(\\.\\d{1,3}){3}") || trustedHosts.contains(h);
        }

        /**
         * The Host header's host when reads need no credentials and it is not a trusted host, else null (also for a
         * request without Host, which no browser sends).
         */
        public String untrustedHost(String hostHeader) {
            if (!trustedHostsOnly || hostHeader == null || hostHeader.isBlank()) {
                return null;
            }
            String host;
            try {
                host = URI.create("http://" + hostHeader.trim()).getHost();
            } catch (IllegalArgumentException e) {
                return hostHeader.trim(); // not a host at all
            }
            return host == null || !trustedHost(host) ? (host == null ? hostHeader.trim() : host) : null;
        }

        /** The HTTP port as actually bound (server.port=0 picks one at start-up). */
        @org.springframework.context.event.EventListener
        public void onWebServer(org.springframework.boot.web.context.WebServerInitializedEvent event) {
            ownPorts.add(event.getWebServer().getPort());
        }

        /** Why a request from this origin is refused, or null when it may go on. */
        public String refusal(String origin, String fetchSite, String scheme, String host) {
            if (origin == null || origin.isBlank()) {
                if ("cross-site".equalsIgnoreCase(fetchSite)) {
                    return "cross-site requests are refused";
                }
                return null; // not a browser (or a same-origin GET): credentials decide
            }
            if ("null".equals(origin.trim())) {
                return "requests from an opaque origin (sandboxed page, file:) are refused";
            }
            String normalised = normalise(origin);
            if (allowed.contains(normalised) || own(normalised, scheme, host)) {
                return null;
            }
            return "origin " + shorten(origin) + " is not this service's and not in logwarden.security.allowed-origins";
        }

        /** Same host as the request's Host header, on one of the service's own ports (HTTP or WebSocket) or the default port. */
        public boolean own(String origin, String scheme, String host) {
            if (host == null || host.isBlank()) {
                return false;
            }
            try {
                URI o = URI.create(origin);
                URI h = URI.create((scheme == null ? "http" : scheme) + "://" + host.trim());
                if (o.getHost() == null || h.getHost() == null || !o.getHost().equalsIgnoreCase(h.getHost())) {
                    return false;
                }
                if (trustedHostsOnly && !trustedHost(h.getHost())) {
                    return false;
                }
                int originPort = o.getPort() != -1 ? o.getPort() : "https".equalsIgnoreCase(o.getScheme()) ? 443 : 80;
                int hostPort = h.getPort();
                return originPort == hostPort || ownPorts.contains(originPort) || (hostPort == -1 && (originPort == 80 || originPort == 443));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        static String normalise(String origin) {
            String o = origin.trim().toLowerCase(Locale.ROOT);
            return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
        }
    }

    /** The request with its (small, already limited) body kept in memory. */
    private static final class CachedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding() == null ? StandardCharsets.UTF_8.name() : getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(), java.nio.charset.Charset.forName(encoding)));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }

    /** Whether the Content-Type header names {@code expected} (parameters such as charset aside). */
    private static boolean isType(String header, org.springframework.http.MediaType expected) {
        try {
            org.springframework.http.MediaType type = org.springframework.http.MediaType.parseMediaType(header);
            return type.getType().equals(expected.getType()) && type.getSubtype().equals(expected.getSubtype());
        } catch (org.springframework.http.InvalidMediaTypeException e) {
            return false;
        }
    }
}
