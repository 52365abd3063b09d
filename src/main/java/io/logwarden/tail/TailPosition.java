package io.logwarden.tail;

/**
 * How far a file has been processed: the byte offset just after the last processed line and the
 * number of lines processed in that file, tied to the file's identity.
 */
public record TailPosition(FileIdentity identity, long offset, long lines) {
}
