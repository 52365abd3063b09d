package io.logwarden.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a browser does with the dashboard's login: a cookie jar, the form login at /login with its CSRF field,
 * and the XSRF-TOKEN cookie to send back as X-XSRF-TOKEN on state-changing calls.
 */
public final class BrowserSession {

    private final URI base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private HttpResponse<String> loginResponse;

    private BrowserSession(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Logs in through the form; fails the test if the login is refused. */
    public static BrowserSession login(int httpPort, String user, String password) {
        BrowserSession session = new BrowserSession(URI.create("http://localhost:" + httpPort));
        session.send(HttpRequest.newBuilder(session.uri("/login")).GET().build());
        String form = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(session.csrf());
        HttpResponse<String> response = session.send(HttpRequest.newBuilder(session.uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build());
        String location = response.headers().firstValue("Location").orElse("");
        if (response.statusCode() != 302 || location.contains("error")) {
            throw new AssertionError("login of " + user + " refused: " + response.statusCode() + " " + location);
        }
        session.loginResponse = response;
        session.get("/"); // follow the redirect, as a browser does: the new session's XSRF-TOKEN cookie comes with it
        return session;
    }

    public HttpResponse<String> loginResponse() {
        return loginResponse;
    }

    public URI uri(String path) {
        return base.resolve(path);
    }

    /** The current XSRF-TOKEN cookie (Spring Security issues a new one at login). */
    public String csrf() {
        List<HttpCookie> jar = cookies.getCookieStore().get(base);
        return jar.stream().filter(c -> c.getName().equals("XSRF-TOKEN")).map(HttpCookie::getValue).findFirst()
                .orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie: " + jar));
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A JSON POST as the dashboard sends it: with the CSRF header. */
    public HttpResponse<String> postJson(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").header("X-XSRF-TOKEN", csrf())
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
