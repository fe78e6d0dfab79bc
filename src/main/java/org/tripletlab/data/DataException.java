package org.tripletlab.data;

/** Data that cannot be used as configured; the message names the file or folder and what to do. */
public final class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
