package io.logwarden.settings;

import org.springframework.validation.annotation.Validated;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * The settings directly under {@code logwarden.*}; each feature keeps its own record for its sub-tree
 * ({@code logwarden.tail.*} in tail.TailProperties, {@code logwarden.kafka.*} in kafka.ScaleOutProperties, ...).
 * Paths below the data directory are computed here in code, never written as a {@code ${...}} default in
 * an annotation: Spring does not resolve placeholders in {@code @DefaultValue}, and such a default once
 * created a directory literally named {@code ${logwarden.data-dir:data}}.
 *
 * @param dataDir     where the service keeps what it writes (H2 database, demo log, read positions, learned
 *                    templates), relative to the working directory unless absolute
 * @param modelsDir   directory holding one sub-directory per trained model
 * @param model       name of the active model under models-dir; empty serves no model (statistical scorer)
 * @param role        standalone (no Kafka), agent (tail, then Kafka) or detector (Kafka, then score)
 * @param routesDir   directory of the YAML routes, loaded at start and reloaded when a file changes
 * @param bindAddress address the HTTP server and the WebSocket bind to; beyond loopback the service refuses to
 *                    start without credentials
 * @param pipeline    how the YAML routes are wired for the role; set from {@code role} at start-up
 */
@ConfigurationProperties(prefix = "logwarden")
@Validated
public record LogwardenProperties(@DefaultValue("./data") @NotNull Path dataDir,
                                  @DefaultValue("models") String modelsDir,
                                  @DefaultValue("demo") String model,
                                  @DefaultValue("standalone") @NotNull Role role,
                                  @DefaultValue("routes") String routesDir,
                                  @DefaultValue("127.0.0.1") String bindAddress,
                                  @DefaultValue Pipeline pipeline) {

    /**
     * Written by kafka.RoleDefaults from {@code logwarden.role}; an operator may still override each.
     *
     * @param linesEndpoint  where tail routes hand their lines (direct:lines-to-kafka for an agent)
     * @param agentRoutes    whether the agent's Kafka routes start
     * @param detectorRoutes whether the detector's Kafka routes start
     * @param liveEndpoint   where score, alert and incident messages go (direct:live-to-kafka for a detector)
     * @param liveGroupId    the detector's own consumer group for the live topic (logwarden-live-&lt;host&gt;-&lt;random&gt;)
     * @param groupLines     followed lines handed to the pipeline per exchange, as one chunk (routes/chunks.yaml);
     *                       1 (a line per exchange) for an agent, whose lines go to Kafka one by one, and a detector,
     *                       whose template ids may wait for the database and are retried per line
     * @param warmUpLines    generated lines sent through the chunk pipeline at start-up, before the service reports
     *                       ready and follows files, so that the JIT has compiled that code when the first followed
     *                       line arrives (io.logwarden.pipeline.PipelineWarmUp); 0 skips it. Only with
     *                       {@code group-lines} above 1 (the standalone role) and an active model.
     */
    public record Pipeline(@DefaultValue("direct:log-lines") String linesEndpoint,
                           @DefaultValue("false") boolean agentRoutes,
                           @DefaultValue("false") boolean detectorRoutes,
                           @DefaultValue("direct:websocket-enqueue") String liveEndpoint,
                           @DefaultValue("logwarden-live") String liveGroupId,
                           @DefaultValue("256") int groupLines,
                           @DefaultValue("20000") int warmUpLines) {
    }

    /** A path under the data directory, e.g. {@code resolve("demo/auth.log")}. */
    public Path resolve(String relative) {
        return dataDir.resolve(relative);
    }

    /** The data directory as an absolute, normalized path (what the service writes under). */
    public Path absoluteDataDir() {
        return dataDir.toAbsolutePath().normalize();
    }
}
