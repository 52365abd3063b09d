package io.logwarden.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * A dashboard asset asked for with its current content hash ({@code /dashboard.js?v=<hash>}, as the page links it)
 * is cached for a year as immutable: its content can never change under that address. Without the hash, or with an
 * old one, it stays {@code no-cache} (spring.web.resources.cache), so a stale version is never kept under a new name.
 */
@Component
public class VersionedAssetCache extends OncePerRequestFilter {

    static final String IMMUTABLE = "max-age=31536000, private, immutable";
    private final DashboardAssets assets;

    public VersionedAssetCache(DashboardAssets assets) {
        this.assets = assets;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String version = request.getParameter("v");
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return version == null || !version.equals(assets.versionOf(path))
                || !("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Cache-Control", IMMUTABLE);
        // the resource handler (and Spring Security's header writer) would set no-cache: theirs is dropped
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void setHeader(String name, String value) {
                if (!cacheHeader(name)) {
                    super.setHeader(name, value);
                }
            }

            @Override
            public void addHeader(String name, String value) {
                if (!cacheHeader(name)) {
                    super.addHeader(name, value);
                }
            }

            @Override
            public void setDateHeader(String name, long date) {
                if (!"Expires".equalsIgnoreCase(name)) {
                    super.setDateHeader(name, date);
                }
            }
        });
    }

    private static boolean cacheHeader(String name) {
        return "Cache-Control".equalsIgnoreCase(name) || "Pragma".equalsIgnoreCase(name) || "Expires".equalsIgnoreCase(name);
    }
}
