package io.logwarden.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void aWriteThatFailsHalfwayLeavesTheOldFileWholeAndNoTemporaryBehind() throws IOException {
        Path file = dir.resolve("positions/app.position");
        AtomicFiles.replace(file, out -> out.write("offset=10\n".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> AtomicFiles.replace(file, out -> {
            out.write("offset=2".getBytes(StandardCharsets.UTF_8));
            throw new IOException("No space left on device");
        })).hasMessageContaining("No space left");

        assertThat(Files.readString(file)).isEqualTo("offset=10\n");
        try (var entries = Files.list(file.getParent())) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("app.position");
        }
    }

    @Test
    void aReplacedStateFileIsPrivateToItsOwner() throws IOException {
        Path file = dir.resolve("followed.json");
        Files.writeString(file, "[]");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

        AtomicFiles.replace(file, out -> out.write("[1]".getBytes(StandardCharsets.UTF_8)));

        assertThat(Files.readString(file)).isEqualTo("[1]");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aUsersOutputKeepsItsPermissionsOrGetsThoseOfANewFile() throws IOException {
        Path existing = dir.resolve("out.csv");
        Files.writeString(existing, "old");
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-rw----"));
        Path created = dir.resolve("new/out.csv");

        AtomicFiles.replaceKeepingPermissions(existing, out -> out.write('x'));
        AtomicFiles.replaceKeepingPermissions(created, out -> out.write('y'));

        assertThat(Files.readString(existing)).isEqualTo("x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing))).isEqualTo("rw-rw----");
        assertThat(Files.readString(created)).isEqualTo("y");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created))).isEqualTo("rw-r--r--");
    }
}
