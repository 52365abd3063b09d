package io.logwarden.tail;

import java.time.Instant;

/** A file the service follows, and the route that tails it. */
public record FollowedFile(String path, String routeId, int windowSize, StartFrom from, Instant startedAt) {
}
