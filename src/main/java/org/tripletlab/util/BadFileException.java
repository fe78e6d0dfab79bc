package org.tripletlab.util;

import java.nio.file.Path;

/**
 * A file that cannot be used: missing, unreadable, empty, truncated or malformed. The message is one
 * line, {@code <file>: <what is wrong>; <what to do>}, with the file as the user gave it (relative
 * paths stay relative) and a line number where one applies. The CLI reports it without a stack trace
 * and exits with 2 (bad input).
 */
public final class BadFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public BadFileException(Path file, String problem, String fix, Throwable cause) {
        super(file + ": " + problem + (fix == null || fix.isEmpty() ? "" : "; " + fix), cause);
        this.file = file;
    }

    public BadFileException(Path file, String problem, String fix) {
        this(file, problem, fix, null);
    }

    /** The file the message names. */
    public Path file() {
        return file;
    }
}
