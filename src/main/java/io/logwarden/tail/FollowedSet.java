package io.logwarden.tail;

import io.logwarden.files.AtomicFiles;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * The files being followed, kept in {@code <data-dir>/tail/followed.json} so that a restarted service
 * follows them again by itself (each resuming at its stored read position).
 */
public class FollowedSet {

    /** One followed file as stored. */
    public record Entry(String path, int windowSize, String from) {
    }

    private static final Logger log = LoggerFactory.getLogger(FollowedSet.class);
    private final Path file;
    private final ObjectMapper json = new ObjectMapper();

    public FollowedSet(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public List<Entry> load() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return json.readValue(file.toFile(), new TypeReference<List<Entry>>() { });
        } catch (IOException e) {
            log.error("Cannot read the list of followed files {} ({}); no file is followed again automatically", file,
                    e.getMessage());
            return List.of();
        }
    }

    /** Replaces the list atomically; throws when it cannot be written (the caller reports it). */
    public void save(Collection<FollowedFile> followed, Collection<Entry> notFollowableNow) throws IOException {
        List<Entry> entries = java.util.stream.Stream.concat(
                        followed.stream().map(f -> new Entry(f.path(), f.windowSize(), f.from().value())),
                        notFollowableNow.stream())
                .sorted(java.util.Comparator.comparing(Entry::path)).toList();
        byte[] text = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(entries);
        AtomicFiles.replace(file, out -> out.write(text));
    }
}
