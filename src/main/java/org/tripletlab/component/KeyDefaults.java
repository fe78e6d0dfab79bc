package org.tripletlab.component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ConfigView} of one component's own keys, each at its default: what the component is built
 * from when there is no experiment config, e.g. an encoder built from its shape alone for the bench
 * command, a FLOPs count or a checkpoint about to be loaded.
 *
 * <p>Reading a key the component does not declare is a programming error (the component reads a key
 * it should declare), so it throws {@link IllegalArgumentException} naming the key and the component.
 */
public final class KeyDefaults implements ConfigView {
    private final String component;
    private final Map<String, Setting> keys = new LinkedHashMap<>();

    private KeyDefaults(Component<?> c) {
        this.component = c.name();
        for (Component.Key k : c.keys()) {
            keys.put(k.path(), k.setting());
        }
    }

    /** {@code c}'s keys at their defaults. */
    public static KeyDefaults of(Component<?> c) {
        return new KeyDefaults(c);
    }

    @Override
    public Object get(String path) {
        Setting s = keys.get(path);
        if (s == null) {
            throw new IllegalArgumentException(component + " reads " + path + ", which it does not declare; "
                    + "it has no default here (declared: " + String.join(", ", keys.keySet()) + ")");
        }
        return s.defaultValue();
    }

    @Override
    public int getInt(String path) {
        return ((Number) get(path)).intValue();
    }

    @Override
    public Integer getIntOrNull(String path) {
        Object v = get(path);
        return v == null ? null : ((Number) v).intValue();
    }

    @Override
    public long getLong(String path) {
        return ((Number) get(path)).longValue();
    }

    @Override
    public double getDouble(String path) {
        return ((Number) get(path)).doubleValue();
    }

    @Override
    public Double getDoubleOrNull(String path) {
        Object v = get(path);
        return v == null ? null : ((Number) v).doubleValue();
    }

    @Override
    public boolean getBoolean(String path) {
        return (Boolean) get(path);
    }

    @Override
    public String getString(String path) {
        Object v = get(path);
        return v == null ? null : v.toString();
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Integer> getIntList(String path) {
        return (List<Integer>) get(path);
    }

    @Override
    public ConfigException error(String path, String problem) {
        return new ConfigException(component + " at its defaults: key '" + path + "': " + problem);
    }
}
