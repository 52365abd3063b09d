package io.logwarden.upload;

import io.logwarden.tail.TailProperties;
import io.logwarden.tail.AllowedRoots;
import io.logwarden.tail.FileReplay;
import io.logwarden.tail.PathNotAllowedException;
import io.logwarden.web.ApiException;
import io.logwarden.web.JsonRequests;
import io.logwarden.web.StartRequest;
import io.logwarden.web.StreamingApi;
import io.logwarden.window.WindowProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.util.unit.DataSize;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * POST /api/v1/streaming/upload: a multipart file (field "file") or {"log_file": path} inside the
 * allowed roots, replayed once through the pipeline. Binary content is refused (415) before any line is
 * replayed, lines are cut at the tail's line-length limit, and the size is bounded (logwarden.upload.max-size).
 */
@Component
public class UploadApi {

    private final JsonRequests requests;
    private final AllowedRoots allowedRoots;
    private final FileReplay replay;
    private final WindowProperties windows;
    private final int maxLineLength;
    private final DataSize maxSize;

    public UploadApi(JsonRequests requests, AllowedRoots allowedRoots, FileReplay replay, WindowProperties windows,
                     TailProperties tail, UploadProperties upload) {
        this.requests = requests;
        this.allowedRoots = allowedRoots;
        this.replay = replay;
        this.windows = windows;
        this.maxLineLength = tail.maxLineLength();
        this.maxSize = upload.maxSize();
    }

    /**
     * Replays at a time. Each replays a whole file through parsing, windows and scoring at full speed: twelve 7 MB
     * uploads at once (a black-box tester) filled a 768 MB heap, failed eight with 500s and left a service that
     * no longer answered its liveness probe nor stopped on SIGTERM. One at a time; the rest are told to retry.
     */
    static final int CONCURRENT_REPLAYS = 1;
    private final Semaphore replays = new Semaphore(CONCURRENT_REPLAYS);

    public Map<String, Object> upload(Exchange exchange) throws IOException {
        if (!replays.tryAcquire()) {
            throw new ApiException(429, "too_many_requests", "another upload is being replayed (" + CONCURRENT_REPLAYS
                    + " at a time); send this one again when it is done");
        }
        try {
            return replay(exchange);
        } finally {
            replays.release();
        }
    }

    private Map<String, Object> replay(Exchange exchange) throws IOException {
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, "", String.class);
        FileReplay.Summary summary;
        UploadContent.LineLimit limited;
        if (contentType.toLowerCase().startsWith("multipart/")) {
            MultipartFile part = filePart(exchange);
            String name = part.getOriginalFilename() == null || part.getOriginalFilename().isBlank() ? "upload.log"
                    : Path.of(part.getOriginalFilename()).getFileName().toString();
            try (InputStream in = part.getInputStream()) {
                UploadContent.checkText(in, name);
            }
            try (InputStream in = part.getInputStream()) {
                limited = new UploadContent.LineLimit(in, maxLineLength);
                summary = replay.replay(name, limited, windows.size());
            }
        } else {
            StartRequest request = requests.read(exchange.getMessage().getBody(String.class), StartRequest.class);
            allowedRoots.checkReadableFile(request.logFile());
            int size = request.windowSize() == null ? windows.size() : request.windowSize();
            if (size < windows.minSize() || size > windows.maxSize()) {
                throw new ApiException(400, "invalid_window_size", "\"window_size\" must be between " + windows.minSize()
                        + " and " + windows.maxSize() + ", got " + size);
            }
            Path real = realPath(request.logFile());
            if (Files.size(real) > maxSize.toBytes()) {
                throw new ApiException(413, "upload_too_large", real.getFileName() + " is larger than " + maxSize
                        + " (logwarden.upload.max-size)");
            }
            try (InputStream in = Files.newInputStream(real)) {
                UploadContent.checkText(in, real.getFileName().toString());
            }
            try (InputStream in = Files.newInputStream(real)) {
                limited = new UploadContent.LineLimit(in, maxLineLength);
                summary = replay.replay(real.getFileName().toString(), limited, size);
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "processed");
        answer.put("source", summary.source());
        answer.put("lines", summary.lines());
        answer.put("lines_truncated", limited.truncated());
        answer.put("sequences", summary.sequences());
        answer.put("alerts", summary.alerts());
        answer.put("templates", summary.templates());
        answer.put("errors", summary.errors());
        answer.put("seconds", summary.seconds());
        StreamingApi.putLogTime(answer, summary.upload());
        return answer;
    }

    /** The file's real path, checked again at open time (a symlink swapped in after the first check is refused). */
    private Path realPath(String requested) throws IOException {
        try {
            return allowedRoots.checkOpen(Path.of(requested.trim()));
        } catch (PathNotAllowedException e) {
            throw new ApiException(403, "path_not_allowed", e.getMessage());
        }
    }

    private static MultipartFile filePart(Exchange exchange) {
        HttpServletRequest request = exchange.getMessage() instanceof PlatformHttpMessage http ? http.getRequest() : null;
        if (!(request instanceof MultipartHttpServletRequest multipart)) {
            throw new ApiException(400, "invalid_upload", "the multipart upload could not be read");
        }
        java.util.List<MultipartFile> files = multipart.getFiles("file");
        if (files.isEmpty()) {
            throw new ApiException(400, "missing_file", "the multipart upload needs a part named \"file\"");
        }
        if (files.size() > 1) {
            // only the first was replayed, and the client was told nothing of the others
            throw new ApiException(400, "invalid_upload", "the multipart upload takes one part named \"file\"; it has "
                    + files.size() + ": send one upload per file");
        }
        // the servlet's parameters hold the query's and the form's fields alike: the message names each as what it is
        java.util.Set<String> query = new java.util.TreeSet<>(UriComponentsBuilder.newInstance()
                .query(request.getQueryString()).build().getQueryParams().keySet());
        java.util.Set<String> parts = new java.util.TreeSet<>(multipart.getFileMap().keySet());
        parts.addAll(multipart.getParameterMap().keySet());
        parts.remove("file");
        parts.removeAll(query);
        if (!parts.isEmpty() || !query.isEmpty()) {
            // a form field such as window_size is not read from a multipart upload: refused rather than ignored
            java.util.List<String> found = new java.util.ArrayList<>();
            if (!parts.isEmpty()) {
                found.add((parts.size() == 1 ? "the part " : "the parts ") + String.join(", ", parts));
            }
            if (!query.isEmpty()) {
                found.add((query.size() == 1 ? "the query parameter " : "the query parameters ") + String.join(", ", query));
            }
            throw new ApiException(400, "unknown_field", "the multipart upload takes only a part named \"file\" and no "
                    + "query parameter; it also has " + String.join(" and ", found));
        }
        return files.get(0);
    }
}
