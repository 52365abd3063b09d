package io.logwarden.upload;

import io.logwarden.tail.AllowedRoots;
import io.logwarden.tail.FileReplay;
import io.logwarden.tail.TailProperties;
import io.logwarden.web.ApiException;
import io.logwarden.web.JsonRequests;
import io.logwarden.window.WindowProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Twelve uploads at once filled the heap (a black-box tester): one is replayed at a time, the others hear 429. */
class ConcurrentUploadsTest {

    @TempDir
    Path dir;

    @Test
    void aSecondUploadWhileOneIsReplayedIsTooManyRequestsAndTheNextOneRuns() throws Exception {
        Path log = Files.writeString(dir.resolve("app.log"), "sshd[1]: Accepted publickey for deploy\n");
        AllowedRoots roots = mock(AllowedRoots.class);
        when(roots.checkReadableFile(anyString())).thenReturn(log);
        when(roots.checkOpen(any())).thenReturn(log);
        FileReplay replay = mock(FileReplay.class);
        CountDownLatch replaying = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        FileReplay.Summary summary = new FileReplay.Summary("upload:app.log#1", 1, 0, 0, 1, 0, 0.1,
                mock(io.logwarden.tail.Uploads.Upload.class));
        when(replay.replay(anyString(), any(), anyInt())).thenAnswer(call -> {
            replaying.countDown();
            assertThat(finish.await(30, TimeUnit.SECONDS)).isTrue();
            return summary;
        });
        WindowProperties windows = mock(WindowProperties.class);
        when(windows.size()).thenReturn(10);
        when(windows.minSize()).thenReturn(2);
        when(windows.maxSize()).thenReturn(100);
        TailProperties tail = mock(TailProperties.class);
        when(tail.maxLineLength()).thenReturn(65_536);
        UploadApi api = new UploadApi(new JsonRequests(new ObjectMapper()), roots, replay, windows, tail,
                new UploadProperties(DataSize.ofMegabytes(512)));

        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            CompletableFuture<Object> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return api.upload(request(camel, log));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(replaying.await(30, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> api.upload(request(camel, log))).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.getStatus()).isEqualTo(429);
                assertThat(e.getCode()).isEqualTo("too_many_requests");
            });
            finish.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS)).isNotNull();
            assertThat(api.upload(request(camel, log))).as("the next one runs").containsEntry("status", "processed");
        }
    }

    private static Exchange request(DefaultCamelContext camel, Path log) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody("{\"log_file\":\"" + log + "\"}");
        return exchange;
    }
}
