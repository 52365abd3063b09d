package io.logwarden.web;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of POST /api/v1/models/train: a normal log (inside the allowed roots) and the model to write. */
public record TrainRequest(@JsonProperty("log_file") String logFile, @JsonProperty("name") String name,
                           @JsonProperty("format") String format, @JsonProperty("window") Integer window,
                           @JsonProperty("top_g") Integer topG, @JsonProperty("epochs") Integer epochs,
                           @JsonProperty("seed") Long seed) {
}
