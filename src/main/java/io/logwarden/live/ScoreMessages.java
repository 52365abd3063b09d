package io.logwarden.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Which windows get a {@code score} message when scores come faster than {@code logwarden.websocket.score-rate} per
 * second: a window that raises an alert always does, and so does the last window of each scored batch (what a
 * source looks like now, and the message a client waiting for a line's verdict gets); the others pass while the
 * rate allows and are counted in {@code logwarden_websocket_scores_sampled_out_total} otherwise. Decided before the
 * message is built: a score message's JSON was most of the score-routing thread, the stage that limited the
 * service once lines were read in chunks, and no dashboard shows thousands of scores a second.
 */
@Component
public class ScoreMessages {

    private final ScoreSampler sampler;
    private final Counter sampledOut;

    public ScoreMessages(WebSocketProperties websocket, MeterRegistry meters) {
        this.sampler = new ScoreSampler(websocket.scoreRate(), System::nanoTime);
        this.sampledOut = Counter.builder("logwarden.websocket.scores.sampled.out")
                .description("Score messages not sent to WebSocket clients because scores came faster than "
                        + "logwarden.websocket.score-rate (and, from the live topic of a detector replica, "
                        + "logwarden.kafka.live-score-rate) per second; alerts and incidents are never sampled")
                .register(meters);
    }

    /** Whether this window's score message is sent; {@code always} for an alerting window or a batch's last. */
    public boolean send(boolean always) {
        if (always || sampler.admit()) {
            return true;
        }
        sampledOut.increment();
        return false;
    }

    /** The count of score messages not sent (a detector replica also counts what it passes on from the live topic). */
    public Counter sampledOut() {
        return sampledOut;
    }
}
