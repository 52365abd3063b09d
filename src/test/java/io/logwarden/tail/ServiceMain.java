package io.logwarden.tail;

import io.logwarden.Logwarden;
import io.logwarden.live.WebSocketClients;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;

import java.time.Duration;

/**
 * The service as {@code java -jar} starts it, for tests that run it as a child JVM and kill it. One
 * addition: with {@code -Dlogwarden.test.await-websocket=true} start-up waits (at most two minutes)
 * after the WebSocket server is up and before the followed files are restored, until a client is
 * connected, so the test's recorder sees the score of every line read after a restart.
 */
public final class ServiceMain {

    private ServiceMain() {
    }

    public static void main(String[] args) {
        new SpringApplicationBuilder(Logwarden.class).listeners(new AwaitWebSocketClient()).run(args);
    }

    static final class AwaitWebSocketClient implements ApplicationListener<ApplicationStartedEvent> {
        @Override
        public void onApplicationEvent(ApplicationStartedEvent event) {
            if (!Boolean.getBoolean("logwarden.test.await-websocket")) {
                return;
            }
            WebSocketClients clients = event.getApplicationContext().getBean(WebSocketClients.class);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (clients.count() == 0 && System.nanoTime() < deadline) {
                try {
                    // polls: WebSocketClients offers no signal to wait on, and main sources stay untouched for a test hook
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
