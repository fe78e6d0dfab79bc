package org.tripletlab.model;

/**
 * A checkpoint that cannot be used: missing, unreadable, damaged, or not from the run whose config it
 * would be evaluated with. The message names the file at fault, what is wrong and how to fix it; it is an
 * {@link IllegalArgumentException} so the CLI reports it as one line (exit code 2), without a stack trace.
 */
public final class CheckpointException extends IllegalArgumentException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
