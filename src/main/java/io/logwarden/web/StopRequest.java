package io.logwarden.web;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of POST /api/v1/streaming/stop: the file to stop, nothing else. A start's window_size or from sent here is
 * refused as an unknown field rather than ignored, so a client mixing the two bodies up hears of it.
 */
public record StopRequest(@JsonProperty("log_file") String logFile) {
}
