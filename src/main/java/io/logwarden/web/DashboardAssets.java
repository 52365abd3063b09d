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
 * The dashboard page with versioned asset links: every script and stylesheet it names goes out as
 * {@code /dashboard.js?v=<first 12 hex digits of its SHA-256>}. A browser may then keep those files for a year
 * without asking (VersionedAssetCache) and still never runs an old dashboard.js after an upgrade, because the page
 * itself is always revalidated ({@code no-cache}, with an ETag) and names the new version.
 */
@Controller
public class DashboardAssets {

    private static final Pattern ASSET = Pattern.compile("(src|href)=\"(/[^\"?#]+\\.(?:js|css))\"");
    private final Map<String, String> versions = new ConcurrentHashMap<>();
    private final String page;
    private final String pageTag;

    public DashboardAssets() {
        String html = new String(read("static/index.html"), StandardCharsets.UTF_8);
        WebJarVersionLocator webjars = new WebJarVersionLocator();
        Matcher m = ASSET.matcher(html);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String path = m.group(2);
            String version = versions.computeIfAbsent(path, p -> hash(read(classpathOf(p, webjars))));
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + "=\"" + path + "?v=" + version + "\""));
        }
        m.appendTail(out);
        page = out.toString();
        // weak: Tomcat does not compress a response with a strong ETag (the compressed bytes would differ)
        pageTag = "W/\"" + hash(page.getBytes(StandardCharsets.UTF_8)) + "\"";
    }

    @GetMapping({"/", "/index.html"})
    public ResponseEntity<String> page(WebRequest request) {
        if (request.checkNotModified(pageTag)) {
            return null;
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).eTag(pageTag)
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8)).body(page);
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
                throw new IllegalStateException("index.html links " + path + ", which no webjar on the classpath holds");
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
