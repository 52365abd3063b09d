package io.logwarden.live;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The broadcast queue's bound counts messages, whether they travel alone or as a scored batch's list. */
class WebSocketBacklogTest {

    private final WebSocketBacklog backlog = new WebSocketBacklog(new WebSocketProperties("127.0.0.1", 0, "/ws", "", 1000, 5, 2000));

    @Test
    void aBatchTakesRoomForEachOfItsMessages() {
        backlog.reserve(List.of("a", "b", "c"));
        backlog.reserve("d");
        assertThat(backlog.queued()).isEqualTo(4);

        assertThatThrownBy(() -> backlog.reserve(List.of("e", "f"))).isInstanceOf(IllegalStateException.class).hasMessage("Queue full");
        assertThat(backlog.queued()).as("a refused batch takes nothing").isEqualTo(4);

        backlog.release(List.of("a", "b", "c"));
        backlog.reserve(List.of("e", "f"));
        assertThat(backlog.queued()).isEqualTo(3);
    }

    @Test
    void anEmptyQueueTakesABatchLargerThanTheBound() {
        backlog.reserve(List.of("1", "2", "3", "4", "5", "6", "7"));
        assertThat(backlog.queued()).isEqualTo(7);
        assertThatThrownBy(() -> backlog.reserve("8")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void framesAreTheListOrTheOneMessage() {
        assertThat(WebSocketBacklog.frames(List.of("a", "b"))).isEqualTo(List.of("a", "b"));
        assertThat(WebSocketBacklog.frames("a")).isEqualTo(List.of("a"));
        assertThat(WebSocketBacklog.frames(null)).isEmpty();
    }
}
