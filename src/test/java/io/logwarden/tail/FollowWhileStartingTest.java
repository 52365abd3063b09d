package io.logwarden.tail;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * A follow request that arrives while Camel is still starting its routes is refused (503 starting): a black-box
 * tester's request answered "started" then was listed as followed with its route removed, and never read.
 */
class FollowWhileStartingTest {

    @TempDir
    Path data;

    @Test
    void aFollowBeforeCamelHasStartedIsRefusedAndNothingIsListed() throws Exception {
        Path log = Files.writeString(data.resolve("app.log"), "a line\n");
        AllowedRoots roots = mock(AllowedRoots.class);
        TailingStreamComponent stream = mock(TailingStreamComponent.class);
        when(stream.getPositionStore()).thenReturn(mock(PositionStore.class));
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.build(); // built, not started: what the REST routes see while the others still start
            TailManager tails = new TailManager(camel, roots, null, null, null, null, stream, data.toString(), null);

            assertThatThrownBy(() -> tails.start(log.toString(), null, null))
                    .isInstanceOfSatisfying(TailRequestException.class, e -> {
                        assertThat(e.kind()).isEqualTo(TailRequestException.Kind.UNAVAILABLE);
                        assertThat(e.code()).isEqualTo("starting");
                    });
            assertThat(tails.followed()).isEmpty();
            assertThat(camel.getRoutes()).isEmpty();
            verifyNoInteractions(roots);
        }
    }
}
