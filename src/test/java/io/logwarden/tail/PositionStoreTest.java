package io.logwarden.tail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The saved position and the newer generations saved with it survive a restart as they were written. */
class PositionStoreTest {

    @TempDir
    Path dir;

    @Test
    void theNewerGenerationsAreReadBackInOrder() throws Exception {
        PositionStore store = new PositionStore(dir);
        TailPosition position = new TailPosition(new FileIdentity(64768, 1234, 1024, 0xcafeL), 4096, 77, 1,
                new TailCheck(64, 0xbeefL));
        List<FileIdentity> next = List.of(new FileIdentity(64768, 1300, 512, 0x1L), new FileIdentity(64768, 1301, 0, 0L));
        List<FileIdentity> read = List.of(new FileIdentity(64768, 1200, 1024, 0x2L), position.identity(), next.get(0));
        store.save("/var/log/app.log", position, next, read);

        assertThat(store.load("/var/log/app.log")).contains(position);
        assertThat(store.loadNext("/var/log/app.log")).containsExactlyElementsOf(next);
        assertThat(store.loadRead("/var/log/app.log")).containsExactlyElementsOf(read);
    }

    @Test
    void aPositionSavedBeforeGenerationsWereRecordedHasNone() throws Exception {
        PositionStore store = new PositionStore(dir);
        TailPosition position = new TailPosition(new FileIdentity(1, 2, 3, 4), 5, 6);
        store.save("/var/log/app.log", position);
        // the format of earlier versions: the same keys without next.* and read.*
        Path file = store.fileFor("/var/log/app.log");
        List<String> older = Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.startsWith("next.") && !l.startsWith("read.")).toList();
        Files.write(file, older, StandardCharsets.UTF_8);

        assertThat(store.load("/var/log/app.log")).contains(position);
        assertThat(store.loadNext("/var/log/app.log")).isEmpty();
        assertThat(store.loadRead("/var/log/app.log")).isEmpty();
        assertThat(store.loadNext("/var/log/never-followed.log")).isEmpty();
    }
}
