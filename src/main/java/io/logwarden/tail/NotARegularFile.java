package io.logwarden.tail;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** The followed name points to a FIFO, socket, device or directory: refused before any open (a FIFO would block it). */
final class NotARegularFile extends IOException {

    NotARegularFile(Path file, BasicFileAttributes attributes) {
        super(file + " is " + kind(attributes) + ", not a regular file: refused, never opened");
    }

    private static String kind(BasicFileAttributes a) {
        if (a.isDirectory()) {
            return "a directory";
        }
        if (a.isSymbolicLink()) {
            return "a dangling symbolic link";
        }
        // Java cannot tell FIFOs, sockets and devices apart without native calls
        return "a FIFO, socket or device";
    }
}
