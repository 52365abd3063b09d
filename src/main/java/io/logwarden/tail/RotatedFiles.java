package io.logwarden.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rotated generations of a followed file in its directory: {@code name.1}, {@code name.2}, ...,
 * {@code name-YYYYMMDD} (and {@code stem-YYYYMMDD.ext}, logrotate's dateext with an extension).
 * Compressed generations ({@code .gz}, {@code .bz2}, {@code .xz}, {@code .zst}, ...) are never read; they are counted.
 */
final class RotatedFiles {

    /** Opens a file for reading: the reader's single open method (regular files only, allowed roots checked). */
    @FunctionalInterface
    interface Opener {
        FileChannel open(Path file) throws IOException;
    }

    /** A rotated generation that is newer than the one just finished. */
    record Candidate(Path path, long[] devIno, FileTime modified) {
    }

    /**
     * Generations read to their end and where they ended, newest kept (a bounded memory of what not to read
     * again: neither as a missed generation, nor from its start when the same file comes back under the name).
     */
    static final class Seen {
        private final int capacity;
        private final Deque<TailPosition> finished = new ArrayDeque<>();

        Seen(int capacity) {
            this.capacity = capacity;
        }

        void add(TailPosition end) {
            finished.addLast(end);
            if (finished.size() > capacity) {
                finished.removeFirst();
            }
        }

        /** Same inode and the same first bytes (a freed inode handed to a new file is not the same file). */
        boolean matches(long[] devIno, Path file, Opener opener) {
            for (TailPosition end : finished) {
                if (end.identity().sameInode(devIno) && sameStart(end.identity(), file, opener)) {
                    return true;
                }
            }
            return false;
        }

        /** Where the file with this device and inode was last finished, or null (the caller checks its first bytes). */
        TailPosition lastEnd(FileIdentity id) {
            var newestFirst = finished.descendingIterator();
            while (newestFirst.hasNext()) {
                TailPosition end = newestFirst.next();
                if (end.identity().sameInode(new long[]{id.dev(), id.ino()})) {
                    return end;
                }
            }
            return null;
        }
    }

    /** By modification time, then name.N before name.N-1 (higher is older) when the times are equal. */
    private static final Comparator<Candidate> OLDEST_FIRST = Comparator.comparing(Candidate::modified)
            .thenComparing(c -> -rotationNumber(c.path()));

    private static final String COMPRESSED = "(\\.(gz|bz2|xz|zst|lz4|lzma|z|Z|zip))";
    private static final String DATE = "-\\d{8}(-?\\d{2,6})?";

    private RotatedFiles() {
    }

    static Pattern patternFor(Path file) {
        String name = file.getFileName().toString();
        String plain = Pattern.quote(name) + "(\\.\\d+|" + DATE + ")";
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            String dated = Pattern.quote(name.substring(0, dot)) + DATE + Pattern.quote(name.substring(dot));
            plain = "(" + plain + "|" + dated + ")";
        }
        return Pattern.compile("^" + plain + COMPRESSED + "?$");
    }

    /** A name as rotation makes them, of some file: {@code app.log.1}, {@code app.log-20261207}, {@code app-20261207.log}. */
    static boolean looksRotated(Path file) {
        return ROTATED_LOOK.matcher(file.getFileName().toString()).matches();
    }

    private static final Pattern ROTATED_LOOK = Pattern.compile(".+(\\.\\d+|" + DATE + "(\\.[^.]+)?)");

    /** Whether {@code candidate} is an uncompressed rotated name of {@code file} in its directory ({@code app.log.1}). */
    static boolean isRotatedName(Path file, Path candidate) {
        String name = candidate.getFileName().toString();
        return java.util.Objects.equals(file.getParent(), candidate.getParent()) && patternFor(file).matcher(name).matches()
                && !compressed(name);
    }

    private static boolean compressed(String name) {
        return name.matches(".*" + COMPRESSED + "$");
    }

    /** Rotated generations present now (compressed ones excluded). */
    static List<Path> rotated(Path file) throws IOException {
        Path dir = file.getParent();
        List<Path> found = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return found;
        }
        Pattern pattern = patternFor(file);
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(dir)) {
            for (Path sibling : siblings) {
                String name = sibling.getFileName().toString();
                Matcher m = pattern.matcher(name);
                if (m.matches() && !compressed(name)) {
                    found.add(sibling);
                }
            }
        }
        return found;
    }

    /**
     * The rotated names, then every other uncompressed name of the directory but the file's own: a copy renamed to
     * any name while the service was down is still told by its start and the bytes before the read position.
     */
    private static List<Path> rotatedFirst(Path file) throws IOException {
        List<Path> found = rotated(file);
        Path dir = file.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return found;
        }
        List<Path> others = new ArrayList<>();
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(dir)) {
            for (Path sibling : siblings) {
                if (!sibling.equals(file) && !found.contains(sibling) && !compressed(sibling.getFileName().toString())
                        && Files.isRegularFile(sibling)) {
                    others.add(sibling);
                }
            }
        }
        found.addAll(others);
        return found;
    }

    /** How many compressed generations sit next to the file (skipped: never read). */
    static int compressedCount(Path file) {
        Path dir = file.getParent();
        if (dir == null) {
            return 0;
        }
        Pattern pattern = patternFor(file);
        int count = 0;
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(dir)) {
            for (Path sibling : siblings) {
                String name = sibling.getFileName().toString();
                if (pattern.matcher(name).matches() && compressed(name)) {
                    count++;
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return count;
    }

    /** Where the file with this identity is now: the name itself, else any sibling with its device and inode. */
    static Path locate(Path file, FileIdentity id) throws IOException {
        try {
            if (id.sameInode(FileIdentity.devIno(file))) {
                return file;
            }
        } catch (NoSuchFileException ignored) {
            // renamed away and not recreated: look among the siblings
        }
        Path dir = file.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return null;
        }
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(dir)) {
            for (Path sibling : siblings) {
                try {
                    if (Files.isRegularFile(sibling) && id.sameInode(FileIdentity.devIno(sibling))) {
                        return sibling;
                    }
                } catch (IOException ignored) {
                    // vanished while listing
                }
            }
        }
        return null;
    }

    /**
     * copytruncate's copy: a rotated name (another inode, not a copy already read) that starts with the same
     * bytes, holds more than was read, and has the very bytes last read just before the read position
     * ({@code before}; so an older copy with the same header is never taken for it).
     */
    static Path findCopy(Path file, FileIdentity id, long readOffset, TailCheck before, Seen seen, Opener opener)
            throws IOException {
        for (Path candidate : rotatedFirst(file)) {
            try {
                long[] devIno = FileIdentity.devIno(candidate);
                if (id.sameInode(devIno) || Files.size(candidate) <= readOffset || seen.matches(devIno, candidate, opener)) {
                    continue;
                }
                if (sameStart(id, candidate, opener) && sameBytesBefore(candidate, readOffset, before, opener)) {
                    return candidate;
                }
            } catch (IOException ignored) {
                // vanished while looking
            }
        }
        return null;
    }

    /**
     * Rotated names that are copies of the file {@code id} whose start was read (never to be read from 0), each
     * with its own identity: starting with the same fingerprint, or no longer than {@code head} (the first bytes
     * read from it) and equal to its start, a copy taken before lines the reader then read (a copy shorter than
     * the fingerprint cannot be told by it).
     */
    static List<FileIdentity> copiesOf(Path file, FileIdentity id, byte[] head, Opener opener) throws IOException {
        List<FileIdentity> found = new ArrayList<>();
        for (Path candidate : rotated(file)) {
            try {
                long[] devIno = FileIdentity.devIno(candidate);
                if (id.sameInode(devIno)) {
                    continue;
                }
                try (FileChannel ch = opener.open(candidate)) {
                    long size = ch.size();
                    boolean shortCopy = size > 0 && size <= head.length
                            && Arrays.equals(read(ch, 0, (int) size), Arrays.copyOf(head, (int) size));
                    if (shortCopy || sameStart(id, candidate, opener)) {
                        found.add(FileIdentity.of(devIno, ch));
                    }
                }
            } catch (IOException ignored) {
                // vanished while looking
            }
        }
        return found;
    }

    /**
     * copytruncate's copies of generations after {@code cut} that the reader never saw under the name (they were
     * written, copied and cut while it was behind), oldest first: non-empty rotated names modified after
     * {@code after}, which are none of: a copy already read ({@code seen}), a copy of {@code cut} when its copy
     * was not found ({@code cutCopyUnread}: one starting like it, whose start was read from the live file; once
     * found and read, a later generation may start with the same KiB), a generation still to be read
     * ({@code queued}), or a copy of what the live file holds now (that is read from the live file, and the rest
     * from its copy once the file is cut again).
     */
    static List<Candidate> laterCopies(Path file, FileIdentity cut, boolean cutCopyUnread, FileTime after, Seen seen,
                                       Collection<FileIdentity> queued, FileChannel live, Opener opener) throws IOException {
        List<Candidate> found = new ArrayList<>();
        for (Path candidate : rotated(file)) {
            try {
                BasicFileAttributes a = Files.readAttributes(candidate, BasicFileAttributes.class);
                if (!a.isRegularFile() || a.size() == 0 || a.lastModifiedTime().compareTo(after) <= 0) {
                    continue; // an equal time is an older copy cut in the same clock tick (logrotate is that quick)
                }
                long[] devIno = FileIdentity.devIno(candidate);
                if (cut.sameInode(devIno) || seen.matches(devIno, candidate, opener)
                        || (cutCopyUnread && sameStart(cut, candidate, opener))
                        || queued.stream().anyMatch(q -> q.sameInode(devIno)) || prefixOf(candidate, a.size(), live, opener)) {
                    continue;
                }
                found.add(new Candidate(candidate, devIno, a.lastModifiedTime()));
            } catch (IOException ignored) {
                // vanished while looking (a copy renamed up one number is found again under its new name)
            }
        }
        found.sort(OLDEST_FIRST);
        return found;
    }

    /** The copy holds the live file's first bytes up to its own end: a copy of the live generation, not yet cut. */
    private static boolean prefixOf(Path copy, long copySize, FileChannel live, Opener opener) throws IOException {
        if (live.size() < copySize) {
            return false;
        }
        int head = (int) Math.min(copySize, FileIdentity.FINGERPRINT_BYTES);
        int tail = (int) Math.min(copySize, 64);
        try (FileChannel ch = opener.open(copy)) {
            return Arrays.equals(read(ch, 0, head), read(live, 0, head))
                    && Arrays.equals(read(ch, copySize - tail, tail), read(live, copySize - tail, tail));
        }
    }

    /** Up to {@code length} bytes of {@code ch} from {@code from} (fewer at its end). */
    static byte[] read(FileChannel ch, long from, int length) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(length);
        while (bytes.hasRemaining()) {
            if (ch.read(bytes, from + bytes.position()) <= 0) {
                break;
            }
        }
        return Arrays.copyOf(bytes.array(), bytes.position());
    }

    /**
     * Generations created after {@code finished} and already rotated away (seen under no name by the reader),
     * oldest first: rotated names modified at or after the finished file's last modification, which are
     * neither the finished file, nor a generation already read or still to be read, nor a copy of one (copytruncate).
     */
    static List<Candidate> newerGenerations(Path file, FileIdentity finished, FileTime finishedModified, Seen seen,
                                            Collection<FileIdentity> queued, Opener opener) throws IOException {
        List<Candidate> found = new ArrayList<>();
        if (finishedModified == null) {
            return found;
        }
        for (Path candidate : rotated(file)) {
            try {
                BasicFileAttributes a = Files.readAttributes(candidate, BasicFileAttributes.class);
                if (!a.isRegularFile() || a.size() == 0 || a.lastModifiedTime().compareTo(finishedModified) < 0) {
                    // an empty one holds nothing to read, and cannot be told from another empty one: two empty generations
                    // were each taken for the other's newer one, and the reader of app.log went back and forth between them
                    continue;
                }
                long[] devIno = FileIdentity.devIno(candidate);
                if (finished.sameInode(devIno) || seen.matches(devIno, candidate, opener)
                        || queued.stream().anyMatch(q -> q.sameInode(devIno) || sameStart(q, candidate, opener))) {
                    continue;
                }
                found.add(new Candidate(candidate, devIno, a.lastModifiedTime()));
            } catch (IOException ignored) {
                // vanished while looking
            }
        }
        found.sort(OLDEST_FIRST);
        return found;
    }

    /** name.N: N (higher is older); anything else 0. */
    private static long rotationNumber(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        try {
            return dot < 0 ? 0 : Long.parseLong(name.substring(dot + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean sameBytesBefore(Path file, long offset, TailCheck before, Opener opener) {
        if (before.length() == 0) {
            return true;
        }
        try (FileChannel ch = opener.open(file)) {
            return before.matches(ch, offset);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean sameStart(FileIdentity id, Path file, Opener opener) {
        if (id.fingerprintLength() == 0) {
            return false; // an empty file's fingerprint matches anything
        }
        try (FileChannel ch = opener.open(file)) {
            return id.verify(ch) != null;
        } catch (IOException e) {
            return false;
        }
    }
}
