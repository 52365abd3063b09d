package io.logwarden.web;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.context.request.WebRequest;
import org.webjars.WebJarVersionLocator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboard page and the login form with versioned asset links: every script and stylesheet they name goes out
 * as {@code /dashboard.js?v=<first 12 hex digits of its SHA-256>}. A browser may then keep those files for a year
 * without asking (VersionedAssetCache) and still never runs an old dashboard.js after an upgrade, because the pages
 * themselves are always revalidated ({@code no-cache}, with an ETag) and name the new version.
 */
@Controller
public class DashboardAssets {

    private static final Pattern ASSET = Pattern.compile("(src|href)=\"(/[^\"?#]+\\.(?:js|css))\"");
    private final Map<String, String> versions = new ConcurrentHashMap<>();
    private final Page dashboard;
    private final Page login;

    /** A page as served: its asset links versioned, and its ETag. */
    private record Page(String html, String tag) {
    }

    public DashboardAssets() {
        WebJarVersionLocator webjars = new WebJarVersionLocator();
        dashboard = render("static/index.html", webjars);
        login = render("static/login.html", webjars);
    }

    private Page render(String classpath, WebJarVersionLocator webjars) {
        String html = new String(read(classpath), StandardCharsets.UTF_8);
        Matcher m = ASSET.matcher(html);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String path = m.group(2);
            String version = versions.computeIfAbsent(path, p -> hash(read(classpathOf(p, webjars))));
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + "=\"" + path + "?v=" + version + "\""));
        }
        m.appendTail(out);
        String page = out.toString();
        // weak: Tomcat does not compress a response with a strong ETag (the compressed bytes would differ)
        return new Page(page, "W/\"" + hash(page.getBytes(StandardCharsets.UTF_8)) + "\"");
    }

    @GetMapping({"/", "/index.html"})
    public ResponseEntity<String> page(WebRequest request) {
        return answer(dashboard, request);
    }

    /** The login form (anyone may load it and its files; see OpsSecurity). */
    @GetMapping({"/login", "/login.html"})
    public ResponseEntity<String> login(WebRequest request) {
        return answer(login, request);
    }

    private static ResponseEntity<String> answer(Page page, WebRequest request) {
        if (request.checkNotModified(page.tag())) {
            return null;
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).eTag(page.tag())
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8)).body(page.html());
    }

    /** The current version of an asset the page links, or null for any other path. */
    public String versionOf(String path) {
        return versions.get(path);
    }

    private static String classpathOf(String path, WebJarVersionLocator webjars) {
        if (path.startsWith("/webjars/")) {
            String rest = path.substring("/webjars/".length());
            int slash = rest.indexOf('/');
            String full = webjars.fullPath(rest.substring(0, slash), rest.substring(slash + 1));
            if (full == null) {
                throw new IllegalStateException("a page links " + path + ", which no webjar on the classpath holds");
            }
            return full;
        }
        return "static" + path;
    }

    private static byte[] read(String classpath) {
        try (InputStream in = new ClassPathResource(classpath).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the dashboard needs " + classpath + " on the classpath", e);
        }
    }

    private static String hash(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
