package io.logwarden.web;

import io.logwarden.tail.AllowedRoots;
import io.logwarden.tail.FileReplay;
import io.logwarden.window.WindowProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * POST /api/v1/streaming/upload: a multipart file (field "file") or {"log_file": path} inside the
 * allowed roots, replayed once through the pipeline.
 */
@Component
public class UploadApi {

    private final JsonRequests requests;
    private final AllowedRoots allowedRoots;
    private final FileReplay replay;
    private final WindowProperties windows;

    public UploadApi(JsonRequests requests, AllowedRoots allowedRoots, FileReplay replay, WindowProperties windows) {
        this.requests = requests;
        this.allowedRoots = allowedRoots;
        this.replay = replay;
        this.windows = windows;
    }

    public Map<String, Object> upload(Exchange exchange) throws IOException {
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, "", String.class);
        FileReplay.Summary summary;
        if (contentType.toLowerCase().startsWith("multipart/")) {
            MultipartFile part = filePart(exchange);
            String name = part.getOriginalFilename() == null || part.getOriginalFilename().isBlank() ? "upload.log"
                    : Path.of(part.getOriginalFilename()).getFileName().toString();
            try (InputStream in = part.getInputStream()) {
                summary = replay.replay(name, in, windows.size());
            }
        } else {
            StartRequest request = requests.read(exchange.getMessage().getBody(String.class), StartRequest.class, null);
            Path path = allowedRoots.checkReadableFile(request.logFile());
            int size = request.windowSize() == null ? windows.size() : request.windowSize();
            if (size < windows.minSize() || size > windows.maxSize()) {
                throw new ApiException(400, "invalid_window_size", "\"window_size\" must be between " + windows.minSize()
                        + " and " + windows.maxSize() + ", got " + size);
            }
            try (InputStream in = Files.newInputStream(path)) {
                summary = replay.replay(path.getFileName().toString(), in, size);
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "processed");
        answer.put("source", summary.source());
        answer.put("lines", summary.lines());
        answer.put("sequences", summary.sequences());
        answer.put("alerts", summary.alerts());
        answer.put("templates", summary.templates());
        answer.put("errors", summary.errors());
        answer.put("seconds", summary.seconds());
        return answer;
    }

    private static MultipartFile filePart(Exchange exchange) {
        HttpServletRequest request = exchange.getMessage() instanceof PlatformHttpMessage http ? http.getRequest() : null;
        if (!(request instanceof MultipartHttpServletRequest multipart)) {
            throw new ApiException(400, "invalid_upload", "the multipart upload could not be read");
        }
        MultipartFile file = multipart.getFile("file");
        if (file == null) {
            throw new ApiException(400, "missing_file", "the multipart upload needs a part named \"file\"");
        }
        return file;
    }
}
