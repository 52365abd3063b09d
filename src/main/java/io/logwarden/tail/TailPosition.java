package io.logwarden.tail;

/**
 * How far a file has been processed: the byte offset just after the last processed line and the
 * number of lines processed in that file, tied to the file's identity.
 *
 * @param rewrites how many times the followed name's file was cut or rewritten in place, line numbering
 *                 starting again on the same identity (see {@link LineOrigin}); saved with the position so a
 *                 restart numbers the lines it reads again as the first reading did
 */
public record TailPosition(FileIdentity identity, long offset, long lines, long rewrites) {

    /** A position in content never cut or rewritten in place. */
    public TailPosition(FileIdentity identity, long offset, long lines) {
        this(identity, offset, lines, 0);
    }
}
