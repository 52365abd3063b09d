package io.logwarden.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.logwarden.parse.LogParser;
import io.logwarden.parse.TemplateStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.Locale;

/**
 * Switches this process to another model: the network ({@link ModelManager}) and the parser's templates
 * together, one switch at a time, whether an operator asked this replica's API or another detector replica
 * announced the activation to the cluster ({@link #follow}). What became of the cluster's last activation
 * here is kept for GET /api/v1/models and the {@code logwarden.model.cluster.mismatch} gauge.
 */
@Component
public class ModelActivation {

    private static final Logger log = LoggerFactory.getLogger(ModelActivation.class);

    /** What a replica made of the cluster's model. */
    public enum State {
        /** this replica scores with it */
        ACTIVE,
        /** no model directory of that name here: the replica keeps its model */
        MISSING,
        /** a directory of that name holds another network (checksum): the replica keeps its model */
        DIFFERENT,
        /** it failed to load here: the replica keeps its model */
        FAILED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** GET /api/v1/models {@code cluster}: the cluster's model and whether this replica runs it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClusterStatus(@JsonUnwrapped SharedModel model, State state, @JsonProperty("this_replica") String replica,
                                String message) {
    }

    private final ModelManager models;
    private final LogParser parser;
    private volatile ClusterStatus cluster;

    public ModelActivation(ModelManager models, LogParser parser, MeterRegistry meters) {
        this.models = models;
        this.parser = parser;
        Gauge.builder("logwarden.model.cluster.mismatch", this, ModelActivation::mismatch)
                .description("1 while this detector replica does not score with the model last activated for the cluster "
                        + "(missing here, another network under that name, or failed to load; GET /api/v1/models says which)")
                .register(meters);
    }

    /** Activates a model directory by name on this process; throws when it does not exist or cannot load. */
    public synchronized DeepLogModel activate(String name) throws IOException {
        DeepLogModel loaded = models.activate(name);
        // the model's vocabulary is the template ids of its own templates.json: parse with those from now on
        parser.reload(models.store().root().resolve(name).resolve(TemplateStore.FILE_NAME));
        return loaded;
    }

    public String checksum(String name) throws IOException {
        return models.store().networkChecksum(name);
    }

    /** This replica's API activated {@code shared} (already active here) and announced it to the cluster. */
    public void announced(SharedModel shared, String replica) {
        cluster = new ClusterStatus(shared, State.ACTIVE, replica, null);
    }

    /**
     * Another replica (or this one) activated {@code shared} for the cluster: activate it here unless it is
     * active already. A model this replica lacks, holds in another version or cannot load leaves the current
     * one scoring, with a WARN and the state in {@link #cluster()}; nothing here throws.
     */
    public synchronized ClusterStatus follow(SharedModel shared, String replica) {
        ClusterStatus status;
        DeepLogModel active = models.active();
        String current = active == null ? "none (statistical fallback)" : active.name();
        String origin = "activated by " + shared.actor() + " on replica " + shared.replica() + " at " + shared.at();
        try {
            if (!models.store().exists(shared.model())) {
                status = refuse(shared, replica, State.MISSING, "no model directory \"" + shared.model() + "\" in " + models.store().root().toAbsolutePath()
                        + " on replica " + replica + "; it keeps scoring with model " + current
                        + ". Copy the model directory to this replica and activate the model again");
            } else if (shared.checksum() != null && !shared.checksum().equals(checksum(shared.model()))) {
                status = refuse(shared, replica, State.DIFFERENT, "model directory \"" + shared.model() + "\" on replica " + replica
                        + " holds another network than on replica " + shared.replica() + " (checksum " + shorten(checksum(shared.model()))
                        + " here, " + shorten(shared.checksum()) + " there); it keeps scoring with model " + current);
            } else if (active != null && active.name().equals(shared.model())) {
                status = new ClusterStatus(shared, State.ACTIVE, replica, null);
            } else {
                activate(shared.model());
                log.info("Model {} active on replica {} as the cluster's model ({})", shared.model(), replica, origin);
                status = new ClusterStatus(shared, State.ACTIVE, replica, null);
            }
        } catch (IOException | RuntimeException e) {
            status = refuse(shared, replica, State.FAILED, "model " + shared.model() + " failed to load on replica " + replica
                    + ": " + e.getMessage() + "; it keeps scoring with model " + current);
        }
        cluster = status;
        return status;
    }

    private static ClusterStatus refuse(SharedModel shared, String replica, State state, String message) {
        log.warn("Cluster model {} ({}) NOT active here: {}", shared.model(),
                "activated by " + shared.actor() + " on replica " + shared.replica() + " at " + shared.at(), message);
        return new ClusterStatus(shared, state, replica, message);
    }

    /** The cluster's last activation and what became of it here; null when none was seen (standalone, agent). */
    public ClusterStatus cluster() {
        return cluster;
    }

    private double mismatch() {
        ClusterStatus status = cluster;
        return status == null || status.state() == State.ACTIVE ? 0 : 1;
    }

    private static String shorten(String checksum) {
        return checksum.length() > 12 ? checksum.substring(0, 12) : checksum;
    }
}
