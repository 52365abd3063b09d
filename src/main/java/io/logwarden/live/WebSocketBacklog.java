package io.logwarden.live;

import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the broadcast queue (seda:websocket-out) in WebSocket frames rather than in exchanges: a scored batch's
 * score messages travel as one exchange of up to a batch of frames (routes/alerts.yaml), so a queue of
 * {@code logwarden.websocket.queue-size} exchanges could hold that many times more messages. routes/websocket.yaml
 * reserves a message's frames before it is queued and releases them when the broadcast takes it. As every exchange
 * holds at least one frame, the queue itself never fills before this bound does.
 */
@Component
public class WebSocketBacklog {

    private final int capacity;
    private final AtomicInteger queued = new AtomicInteger();

    public WebSocketBacklog(WebSocketProperties properties) {
        this.capacity = properties.queueSize();
    }

    /**
     * Makes room for the message's frames, or throws the seda queue's own "Queue full", which routes/websocket.yaml
     * counts as dropped. An empty queue takes a batch larger than the whole bound, so such a setting still shows scores.
     */
    public void reserve(Object body) {
        int frames = frames(body).size();
        int now;
        do {
            now = queued.get();
            if (now > 0 && now + frames > capacity) {
                throw new IllegalStateException("Queue full");
            }
        } while (!queued.compareAndSet(now, now + frames));
    }

    /** The broadcast took the message off the queue. */
    public void release(Object body) {
        queued.addAndGet(-frames(body).size());
    }

    /** Frames reserved and not yet taken by the broadcast. */
    public int queued() {
        return queued.get();
    }

    /** The frames a queued message carries: a batch's list of messages, or the one message it is. */
    public static List<?> frames(Object body) {
        if (body instanceof List<?> list) {
            return list;
        }
        if (body instanceof Collection<?> collection) {
            return List.copyOf(collection);
        }
        return body == null ? List.of() : List.of(body);
    }
}
