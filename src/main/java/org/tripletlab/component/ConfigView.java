package org.tripletlab.component;

import java.util.List;

/**
 * A resolved experiment configuration as a component reads it: typed values by dotted key path, and
 * an error that names the key. The assembled configuration ({@code config.Config}, validated against
 * {@code config.Schema}) implements it.
 *
 * <p>Why an interface: components (miners, losses, …) sit below the schema that lists them. They read
 * their keys through this view, so {@code mining} and {@code loss} never import {@code config}, and
 * {@code config} may import them to assemble the schema from their registries without an import cycle.
 *
 * <p>Every getter takes a key the schema declares; values are already checked against the key's type,
 * range and choices, so a getter only converts.
 */
public interface ConfigView {
    /** The raw value of {@code path} (null if the key is null). */
    Object get(String path);

    int getInt(String path);

    Integer getIntOrNull(String path);

    long getLong(String path);

    double getDouble(String path);

    Double getDoubleOrNull(String path);

    boolean getBoolean(String path);

    String getString(String path);

    List<Integer> getIntList(String path);

    /**
     * An error about {@code path}, phrased for the user: it names the file (or {@code --set} option) the
     * value came from, the key and {@code problem}. Thrown by the caller.
     */
    ConfigException error(String path, String problem);
}
