package org.tripletlab.component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The components of one kind (miners, losses, …) in one explicit list, and the kind's selector key.
 * Everything that names a component — the {@code config.Schema} (the selector's allowed values and every
 * component's keys), the CLI's help and completion, the bench command and the report's order — reads
 * this list, so adding a component is one class plus one entry in its kind's list.
 *
 * <p>The list is written out by hand rather than found by classpath scanning: the order is meaningful
 * (it is the order of the allowed values, of the keys in a resolved config.yaml and of the report's
 * rows) and a plain list is what a reader can check.
 *
 * @param <T> the kind built by the components
 */
public final class Registry<T> {
    private final String selector;
    private final String help;
    private final Component<T> byDefault;
    private final Map<String, Component<T>> components = new LinkedHashMap<>();
    private final Map<String, Component.Key> keys = new LinkedHashMap<>();

    /**
     * @param selector the key that chooses a component, e.g. {@code miner.strategy}
     * @param help the selector's one-line help
     * @param byDefault the component chosen when a config does not set the selector (must be listed)
     * @param components every component of the kind, in display order
     * @throws IllegalStateException for duplicate names or a key declared differently by two components
     */
    public Registry(String selector, String help, Component<T> byDefault, List<Component<T>> components) {
        this.selector = Objects.requireNonNull(selector);
        this.help = Objects.requireNonNull(help);
        for (Component<T> c : components) {
            if (components().containsKey(c.name())) {
                throw new IllegalStateException(selector + ": two components named " + c.name());
            }
            this.components.put(c.name(), c);
            for (Component.Key k : c.keys()) {
                if (k.path().equals(selector)) {
                    throw new IllegalStateException(selector + ": component " + c.name() + " declares the selector key");
                }
                Component.Key before = keys.putIfAbsent(k.path(), k);
                if (before != null && !before.equals(k)) {
                    // One key, one meaning: a shared key must be declared the same way by every component.
                    throw new IllegalStateException(selector + ": " + k.path() + " declared differently by " + c.name());
                }
            }
        }
        if (!this.components.containsValue(byDefault)) {
            throw new IllegalStateException(selector + ": the default " + byDefault.name() + " is not listed");
        }
        this.byDefault = byDefault;
    }

    private Map<String, Component<T>> components() {
        return components;
    }

    public String selector() {
        return selector;
    }

    /** The component chosen when a config does not set the selector. */
    public Component<T> byDefault() {
        return byDefault;
    }

    /** Component names in display order. */
    public List<String> names() {
        return List.copyOf(components.keySet());
    }

    public List<Component<T>> all() {
        return List.copyOf(components.values());
    }

    /** The selector as a {@code config.Schema} setting: a choice among {@link #names()}. */
    public Setting selectorSetting() {
        return new Setting(selector, Setting.Type.CHOICE, byDefault.name(), false, null, null, names(), help);
    }

    /** Every component's keys, each once, in first-declared order. */
    public List<Component.Key> keys() {
        return new ArrayList<>(keys.values());
    }

    /** Names of the components that read {@code path}, e.g. for a key's help. */
    public List<String> readersOf(String path) {
        return components.values().stream().filter(c -> c.keys().stream().anyMatch(k -> k.path().equals(path)))
                .map(Component::name).toList();
    }

    /**
     * The component called {@code name}.
     *
     * @throws IllegalArgumentException for an unknown name, listing the allowed ones
     */
    public Component<T> get(String name) {
        Component<T> c = name == null ? null : components.get(name);
        if (c == null) {
            throw new IllegalArgumentException("unknown " + selector + " '" + name + "'; allowed: " + String.join(", ", names()));
        }
        return c;
    }

    /** Runs the selected component's cross-key checks. */
    public void check(ConfigView config) {
        get(config.getString(selector)).check().accept(config);
    }

    /**
     * Refuses a key that only other (unselected) components read and that the config moved off its default:
     * it would silently do nothing. Keys for which {@code exempt} holds are never refused (e.g. keys every
     * config.yaml has always written, whatever the selection).
     *
     * @throws ConfigException naming the key, the selected component and the components that read it
     */
    public void refuseKeysOfOthers(ConfigView c, Predicate<Component.Key> exempt) {
        String selected = c.getString(selector);
        for (Component.Key k : keys.values()) {
            List<String> readers = readersOf(k.path());
            if (readers.contains(selected) || exempt.test(k) || Objects.equals(c.get(k.path()), k.setting().defaultValue())) {
                continue;
            }
            throw c.error(k.path(), "is only used with " + selector + ": " + String.join(" or ", readers) + " (it is " + selected
                    + "); remove " + k.path() + ", or set " + selector + ": " + readers.get(0));
        }
    }

    /** Builds the component the config selects, after its checks. */
    public T create(ConfigView config) {
        Component<T> c = get(config.getString(selector));
        c.check().accept(config);
        return c.create(config);
    }
}
