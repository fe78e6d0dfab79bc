package org.tripletlab.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tripletlab.config.Config;
import org.tripletlab.config.ConfigException;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.config.Schema;
import org.tripletlab.train.RunDirectory;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A sweep file: one base experiment and a grid of overrides.
 *
 * <pre>
 * name: mining-margin            # optional; default: the file name without .yaml
 * base: ../lfw-outside-data.yaml # experiment YAML, relative to this file
 * set:                           # optional fixed overrides, applied before the axes
 *   train.epochs: 10
 * axes:                          # any config key → the values to try
 *   miner.strategy: [random, semi-hard, hardest, batch-all]
 *   loss.margin: [0.05, 0.2, 0.5]
 *   seed: [1, 2, 3]
 * </pre>
 *
 * <p>The grid is the full Cartesian product of the axes, in a stable order: axes in file order, the
 * first axis outermost and the last varying fastest (nested loops). Each grid point is the base file
 * with the overrides {@code set…, axes…} (and the sweep's thread count) applied through
 * {@link Config#load}, so every key and value goes through the same validation as a {@code --set}
 * on the command line; errors name the sweep file, the key and the value. Keys may be written
 * dotted ({@code loss.margin}) or nested ({@code loss: {margin: …}}).
 */
public final class Sweep {
    /** Top-level keys a sweep file may have. */
    private static final Set<String> KEYS = Set.of("name", "base", "set", "axes", "description");

    private final Path file;
    private final String name;
    private final Path base;
    private final Map<String, Object> set;
    private final Map<String, List<Object>> axes;

    private Sweep(Path file, String name, Path base, Map<String, Object> set, Map<String, List<Object>> axes) {
        this.file = file;
        this.name = name;
        this.base = base;
        this.set = set;
        this.axes = axes;
    }

    /**
     * One configuration of the grid.
     *
     * @param index position in the grid, from 1
     * @param axisValues the value of every axis at this point, in axis order
     * @param overrides every override applied to the base file ({@code key=value}, YAML values)
     * @param config the resolved, validated config
     * @param runId {@link RunDirectory#runId} of {@code config}
     */
    public record Point(int index, Map<String, Object> axisValues, List<String> overrides, Config config, String runId) {
        public String experiment() {
            return config.getString("name");
        }

        /** "miner.strategy=hardest loss.margin=0.2 seed=1". */
        public String label() {
            List<String> parts = new ArrayList<>();
            axisValues.forEach((k, v) -> parts.add(k + "=" + yamlValue(v)));
            return String.join(" ", parts);
        }
    }

    /** Reads and checks a sweep file (keys, axis keys and each axis value against the base config). */
    public static Sweep load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": sweep file not found");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read sweep file: " + e.getMessage(), e);
        }
        Object root;
        try {
            LoaderOptions lo = new LoaderOptions();
            lo.setAllowDuplicateKeys(false);
            root = new Yaml(new SafeConstructor(lo)).load(text);
        } catch (YAMLException e) {
            throw new ConfigException(file + ": not valid YAML: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new ConfigException(file + ": a sweep file is a mapping with keys base, axes and optionally set, name, description");
        }
        for (Object k : top.keySet()) {
            if (!KEYS.contains(String.valueOf(k))) {
                throw new ConfigException(file + ": unknown key '" + k + "'; a sweep file has base, axes and optionally set, name, description");
            }
        }
        if (!(top.get("base") instanceof String baseName) || baseName.isBlank()) {
            throw new ConfigException(file + ": key 'base': expected the path of an experiment YAML, relative to the sweep file");
        }
        Path dir = file.toAbsolutePath().getParent();
        Path base = dir.resolve(baseName).normalize();
        if (!Files.isRegularFile(base)) {
            throw new ConfigException(file + ": key 'base': " + base + " does not exist (the path is relative to the sweep file)");
        }
        String name = top.get("name") != null ? String.valueOf(top.get("name")) : stem(file);
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new ConfigException(file + ": key 'name': '" + name + "' is not a folder name; use letters, digits, '.', '_' and '-'");
        }
        Map<String, Object> set = new LinkedHashMap<>();
        if (top.get("set") != null) {
            if (!(top.get("set") instanceof Map<?, ?> m)) {
                throw new ConfigException(file + ": key 'set': expected a mapping of config keys to values, e.g. set: {train.epochs: 5}");
            }
            flatten(m, "", set);
        }
        Map<String, Object> rawAxes = new LinkedHashMap<>();
        if (!(top.get("axes") instanceof Map<?, ?> am) || am.isEmpty()) {
            throw new ConfigException(file + ": key 'axes': expected a mapping of config keys to lists of values, e.g. axes: {seed: [1, 2, 3]}");
        }
        flatten(am, "", rawAxes);
        Map<String, List<Object>> axes = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : rawAxes.entrySet()) {
            if (!(e.getValue() instanceof List<?> values) || values.isEmpty()) {
                throw new ConfigException(file + ": axes." + e.getKey() + ": expected a non-empty list of values, e.g. [0.05, 0.2, 0.5], got " + e.getValue());
            }
            if (set.containsKey(e.getKey())) {
                throw new ConfigException(file + ": key '" + e.getKey() + "' is both an axis and in set; keep one");
            }
            if (values.stream().distinct().count() != values.size()) {
                throw new ConfigException(file + ": axes." + e.getKey() + ": " + values + " lists a value twice");
            }
            axes.put(e.getKey(), Collections.unmodifiableList(new ArrayList<>(values)));
        }
        Sweep sweep = new Sweep(file, name, base, Collections.unmodifiableMap(set), Collections.unmodifiableMap(axes));
        sweep.checkKeysAndValues();
        return sweep;
    }

    /** Each set key and each axis value on its own, so an error names exactly the offending key and value. */
    private void checkKeysAndValues() {
        List<String> fixed = new ArrayList<>();
        for (Map.Entry<String, Object> e : set.entrySet()) {
            String o = e.getKey() + "=" + yamlValue(e.getValue());
            fixed.add(o);
            try {
                Config.load(base, List.of(o));
            } catch (ConfigException ex) {
                throw new ConfigException(file + ": set." + e.getKey() + ": " + withoutKeyPrefix(withoutOverridePrefix(ex.getMessage()), e.getKey()), ex);
            }
        }
        for (Map.Entry<String, List<Object>> e : axes.entrySet()) {
            for (Object v : e.getValue()) {
                List<String> o = new ArrayList<>(fixed);
                o.add(e.getKey() + "=" + yamlValue(v));
                try {
                    Config.load(base, o);
                } catch (ConfigException ex) {
                    String where = Schema.get(e.getKey()) == null ? "" : " value " + yamlValue(v);
                    throw new ConfigException(file + ": axes." + e.getKey() + where + ": "
                            + withoutKeyPrefix(withoutOverridePrefix(ex.getMessage()), e.getKey()), ex);
                }
            }
        }
    }

    /** A value error of an override names the base file and the key ("base.yaml: key 'k': "); here the sweep names both. */
    private String withoutKeyPrefix(String message, String key) {
        String prefix = base + ": key '" + key + "': ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /** Config's override errors start "--set k=v: "; in a sweep the key and value are named already. */
    private static String withoutOverridePrefix(String message) {
        if (message.startsWith("--set ")) {
            int colon = message.indexOf(": ");
            if (colon > 0) {
                return message.substring(colon + 2);
            }
        }
        return message;
    }

    /**
     * The full grid, in stable order, each point resolved and validated (cross-key rules included).
     *
     * @param threads intra-op threads per run written as {@code train.threads} into each point
     *     (and so into its run id), or 0 to leave the base file's value; ignored when the sweep
     *     sets {@code train.threads} itself
     */
    public List<Point> expand(int threads) {
        List<String> keys = new ArrayList<>(axes.keySet());
        int total = size();
        List<Point> points = new ArrayList<>(total);
        int[] pos = new int[keys.size()];
        for (int index = 1; index <= total; index++) {
            Map<String, Object> values = new LinkedHashMap<>();
            List<String> overrides = new ArrayList<>();
            set.forEach((k, v) -> overrides.add(k + "=" + yamlValue(v)));
            for (int a = 0; a < keys.size(); a++) {
                Object v = axes.get(keys.get(a)).get(pos[a]);
                values.put(keys.get(a), v);
                overrides.add(keys.get(a) + "=" + yamlValue(v));
            }
            if (threads > 0 && !set.containsKey("train.threads") && !axes.containsKey("train.threads")) {
                overrides.add("train.threads=" + threads);
            }
            Config config;
            try {
                config = Config.load(base, overrides);
                ExperimentConfig.from(config);
            } catch (ConfigException ex) {
                throw new ConfigException(file + ": grid point " + index + " (" + String.join(", ", overrides) + "): " + ex.getMessage(), ex);
            }
            points.add(new Point(index, Collections.unmodifiableMap(values), List.copyOf(overrides), config, RunDirectory.runId(config)));
            for (int a = keys.size() - 1; a >= 0; a--) {
                if (++pos[a] < axes.get(keys.get(a)).size()) {
                    break;
                }
                pos[a] = 0;
            }
        }
        return points;
    }

    /** Number of grid points. */
    public int size() {
        int n = 1;
        for (List<Object> v : axes.values()) {
            n = Math.multiplyExact(n, v.size());
        }
        return n;
    }

    public Path file() {
        return file;
    }

    /** The sweep's name: its folder under the results root holds the index and the report. */
    public String name() {
        return name;
    }

    /** The base experiment file (absolute). */
    public Path base() {
        return base;
    }

    public Map<String, List<Object>> axes() {
        return axes;
    }

    public Map<String, Object> fixed() {
        return set;
    }

    /** A value as it would be written after {@code --set key=}: YAML flow style, one line. */
    static String yamlValue(Object v) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.FLOW);
        o.setWidth(Integer.MAX_VALUE);
        return new Yaml(o).dump(v).strip();
    }

    private static void flatten(Map<?, ?> map, String prefix, Map<String, Object> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey();
            if (e.getValue() instanceof Map<?, ?> child && Schema.get(key) == null && Schema.isSection(key)) {
                flatten(child, key, out);
            } else {
                out.put(key, e.getValue());
            }
        }
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        return n.replaceFirst("\\.(yaml|yml)$", "");
    }
}
