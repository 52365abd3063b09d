package io.logwarden.tail;

import java.nio.file.Path;

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

    /** Asks the other readers of the service about a file ({@code devIno}, its first KiB {@code head}) found as {@code file}. */
    @FunctionalInterface
    interface Source {
        ReaderClaim claim(long[] devIno, byte[] head, Path file);
    }
}
