package io.logwarden.web;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of POST /api/v1/streaming/start. */
public record StartRequest(@JsonProperty("log_file") String logFile, @JsonProperty("window_size") Integer windowSize,
                           @JsonProperty("from") String from) {
}
