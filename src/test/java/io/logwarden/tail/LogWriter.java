package io.logwarden.tail;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A log writer like an application's: keeps the file open in append mode, writes numbered lines
 * (sometimes in several pieces), and takes part in rotations the way logrotate and applications do.
 * Every line it writes is remembered, in order, for exact accounting.
 */
final class LogWriter implements AutoCloseable {

    private final Path file;
    private final List<String> written = new ArrayList<>();
    private FileOutputStream out;
    private int next;
    private int rotation;

    LogWriter(Path file) throws IOException {
        this.file = file;
        this.out = new FileOutputStream(file.toFile(), true);
    }

    synchronized List<String> written() {
        return List.copyOf(written);
    }

    synchronized int count() {
        return written.size();
    }

    /** Appends n numbered lines; every third one is written in three pieces with pauses in between. */
    synchronized void append(int n, boolean pieces) throws IOException {
        for (int i = 0; i < n; i++) {
            String line = String.format("line-%06d some payload %d", next, next * 7);
            next++;
            byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
            if (pieces && next % 3 == 0) {
                int a = bytes.length / 3;
                int b = 2 * bytes.length / 3;
                out.write(bytes, 0, a);
                out.flush();
                pause();
                out.write(bytes, a, b - a);
                out.flush();
                pause();
                out.write(bytes, b, bytes.length - b);
            } else {
                out.write(bytes);
            }
            out.flush();
            written.add(line);
        }
    }

    /** logrotate's default: rename, the app writes a few more lines into the old file, then reopens a new one. */
    synchronized void renameAndCreate(int linesIntoOldFile) throws IOException {
        Path rotated = file.resolveSibling(file.getFileName() + "." + (++rotation));
        Files.move(file, rotated, StandardCopyOption.ATOMIC_MOVE);
        append(linesIntoOldFile, false);
        out.close();
        out = new FileOutputStream(file.toFile(), true);
    }

    /** logrotate's copytruncate (the reader must have caught up: lines written between copy and truncate are lost by design). */
    synchronized void copyTruncate() throws IOException {
        Path rotated = file.resolveSibling(file.getFileName() + "." + (++rotation));
        Files.copy(file, rotated, StandardCopyOption.REPLACE_EXISTING);
        truncate();
    }

    synchronized void truncate() throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
    }

    synchronized void deleteAndRecreate() throws IOException {
        out.close();
        Files.delete(file);
        out = new FileOutputStream(file.toFile(), true);
    }

    /** Between the pieces of one line, as a writer that flushes mid-line does: the behaviour under test. */
    private static void pause() {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(0, 3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
