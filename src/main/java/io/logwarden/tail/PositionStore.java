package io.logwarden.tail;

import io.logwarden.files.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Properties;
import java.util.zip.CRC32C;

/**
 * Read positions, one small properties file per followed path under {@code <data-dir>/positions/}.
 * Each is replaced atomically (write to a temp file, then rename), so a crash leaves the old or the
 * new position, never half of one.
 */
public class PositionStore {

    private static final Logger log = LoggerFactory.getLogger(PositionStore.class);
    private final Path directory;

    public PositionStore(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    public Path fileFor(String path) {
        CRC32C crc = new CRC32C();
        crc.update(path.getBytes(StandardCharsets.UTF_8));
        String readable = path.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^_+", "");
        if (readable.length() > 80) {
            readable = readable.substring(readable.length() - 80);
        }
        return directory.resolve(readable + "-" + Long.toHexString(crc.getValue()) + ".position");
    }

    public Optional<TailPosition> load(String path) {
        return read(path, p -> {
            FileIdentity identity = identity(p, "");
            // absent in positions saved before rewrites were counted: nothing was cut since; absent in positions saved
            // before the bytes before them were checked: resumed as before, on the first KiB and the size alone
            TailCheck tail = new TailCheck(Integer.parseInt(p.getProperty("tailLength", "0")),
                    Long.parseUnsignedLong(p.getProperty("tailChecksum", "0"), 16));
            return new TailPosition(identity, Long.parseLong(p.getProperty("offset")),
                    Long.parseLong(p.getProperty("lines")), Long.parseLong(p.getProperty("rewrites", "0")), tail);
        }, "the file is treated as never read");
    }

    /**
     * The newer generations saved with the position (files opened after the one the position is in, oldest first);
     * empty when there were none, or the position was saved before they were recorded.
     */
    public List<FileIdentity> loadNext(String path) {
        return read(path, p -> identities(p, "next."), "no newer generation is looked for").orElse(List.of());
    }

    /**
     * The files the reader had read when the position was saved ({@link TailState#filesRead}): what it answers another
     * reader that finds one of them under a rotated name after a restart. Empty when saved before they were recorded.
     */
    public List<FileIdentity> loadRead(String path) {
        return read(path, p -> identities(p, "read."), "generations read before are not known").orElse(List.of());
    }

    private static List<FileIdentity> identities(Properties p, String prefix) {
        int count = Integer.parseInt(p.getProperty(prefix + "count", "0"));
        List<FileIdentity> identities = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            identities.add(identity(p, prefix + i + "."));
        }
        return identities;
    }

    private static void putAll(Properties p, String prefix, List<FileIdentity> identities) {
        p.setProperty(prefix + "count", Integer.toString(identities.size()));
        for (int i = 0; i < identities.size(); i++) {
            put(p, prefix + i + ".", identities.get(i));
        }
    }

    private <T> Optional<T> read(String path, java.util.function.Function<Properties, T> parse, String otherwise) {
        Path file = fileFor(path);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
            return Optional.of(parse.apply(p));
        } catch (IOException | RuntimeException e) {
            log.warn("Ignoring unreadable read position {} of {} ({}); {}", file, path, e.toString(), otherwise);
            return Optional.empty();
        }
    }

    /** Writes what {@link #identity} reads back. */
    private static void put(Properties p, String prefix, FileIdentity id) {
        p.setProperty(prefix + "dev", Long.toString(id.dev()));
        p.setProperty(prefix + "ino", Long.toString(id.ino()));
        p.setProperty(prefix + "fingerprintLength", Integer.toString(id.fingerprintLength()));
        p.setProperty(prefix + "fingerprint", Long.toHexString(id.fingerprint()));
    }

    private static FileIdentity identity(Properties p, String prefix) {
        return new FileIdentity(Long.parseLong(p.getProperty(prefix + "dev")), Long.parseLong(p.getProperty(prefix + "ino")),
                Integer.parseInt(p.getProperty(prefix + "fingerprintLength")),
                Long.parseUnsignedLong(p.getProperty(prefix + "fingerprint"), 16));
    }

    public void save(String path, TailPosition position) throws IOException {
        save(path, position, List.of());
    }

    /** Saves the position and the generations opened after its file ({@link #loadNext}). */
    public void save(String path, TailPosition position, List<FileIdentity> next) throws IOException {
        save(path, position, next, List.of());
    }

    /** Saves the position, the generations opened after its file and the files read ({@link #loadRead}). */
    public void save(String path, TailPosition position, List<FileIdentity> next, List<FileIdentity> read) throws IOException {
        Files.createDirectories(directory);
        Properties p = new Properties();
        putAll(p, "next.", next);
        putAll(p, "read.", read);
        p.setProperty("path", path);
        put(p, "", position.identity());
        p.setProperty("offset", Long.toString(position.offset()));
        p.setProperty("lines", Long.toString(position.lines()));
        p.setProperty("rewrites", Long.toString(position.rewrites()));
        p.setProperty("tailLength", Integer.toString(position.tail().length()));
        p.setProperty("tailChecksum", Long.toHexString(position.tail().checksum()));
        p.setProperty("updated", Instant.now().toString());
        StringWriter text = new StringWriter();
        p.store(text, "Logwarden read position: bytes and lines of this file already processed");
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.replace(fileFor(path), out -> out.write(bytes));
        remember(path, position.identity());
    }

    /**
     * The followed paths that have a saved position, with the device and inode of the file each is in: read from the
     * directory once, then kept as this store saves and deletes, so a reader opening a file from its start can ask
     * {@link TailRegistry#leftBehind} without reading every position file of thousands of followed files.
     */
    private Map<String, long[]> savedInodes;

    public synchronized Map<String, long[]> savedInodes() {
        if (savedInodes == null) {
            savedInodes = new ConcurrentHashMap<>();
            if (Files.isDirectory(directory)) {
                try (java.util.stream.Stream<Path> files = Files.list(directory)) {
                    files.filter(f -> f.getFileName().toString().endsWith(".position")).forEach(this::index);
                } catch (IOException e) {
                    log.warn("Could not list the read positions in {}: {}", directory, e.toString());
                }
            }
        }
        return java.util.Collections.unmodifiableMap(savedInodes); // a concurrent map: iterated while saves go on
    }

    private void index(Path file) {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
            String path = p.getProperty("path");
            if (path != null) {
                FileIdentity id = identity(p, "");
                savedInodes.put(path, new long[]{id.dev(), id.ino()});
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Skipping unreadable read position {}: {}", file, e.toString());
        }
    }

    /** The followed paths that have a saved position. */
    public List<String> savedPaths() {
        return List.copyOf(savedInodes().keySet());
    }

    /** Deletes the saved position of {@code path}; true for the one caller that did (a position is taken over once). */
    public boolean take(String path) {
        try {
            boolean taken = Files.deleteIfExists(fileFor(path));
            forget(path);
            return taken;
        } catch (IOException e) {
            log.warn("Could not delete the read position of {}: {}", path, e.toString());
            return false;
        }
    }

    private synchronized void forget(String path) {
        if (savedInodes != null) {
            savedInodes.remove(path);
        }
    }

    private synchronized void remember(String path, FileIdentity id) {
        if (savedInodes != null) {
            savedInodes.put(path, new long[]{id.dev(), id.ino()});
        }
    }

    public void delete(String path) {
        forget(path);
        try {
            Files.deleteIfExists(fileFor(path));
        } catch (IOException e) {
            log.warn("Could not delete the read position of {}: {}", path, e.toString());
        }
    }
}
