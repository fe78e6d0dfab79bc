package org.tripletlab.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tripletlab.config.Config;
import org.tripletlab.component.ConfigException;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.config.Schema;
import org.tripletlab.run.RunDirectory;
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
 * extra:                         # optional: sub-grids of the base beside the main grid
 *   - {miner.strategy: [semi-hard, batch-all], loss.margin: [0.05, 0.5]}
 *   - {miner.strategy: [hardest], miner.warmup.strategy: [semi-hard], miner.warmup.epochs: [3]}
 * baselines:                     # optional: other experiments run beside the grid
 *   - ../baselines/pixels.yaml
 *   - {file: ../baselines/softmax.yaml, set: {train.epochs: 3}}
 * </pre>
 *
 * <p>The grid is the full Cartesian product of the axes, in a stable order: axes in file order, the
 * first axis outermost and the last varying fastest (nested loops). Each grid point is the base file
 * with the overrides {@code set…, axes…} (and the sweep's thread count) applied through
 * {@link Config#load}, so every key and value goes through the same validation as a {@code --set}
 * on the command line; errors name the sweep file, the key and the value. Keys may be written
 * dotted ({@code loss.margin}) or nested ({@code loss: {margin: …}}).
 *
 * <p><b>Baselines.</b> Each entry of {@code baselines} is an experiment file (relative to the sweep
 * file), optionally with its own {@code set} overrides, run once for every value of the grid's
 * {@code seed} axis (once, with the file's own seed, when the grid has no seed axis), so that the
 * baselines get as many seeds as each grid configuration. The sweep's top-level {@code set} is
 * <em>not</em> applied to them: it is written for the base experiment, and its keys need not make
 * sense for another one (a fitted baseline has no optimizer, a softmax run no miner); give each entry
 * the overrides it needs. Nor are the other axes applied. Baseline runs are ordinary points of the
 * sweep, numbered after the grid points (so adding baselines changes neither the grid's order nor its
 * run ids), with the same thread split, index, resume and dry-run listing. Two points that resolve to
 * the same config (the same run id) are an error.
 */
public final class Sweep {
    /** Top-level keys a sweep file may have. */
    private static final Set<String> KEYS = Set.of("name", "base", "set", "axes", "extra", "baselines", "description");

    private final Path file;
    private final String name;
    private final Path base;
    private final Map<String, Object> set;
    private final Map<String, List<Object>> axes;
    private final List<Extra> extras;
    private final List<Baseline> baselines;

    private Sweep(Path file, String name, Path base, Map<String, Object> set, Map<String, List<Object>> axes, List<Extra> extras,
            List<Baseline> baselines) {
        this.file = file;
        this.name = name;
        this.base = base;
        this.set = set;
        this.axes = axes;
        this.extras = extras;
        this.baselines = baselines;
    }

    /**
     * One entry of the sweep's {@code extra} list: a sub-grid of the base experiment.
     *
     * @param entry position in the list, from 1
     * @param axes each key's values (dotted keys, file order); never {@code seed}
     */
    public record Extra(int entry, Map<String, List<Object>> axes) {
        /** "extra entry 2", for error messages and labels. */
        public String where() {
            return "extra entry " + entry;
        }

        /** Number of points per seed: the product of the lists' lengths. */
        public int size() {
            return count(axes);
        }
    }

    /**
     * One entry of the sweep's {@code baselines} list.
     *
     * @param entry position in the list, from 1
     * @param written the file name as written in the sweep file
     * @param file the experiment file (absolute)
     * @param set the entry's own overrides (dotted keys), applied before the seed
     */
    public record Baseline(int entry, String written, Path file, Map<String, Object> set) {
        /** "baselines entry 2 (../baselines/softmax.yaml)", for error messages. */
        public String where() {
            return "baselines entry " + entry + " (" + written + ")";
        }
    }

    /**
     * One run of the sweep: a grid point or a baseline run.
     *
     * @param index position in the sweep, from 1: the grid points first, in grid order, then the baseline runs
     * @param axisValues the value of every axis at this point, in axis order; for a baseline run only
     *     its {@code seed} (when the grid has a seed axis)
     * @param overrides every override applied to {@code experimentFile} ({@code key=value}, YAML values)
     * @param config the resolved, validated config
     * @param runId {@link RunDirectory#runId} of {@code config}
     * @param experimentFile the experiment YAML the overrides apply to: the sweep's base for a grid point
     * @param baseline the baselines entry this run comes from, or null for a grid or extra point
     * @param extra the extra entry this point comes from, or null; its {@code axisValues} are the entry's keys and the seed
     */
    public record Point(int index, Map<String, Object> axisValues, List<String> overrides, Config config, String runId,
            Path experimentFile, Baseline baseline, Extra extra) {
        public String experiment() {
            return config.getString("name");
        }

        public boolean isBaseline() {
            return baseline != null;
        }

        public boolean isExtra() {
            return extra != null;
        }

        /**
         * "miner.strategy=hardest loss.margin=0.2 seed=1" for a grid point, "baseline-pixels seed=1" for a baseline run,
         * "extra 2: miner.strategy=hardest miner.warmup.epochs=3 seed=1" for a point of an extra entry.
         */
        public String label() {
            List<String> parts = new ArrayList<>();
            if (baseline != null) {
                parts.add(experiment());
            }
            if (extra != null) {
                parts.add("extra " + extra.entry() + ":");
            }
            axisValues.forEach((k, v) -> parts.add(k + "=" + yamlValue(v)));
            return String.join(" ", parts);
        }
    }

    /** Reads and checks a sweep file (keys, axis keys and each axis value against the base config). */
    public static Sweep load(Path file) {
        String text = Config.readUtf8(file, "sweep file", "pass the path of a sweep YAML such as experiments/sweeps/mining-margin-v2.yaml");
        Object root;
        try {
            LoaderOptions lo = new LoaderOptions();
            lo.setAllowDuplicateKeys(false);
            root = new Yaml(new SafeConstructor(lo)).load(text);
        } catch (YAMLException e) {
            throw Config.notYaml(file, e);
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new ConfigException(file + ": a sweep file is a mapping with keys base, axes and optionally set, name, description");
        }
        for (Object k : top.keySet()) {
            if (!KEYS.contains(String.valueOf(k))) {
                throw new ConfigException(file + ": unknown key '" + k + "'; a sweep file has base, axes and optionally set, extra, baselines, name, description");
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
        if (!Config.isPlainName(name)) {
            throw new ConfigException(file + ": key 'name': '" + name + "' is not a plain name: the sweep's name becomes a folder "
                    + "of the results folder, so " + Config.NAME_RULE + ", e.g. name: mining-margin");
        }
        Map<String, Object> set = new LinkedHashMap<>();
        if (top.get("set") != null) {
            if (!(top.get("set") instanceof Map<?, ?> m)) {
                throw new ConfigException(file + ": key 'set': expected a mapping of config keys to values, e.g. set: {train.epochs: 5}");
            }
            flatten(m, "", set);
        }
        if (!(top.get("axes") instanceof Map<?, ?> am) || am.isEmpty()) {
            throw new ConfigException(file + ": key 'axes': expected a mapping of config keys to lists of values, e.g. axes: {seed: [1, 2, 3]}");
        }
        Map<String, List<Object>> axes = lists(file, "axes.", am);
        for (String k : axes.keySet()) {
            if (set.containsKey(k)) {
                throw new ConfigException(file + ": key '" + k + "' is both an axis and in set; keep one");
            }
        }
        List<Extra> extras = readExtras(file, top.get("extra"));
        List<Baseline> baselines = readBaselines(file, dir, top.get("baselines"), axes.containsKey("seed"));
        Sweep sweep = new Sweep(file, name, base, Collections.unmodifiableMap(set), Collections.unmodifiableMap(axes), extras, baselines);
        sweep.checkKeysAndValues();
        return sweep;
    }

    /**
     * A mapping of config keys (dotted or nested) to non-empty lists of distinct values, as {@code axes} and each
     * {@code extra} entry have; errors start {@code <file>: <where><key>: }.
     */
    private static Map<String, List<Object>> lists(Path file, String where, Map<?, ?> raw) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten(raw, "", flat);
        Map<String, List<Object>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            if (!(e.getValue() instanceof List<?> values) || values.isEmpty()) {
                throw new ConfigException(file + ": " + where + e.getKey() + ": expected a non-empty list of values, e.g. [0.05, 0.2, 0.5], got " + e.getValue());
            }
            if (values.stream().distinct().count() != values.size()) {
                throw new ConfigException(file + ": " + where + e.getKey() + ": " + values + " lists a value twice");
            }
            out.put(e.getKey(), Collections.unmodifiableList(new ArrayList<>(values)));
        }
        return Collections.unmodifiableMap(out);
    }

    private static final String EXTRA_SHAPE = "expected a list of sub-grids, each a mapping of config keys to lists of values, "
            + "e.g. extra: [{miner.strategy: [hardest], miner.warmup.strategy: [semi-hard], miner.warmup.epochs: [3]}]";

    /** The {@code extra} list: each entry's shape (its keys and values are checked against the base in {@link #checkKeysAndValues}). */
    private static List<Extra> readExtras(Path sweepFile, Object raw) {
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            throw new ConfigException(sweepFile + ": key 'extra': " + EXTRA_SHAPE);
        }
        List<Extra> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "extra entry " + (i + 1);
            if (!(list.get(i) instanceof Map<?, ?> m) || m.isEmpty()) {
                throw new ConfigException(sweepFile + ": " + where + ": " + EXTRA_SHAPE + "; got " + list.get(i));
            }
            Map<String, List<Object>> axes = lists(sweepFile, where + ": ", m);
            if (axes.containsKey("seed")) {
                throw new ConfigException(sweepFile + ": " + where + ": seed: the extra points run with every value of the grid's "
                        + "seed axis; remove seed from the entry (give the seeds in axes)");
            }
            out.add(new Extra(i + 1, axes));
        }
        return Collections.unmodifiableList(out);
    }

    private static final String BASELINES_SHAPE = "expected a list of experiment files relative to the sweep file, each a path "
            + "or {file: path, set: {key: value}}, e.g. baselines: [../baselines/pixels.yaml]";

    /** The {@code baselines} list: shapes, files and each entry's own set keys checked against its file. */
    private static List<Baseline> readBaselines(Path sweepFile, Path dir, Object raw, boolean seedAxis) {
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            throw new ConfigException(sweepFile + ": key 'baselines': " + BASELINES_SHAPE);
        }
        List<Baseline> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object e = list.get(i);
            String where = sweepFile + ": baselines entry " + (i + 1);
            String written;
            Map<String, Object> set = new LinkedHashMap<>();
            if (e instanceof String s) {
                written = s;
            } else if (e instanceof Map<?, ?> m) {
                for (Object k : m.keySet()) {
                    if (!k.equals("file") && !k.equals("set")) {
                        throw new ConfigException(where + ": unknown key '" + k + "'; an entry has file and optionally set");
                    }
                }
                if (!(m.get("file") instanceof String s)) {
                    throw new ConfigException(where + ": key 'file': expected the path of an experiment YAML, relative to the sweep file");
                }
                written = s;
                if (m.get("set") != null) {
                    if (!(m.get("set") instanceof Map<?, ?> sm)) {
                        throw new ConfigException(where + " (" + written + "): key 'set': expected a mapping of config keys to values, "
                                + "e.g. set: {train.epochs: 3}");
                    }
                    flatten(sm, "", set);
                }
            } else {
                throw new ConfigException(where + ": " + BASELINES_SHAPE + "; got " + e);
            }
            if (written.isBlank()) {
                throw new ConfigException(where + ": empty file name; " + BASELINES_SHAPE);
            }
            Path f = dir.resolve(written).normalize();
            if (!Files.isRegularFile(f)) {
                throw new ConfigException(where + ": " + f + " does not exist (the path is relative to the sweep file)");
            }
            Baseline b = new Baseline(i + 1, written, f, Collections.unmodifiableMap(set));
            if (seedAxis && set.containsKey("seed")) {
                throw new ConfigException(sweepFile + ": " + b.where() + ": set.seed: the baselines run with every value of the "
                        + "grid's seed axis; remove seed from the entry's set");
            }
            for (Map.Entry<String, Object> o : set.entrySet()) {
                try {
                    Config.load(f, List.of(o.getKey() + "=" + yamlValue(o.getValue())));
                } catch (ConfigException ex) {
                    throw new ConfigException(sweepFile + ": " + b.where() + ": set." + o.getKey() + ": "
                            + withoutKeyPrefix(withoutOverridePrefix(ex.getMessage(), o.getKey() + "=" + yamlValue(o.getValue())), f, o.getKey()), ex);
                }
            }
            out.add(b);
        }
        return Collections.unmodifiableList(out);
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
                throw new ConfigException(file + ": set." + e.getKey() + ": " + withoutKeyPrefix(withoutOverridePrefix(ex.getMessage(), o), base, e.getKey()), ex);
            }
        }
        checkValues(fixed, axes, "axes.");
        for (Extra x : extras) {
            checkValues(fixed, x.axes(), x.where() + ": ");
        }
    }

    /** Each value of each list on its own over the sweep's set; an error names {@code <file>: <where><key> value <v>}. */
    private void checkValues(List<String> fixed, Map<String, List<Object>> lists, String where) {
        for (Map.Entry<String, List<Object>> e : lists.entrySet()) {
            for (Object v : e.getValue()) {
                List<String> o = new ArrayList<>(fixed);
                o.add(e.getKey() + "=" + yamlValue(v));
                try {
                    Config.load(base, o);
                } catch (ConfigException ex) {
                    String value = Schema.get(e.getKey()) == null ? "" : " value " + yamlValue(v);
                    throw new ConfigException(file + ": " + where + e.getKey() + value + ": "
                            + withoutKeyPrefix(withoutOverridePrefix(ex.getMessage(), o.get(o.size() - 1)), base, e.getKey()), ex);
                }
            }
        }
    }

    /** A value error of an override names the experiment file and the key ("base.yaml: key 'k': "); here the sweep names both. */
    private static String withoutKeyPrefix(String message, Path experimentFile, String key) {
        String prefix = experimentFile + ": key '" + key + "': ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /** Config's override errors start "--set k=v: "; in a sweep the key and value are named already. */
    private static String withoutOverridePrefix(String message, String override) {
        if (message.startsWith("--set " + override + ": ")) {
            return message.substring(("--set " + override + ": ").length());
        }
        if (message.startsWith("--set ")) {
            int colon = message.indexOf(": ");
            if (colon > 0) {
                return message.substring(colon + 2);
            }
        }
        return message;
    }

    /**
     * The full grid, in stable order, then the baseline runs (entry by entry, each for every seed of the
     * grid's seed axis), each point resolved and validated (cross-key rules included). With {@code extra}
     * entries the seed is outermost: for each seed the grid's points, then each entry's (see the class comment).
     *
     * @param threads intra-op threads per run written as {@code train.threads} into each point
     *     (not into its run id: {@link RunDirectory#EXECUTION_ONLY}), or 0 to leave the base file's value; ignored when the sweep
     *     sets {@code train.threads} itself
     */
    public List<Point> expand(int threads) {
        List<Point> points = new ArrayList<>();
        if (extras.isEmpty()) {
            for (Map<String, Object> values : product(axes)) {
                points.add(basePoint(points.size() + 1, values, threads, null));
            }
        } else {
            Map<String, List<Object>> rest = new LinkedHashMap<>(axes);
            rest.remove("seed");
            for (Object seed : seeds()) {
                for (Map<String, Object> combination : product(rest)) {
                    // the axes' file order, the seed in its place
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (String k : axes.keySet()) {
                        values.put(k, k.equals("seed") ? seed : combination.get(k));
                    }
                    points.add(basePoint(points.size() + 1, values, threads, null));
                }
                for (Extra x : extras) {
                    for (Map<String, Object> combination : product(x.axes())) {
                        Map<String, Object> values = new LinkedHashMap<>(combination);
                        if (seed != null) {
                            values.put("seed", seed);
                        }
                        points.add(basePoint(points.size() + 1, values, threads, x));
                    }
                }
            }
        }
        for (Baseline b : baselines) {
            for (Object seed : seeds()) {
                int index = points.size() + 1;
                Map<String, Object> values = new LinkedHashMap<>();
                List<String> overrides = new ArrayList<>();
                b.set().forEach((k, v) -> overrides.add(k + "=" + yamlValue(v)));
                if (seed != null) {
                    values.put("seed", seed);
                    overrides.add("seed=" + yamlValue(seed));
                }
                if (threads > 0 && !b.set().containsKey("train.threads")) {
                    overrides.add("train.threads=" + threads);
                }
                Config config;
                try {
                    config = Config.load(b.file(), overrides);
                    ExperimentConfig.from(config);
                } catch (ConfigException ex) {
                    throw new ConfigException(file + ": " + b.where() + (overrides.isEmpty() ? "" : " with " + String.join(", ", overrides))
                            + ": " + ex.getMessage(), ex);
                }
                points.add(new Point(index, Collections.unmodifiableMap(values), List.copyOf(overrides), config, RunDirectory.runId(config),
                        b.file(), b, null));
            }
        }
        Map<String, Point> byId = new LinkedHashMap<>();
        for (Point p : points) {
            Point earlier = byId.putIfAbsent(p.runId(), p);
            if (earlier != null) {
                throw new ConfigException(file + ": " + describe(p) + " resolves to the same config (run id " + p.runId() + ") as "
                        + describe(earlier) + "; list each experiment once");
            }
        }
        return points;
    }

    /**
     * A point of the base experiment: {@code set}, then {@code values} (an extra entry's win over {@code set}), then the thread
     * count unless the sweep gives one.
     *
     * @param extra the entry the point comes from, or null for a grid point
     */
    private Point basePoint(int index, Map<String, Object> values, int threads, Extra extra) {
        List<String> overrides = new ArrayList<>();
        set.forEach((k, v) -> overrides.add(k + "=" + yamlValue(v)));
        values.forEach((k, v) -> overrides.add(k + "=" + yamlValue(v)));
        if (threads > 0 && !set.containsKey("train.threads") && !values.containsKey("train.threads")) {
            overrides.add("train.threads=" + threads);
        }
        Config config;
        try {
            config = Config.load(base, overrides);
            ExperimentConfig.from(config);
        } catch (ConfigException ex) {
            String where = extra == null ? "grid point " + index : extra.where() + ", point " + index;
            throw new ConfigException(file + ": " + where + " (" + String.join(", ", overrides) + "): " + ex.getMessage(), ex);
        }
        return new Point(index, Collections.unmodifiableMap(values), List.copyOf(overrides), config, RunDirectory.runId(config), base, null,
                extra);
    }

    /** The grid's seed values, or a single null (each point keeps its file's seed) without a seed axis. */
    private List<Object> seeds() {
        return axes.containsKey("seed") ? axes.get("seed") : Collections.singletonList(null);
    }

    /** Every combination of the lists' values as nested loops: the first key outermost, the last varying fastest. */
    private static List<Map<String, Object>> product(Map<String, List<Object>> lists) {
        List<String> keys = new ArrayList<>(lists.keySet());
        int total = count(lists);
        List<Map<String, Object>> out = new ArrayList<>(total);
        int[] pos = new int[keys.size()];
        for (int n = 0; n < total; n++) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (int a = 0; a < keys.size(); a++) {
                values.put(keys.get(a), lists.get(keys.get(a)).get(pos[a]));
            }
            out.add(values);
            for (int a = keys.size() - 1; a >= 0; a--) {
                if (++pos[a] < lists.get(keys.get(a)).size()) {
                    break;
                }
                pos[a] = 0;
            }
        }
        return out;
    }

    /** Number of combinations: the product of the lists' lengths. */
    private static int count(Map<String, List<Object>> lists) {
        int n = 1;
        for (List<Object> v : lists.values()) {
            n = Math.multiplyExact(n, v.size());
        }
        return n;
    }

    private static String describe(Point p) {
        String where = p.isBaseline() ? p.baseline().where() : p.isExtra() ? p.extra().where() + ", point " + p.index() : "grid point " + p.index();
        return where + (p.axisValues().isEmpty() ? "" : " (" + p.label() + ")");
    }

    /** Number of baseline runs: entries × seeds of the grid's seed axis (× 1 without one). */
    public int baselineRuns() {
        return baselines.size() * seeds().size();
    }

    /** Number of points of the extra entries: the sum of their sizes × seeds of the grid's seed axis (× 1 without one). */
    public int extraRuns() {
        int n = 0;
        for (Extra x : extras) {
            n = Math.addExact(n, x.size());
        }
        return Math.multiplyExact(n, seeds().size());
    }

    /** The {@code extra} entries, in file order (empty without the key). */
    public List<Extra> extras() {
        return extras;
    }

    /**
     * The index's value columns: the axes in file order, then the keys the extra entries name that are not axes (first
     * occurrence); without extra entries exactly the axes.
     */
    public List<String> indexColumns() {
        List<String> out = new ArrayList<>(axes.keySet());
        for (Extra x : extras) {
            for (String k : x.axes().keySet()) {
                if (!out.contains(k)) {
                    out.add(k);
                }
            }
        }
        return out;
    }

    /** The {@code baselines} entries, in file order. */
    public List<Baseline> baselines() {
        return baselines;
    }

    /** Number of grid points (extra points and baseline runs not counted; see {@link #extraRuns()}, {@link #baselineRuns()}). */
    public int size() {
        return count(axes);
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
