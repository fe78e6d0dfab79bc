package org.tripletlab.component;

/**
 * A configuration that cannot run. The message always names where the problem is (file and key
 * path) and what would be accepted, so the user can fix it without reading code.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
