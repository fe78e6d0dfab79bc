package org.tripletlab.component;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One selectable implementation of a kind (a miner, a loss, an encoder, …), described in one place:
 * the name a config selects it by, a one-line description, the config keys it reads (each a
 * {@link Setting} with its type, default, range and help, exactly as {@code config.Schema} declares keys), an
 * optional cross-key check, and how it is built from a resolved {@link ConfigView}.
 *
 * <p>A {@link Registry} lists the components of a kind; {@code config.Schema} takes the kind's selector key
 * (e.g. {@code miner.strategy}) and every component's keys from it, so a key a component declares is
 * accepted, checked, written to {@code config.yaml} and listed in the README like any other key.
 * Several components may declare the same key (e.g. two miners reading {@code miner.margin}) as long as
 * they declare it identically; the registry checks that.
 *
 * @param name the value of the kind's selector key that chooses this component
 * @param description one line for help texts and the README
 * @param keys the keys this component reads, in the order they appear in a resolved config
 * @param check cross-key rules a single key's range cannot express; throws {@link ConfigException}
 *     (via {@link ConfigView#error}); run only when this component is selected
 * @param factory builds the component from a resolved config (only called when it is selected)
 * @param <T> the kind, e.g. {@code TripletMiner}
 */
public record Component<T>(String name, String description, List<Key> keys, Consumer<ConfigView> check,
        Function<ConfigView, T> factory) {

    public Component {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        keys = List.copyOf(keys);
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(factory, "factory");
    }

    /**
     * One config key of a component.
     *
     * @param setting the key as {@code config.Schema} holds it
     * @param omittedAtDefault whether a resolved config.yaml leaves it out while it holds its default
     *     ({@code config.Schema#omittedAtDefault}); true for every key added after runs were recorded, so their
     *     run ids stay the same
     */
    public record Key(Setting setting, boolean omittedAtDefault) {
        public String path() {
            return setting.path();
        }
    }

    /** Starts a component without keys or checks. */
    public static <T> Builder<T> named(String name, String description) {
        return new Builder<>(name, description);
    }

    /** Builds the component from a resolved config. */
    public T create(ConfigView config) {
        return factory.apply(config);
    }

    /** Fluent construction, so a component class declares its keys in a few readable lines. */
    public static final class Builder<T> {
        private final String name;
        private final String description;
        private final List<Key> keys = new ArrayList<>();
        private Consumer<ConfigView> check = c -> {
        };

        private Builder(String name, String description) {
            this.name = name;
            this.description = description;
        }

        /** A key that was in configs before runs were recorded: always written to config.yaml. */
        public Builder<T> key(Setting s) {
            keys.add(new Key(s, false));
            return this;
        }

        /** A key added later: written to config.yaml only when it differs from its default. */
        public Builder<T> newKey(Setting s) {
            keys.add(new Key(s, true));
            return this;
        }

        public Builder<T> check(Consumer<ConfigView> c) {
            this.check = Objects.requireNonNull(c);
            return this;
        }

        public Component<T> build(Function<ConfigView, T> factory) {
            return new Component<>(name, description, keys, check, factory);
        }
    }

    // Setting constructors in Schema's vocabulary, so components read like Schema's table.

    public static Setting choice(String path, String def, String help, String... choices) {
        return new Setting(path, Setting.Type.CHOICE, def, false, null, null, List.of(choices), help);
    }

    public static Setting number(String path, double def, double min, double max, String help) {
        return new Setting(path, Setting.Type.DOUBLE, def, false, min, max, List.of(), help);
    }

    public static Setting nullableNumber(String path, double min, double max, String help) {
        return new Setting(path, Setting.Type.DOUBLE, null, true, min, max, List.of(), help);
    }
}
