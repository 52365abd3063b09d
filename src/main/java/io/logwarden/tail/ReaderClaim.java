package io.logwarden.tail;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What the other readers of the service know of a file one reader is about to read from its start: with a glob
 * that also matches rotated names ({@code app.log*}), or two entries for a file and its rotated name, a generation
 * or a copytruncate copy reaches a second reader under its new name after the first has read its lines.
 *
 * @param kind   what the other reader knows
 * @param reader the other reader's followed path (null for {@link Kind#NONE})
 */
record ReaderClaim(Kind kind, String reader) {

    /** In the order of strength: a stronger claim of one reader outweighs a weaker one of another. */
    enum Kind {
        /** No other reader knows the file: read it from its start. */
        NONE,
        /** Another reader has read it: its lines are processed; read only what is appended from its end. */
        READ,
        /**
         * A rotated name of another reader's file that starts with the bytes of the file that reader reads now, or
         * is still too short to tell (a copy being written): copytruncate's copy, whose lines that reader reads;
         * wait until it has seen the cut.
         */
        COPY_OF_READING,
        /** Another reader drains it now, a generation rotated away from that reader's name: wait until it is done. */
        READING,
        /**
         * Another reader follows it under its own name now (two rotations in one look: the generation a reader
         * still had to read is already the next name's file, read there from its start): leave it to that reader.
         */
        FOLLOWED
    }

    static final ReaderClaim NONE = new ReaderClaim(Kind.NONE, null);

    /**
     * A file about to be read from its start, as the other readers are asked about it.
     *
     * @param devIno its device and inode
     * @param head   its first bytes (a KiB at most)
     * @param file   the name it was found as
     * @param size   its size
     * @param tail   its last bytes (at most {@link #TAIL_BYTES}): a copy of a file ends with that file's bytes there
     */
    record Candidate(long[] devIno, byte[] head, Path file, long size, byte[] tail) {

        /**
         * How much of its end a candidate must share with the file read now to be its copy: a tester's lines ended
         * in 60 fixed characters, so 64 bytes at the same offset of an unrelated file with the same banner matched.
         */
        static final int TAIL_BYTES = 4096;

        /** A file no longer than its head (the head is all of it). */
        Candidate(long[] devIno, byte[] head, Path file) {
            this(devIno, head, file, head.length, Arrays.copyOfRange(head, Math.max(0, head.length - TAIL_BYTES), head.length));
        }

        static Candidate of(long[] devIno, FileChannel channel, Path file) throws IOException {
            long size = channel.size();
            int tailLength = (int) Math.min(size, TAIL_BYTES);
            return new Candidate(devIno, FileIdentity.firstBytes(channel), file, size,
                    RotatedFiles.read(channel, size - tailLength, tailLength));
        }
    }

    /** Asks the other readers of the service about a file about to be read from its start. */
    @FunctionalInterface
    interface Source {
        ReaderClaim claim(Candidate candidate);
    }
}
