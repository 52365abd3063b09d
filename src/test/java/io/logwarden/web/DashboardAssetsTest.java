package io.logwarden.web;

import io.logwarden.support.LogwardenTestContext;
import io.logwarden.support.TestCredentials;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page links its scripts and stylesheets by content hash and is itself always revalidated; a file asked for
 * with its current hash is cached for a year, without it (or with an old hash) it is revalidated like before.
 */
class DashboardAssetsTest extends LogwardenTestContext {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void thePageLinksItsFilesByContentHashAndIsNeverKeptUnasked() throws Exception {
        HttpResponse<String> page = fetch("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().allValues("Cache-Control")).containsExactly("no-cache");
        String expected = sha256Prefix("static/dashboard.js");
        assertThat(page.body()).contains("src=\"/dashboard.js?v=" + expected + "\"")
                .contains("href=\"/dashboard.css?v=" + sha256Prefix("static/dashboard.css") + "\"")
                .containsPattern("src=\"/webjars/uplot/dist/uPlot\\.iife\\.min\\.js\\?v=[0-9a-f]{12}\"")
                .doesNotContain("src=\"/dashboard.js\"");

        // an unchanged page answers 304 to its ETag
        String etag = page.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).as("weak: Tomcat compresses no response with a strong ETag").startsWith("W/");
        assertThat(fetch("/", etag).statusCode()).isEqualTo(304);
        assertThat(fetch("/index.html", null).body()).isEqualTo(page.body());

        assertThat(versionedLinksCachedForAYear(page.body(), true))
                .as("uPlot's script and stylesheet, dashboard.js and dashboard.css").isEqualTo(4);

        for (String stale : List.of("/dashboard.js", "/dashboard.js?v=000000000000")) {
            assertThat(fetch(stale, null).headers().allValues("Cache-Control")).as(stale).containsExactly("no-cache");
        }
    }

    @Test
    void theLoginFormLinksItsFilesByContentHashForAnyone() throws Exception {
        HttpResponse<String> page = fetchAnonymously("/login?error", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().allValues("Cache-Control")).containsExactly("no-cache");
        assertThat(page.body()).contains("src=\"/login.js?v=" + sha256Prefix("static/login.js") + "\"")
                .contains("href=\"/dashboard.css?v=" + sha256Prefix("static/dashboard.css") + "\"")
                .contains("id=\"login-form\"");
        String etag = page.headers().firstValue("ETag").orElseThrow();
        assertThat(fetchAnonymously("/login", etag).statusCode()).isEqualTo(304);
        assertThat(fetchAnonymously("/login.html", null).body()).isEqualTo(page.body());

        // before any login: the form's own files are readable anonymously, and cached like the dashboard's
        assertThat(versionedLinksCachedForAYear(page.body(), false)).as("login.js and dashboard.css").isEqualTo(2);
        assertThat(fetchAnonymously("/login.js", null).headers().allValues("Cache-Control")).containsExactly("no-cache");
    }

    /** Fetches every versioned link of a page, checks it is cached for a year, and answers how many there were. */
    private int versionedLinksCachedForAYear(String page, boolean asViewer) throws IOException, InterruptedException {
        Matcher links = Pattern.compile("(?:src|href)=\"(/[^\"]+\\?v=[0-9a-f]{12})\"").matcher(page);
        int versioned = 0;
        while (links.find()) {
            HttpResponse<String> asset = asViewer ? fetch(links.group(1), null) : fetchAnonymously(links.group(1), null);
            assertThat(asset.statusCode()).as(links.group(1)).isEqualTo(200);
            assertThat(asset.headers().allValues("Cache-Control")).as(links.group(1))
                    .containsExactly("max-age=31536000, private, immutable");
            assertThat(asset.headers().firstValue("Pragma")).as(links.group(1)).isEmpty();
            versioned++;
        }
        return versioned;
    }

    private HttpResponse<String> fetch(String path, String ifNoneMatch) throws IOException, InterruptedException {
        return send(TestCredentials.asViewer(HttpRequest.newBuilder(uri(path))), ifNoneMatch);
    }

    private HttpResponse<String> fetchAnonymously(String path, String ifNoneMatch) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)), ifNoneMatch);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String ifNoneMatch) throws IOException, InterruptedException {
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sha256Prefix(String classpath) throws Exception {
        try (InputStream in = DashboardAssetsTest.class.getClassLoader().getResourceAsStream(classpath)) {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes())).substring(0, 12);
        }
    }
}
