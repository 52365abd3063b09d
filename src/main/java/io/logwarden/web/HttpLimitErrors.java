package io.logwarden.web;

import org.springframework.boot.autoconfigure.web.servlet.MultipartProperties;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

import java.time.Duration;

/**
 * The two limits Spring MVC enforces before or around a Camel REST route: the answer time of a
 * request (an upload answers only once its last window is scored) and the upload size. Without this,
 * both came back as Spring's generic error page, naming neither the limit nor what happened to the work.
 */
@RestControllerAdvice
public class HttpLimitErrors {

    private final Duration requestTimeout;
    private final String maxUploadSize;

    public HttpLimitErrors(WebMvcProperties mvc, MultipartProperties multipart) {
        // unset: Tomcat's own async timeout, 30 s
        this.requestTimeout = mvc.getAsync().getRequestTimeout() == null ? Duration.ofSeconds(30) : mvc.getAsync().getRequestTimeout();
        this.maxUploadSize = readable(multipart.getMaxFileSize());
    }

    /** 536870912 bytes as "512MB", the way operators write the setting. */
    static String readable(DataSize size) {
        long bytes = size.toBytes();
        for (DataUnit unit : new DataUnit[] {DataUnit.TERABYTES, DataUnit.GIGABYTES, DataUnit.MEGABYTES, DataUnit.KILOBYTES}) {
            long per = DataSize.of(1, unit).toBytes();
            if (bytes >= per && bytes % per == 0) {
                return bytes / per + unit.name().substring(0, 1) + "B";
            }
        }
        return bytes + "B";
    }

    @ExceptionHandler(AsyncRequestTimeoutException.class)
    ResponseEntity<ApiError> timedOut() {
        return answer(HttpStatus.SERVICE_UNAVAILABLE, new ApiError("request_timeout", "no answer within " + requestTimeout.toSeconds()
                + " s (spring.mvc.async.request-timeout); the work goes on: an upload keeps being scored, and "
                + "GET /api/v1/streaming/status shows its counts"));
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ApiError> tooLarge(MaxUploadSizeExceededException e) {
        String cause = String.valueOf(e.getMostSpecificCause().getMessage());
        if (cause.toLowerCase(java.util.Locale.ROOT).contains("header")) {
            // Tomcat's limit on one part's headers (server.tomcat.max-part-header-size) is reported as a size exceeded
            return answer(HttpStatus.BAD_REQUEST, new ApiError("upload_headers_too_large", "a part's headers (its file name "
                    + "and other fields) are longer than server.tomcat.max-part-header-size allows; send the file under a "
                    + "shorter name"));
        }
        return answer(HttpStatus.PAYLOAD_TOO_LARGE, new ApiError("upload_too_large", "the upload is larger than " + maxUploadSize
                + " (logwarden.upload.max-size); for a file on this machine, send {\"log_file\": path} instead"));
    }

    /** A body that says multipart but cannot be read as one (no boundary, cut short): the client's error. */
    @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
    ResponseEntity<ApiError> unreadableMultipart(org.springframework.web.multipart.MultipartException e) {
        Throwable cause = e.getMostSpecificCause();
        return answer(HttpStatus.BAD_REQUEST, new ApiError("invalid_upload", "the multipart/form-data body could not be read ("
                + ApiException.shorten(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage())
                + "); send the log as a form field named \"file\" with a boundary in the Content-Type"));
    }

    private static ResponseEntity<ApiError> answer(HttpStatus status, ApiError error) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(error);
    }
}
