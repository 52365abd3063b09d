package io.logwarden.tail;

/**
 * How far a file has been processed: the byte offset just after the last processed line and the
 * number of lines processed in that file, tied to the file's identity.
 *
 * @param rewrites how many times the followed name's file was cut or rewritten in place, line numbering
 *                 starting again on the same identity (see {@link LineOrigin}); saved with the position so a
 *                 restart numbers the lines it reads again as the first reading did
 * @param tail     the bytes just before the offset, checked when the position is resumed: a file cut and written
 *                 again past it with the same first KiB is read from its start, not from the old offset
 */
public record TailPosition(FileIdentity identity, long offset, long lines, long rewrites, TailCheck tail) {

    public TailPosition {
        tail = tail == null ? TailCheck.NONE : tail;
    }

    /** A position in content never cut or rewritten in place. */
    public TailPosition(FileIdentity identity, long offset, long lines) {
        this(identity, offset, lines, 0, TailCheck.NONE);
    }

    /** A position whose bytes before it are not checked when it is resumed. */
    public TailPosition(FileIdentity identity, long offset, long lines, long rewrites) {
        this(identity, offset, lines, rewrites, TailCheck.NONE);
    }
}
