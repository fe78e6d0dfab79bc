package org.tripletlab.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.tripletlab.component.ConfigException;
import org.tripletlab.eval.MeanSe;
import org.tripletlab.run.Study;

/**
 * The arithmetic of a report, apart from any formatting: runs grouped into configurations, mean ±
 * standard error over seeds per metric, the best configuration per metric, and paired differences
 * against a reference configuration.
 *
 * <ul>
 *   <li>A configuration is a run's resolved config without {@code seed} and {@code train.threads}
 *       (threads change speed, not what is learned); runs that differ only there form one row. If a
 *       configuration has two completed runs with the same seed, the first (in input order) counts.</li>
 *   <li>Mean ± s.e. is {@link MeanSe} over the seeds' values (s.e. = sample std / √n; NaN for n &lt; 2);
 *       runs without a value for a metric are left out of that metric's n.</li>
 *   <li>Best: the highest mean (the lowest for minutes); every configuration with that exact mean is
 *       marked. The active share has no best.</li>
 *   <li>Paired difference against the reference: over the seeds both configurations ran (and both
 *       have a value for), d_s = row(s) − reference(s); reported as mean ± s.e. of d_s with the number
 *       of matched seeds. Pairing removes what the seed does to both (split, initialisation), so it is
 *       more sensitive than comparing the two means.</li>
 *   <li>Other experiments (a sweep's baselines, or the less common experiments of a results folder)
 *       form their own block after the grid's rows: they are named by their experiment name, and the
 *       keys that name the grid's rows are taken from the grid's configurations only (a baseline
 *       differs from the grid in many keys that mean nothing for the comparison). The best mark is
 *       taken over both blocks: every measured row competes.</li>
 * </ul>
 */
public final class ResultsTable {
    /** Config keys that do not make a different configuration. */
    public static final Set<String> IGNORED_KEYS = Set.of("seed", "train.threads");

    /** One configuration: its config (ignored keys removed) and its runs by seed. */
    public record Group(Map<String, Object> config, TreeMap<Long, RunResult> bySeed) {
        /** The metric's value per seed (NaN values left out). */
        public Map<Long, Double> values(Metric m) {
            Map<Long, Double> out = new TreeMap<>();
            bySeed.forEach((seed, r) -> {
                double v = r.metric(m);
                if (!Double.isNaN(v)) {
                    out.put(seed, v);
                }
            });
            return out;
        }

        public MeanSe stats(Metric m) {
            return MeanSe.of(values(m).values().stream().mapToDouble(Double::doubleValue).toArray());
        }

        public int seeds() {
            return bySeed.size();
        }
    }

    private final List<Group> groups;
    private final List<Group> others;
    private final List<String> varyingKeys;
    private final List<Metric> metrics;
    private final int duplicateSeeds;
    private final List<String> labelKeys;

    private ResultsTable(List<Group> groups, List<Group> others, List<String> varyingKeys, List<Metric> metrics, int duplicateSeeds) {
        this(groups, others, varyingKeys, metrics, duplicateSeeds, null);
    }

    private ResultsTable(List<Group> groups, List<Group> others, List<String> varyingKeys, List<Metric> metrics, int duplicateSeeds,
            List<String> labelKeys) {
        this.groups = groups;
        this.others = others;
        this.varyingKeys = varyingKeys;
        this.metrics = metrics;
        this.duplicateSeeds = duplicateSeeds;
        this.labelKeys = labelKeys;
    }

    /**
     * The same table with rows named by these keys (those of them that vary, in {@link #varyingKeys} order) and, for the
     * other varying keys, by what a row changes from their {@link #baseValues} in words ({@link VariantLabel}) — the
     * labels of a sparse study, whose rows would otherwise need a column for every key that varies somewhere.
     */
    public ResultsTable withLabelKeys(java.util.Collection<String> keys) {
        List<String> named = varyingKeys.stream().filter(keys::contains).toList();
        return new ResultsTable(groups, others, varyingKeys, metrics, duplicateSeeds, named);
    }

    /** The keys named by {@link #withLabelKeys}, or null: every varying key is a label column. */
    public List<String> labelKeys() {
        return labelKeys;
    }

    /** Groups runs (in the given order) into configurations; metrics without any value are left out. */
    public static ResultsTable of(List<RunResult> runs) {
        return of(runs, List.of());
    }

    /**
     * Groups the grid's runs and, in a block of their own, the runs of other experiments (each list in
     * the given order) into configurations; metrics without any value are left out.
     */
    public static ResultsTable of(List<RunResult> grid, List<RunResult> otherRuns) {
        int[] duplicates = {0};
        List<Group> groups = group(grid, duplicates);
        List<Group> others = group(otherRuns, duplicates);
        List<String> varying = new ArrayList<>();
        if (!groups.isEmpty()) {
            for (String k : groups.get(0).config().keySet()) {
                Object first = groups.get(0).config().get(k);
                if (groups.stream().anyMatch(g -> !Objects.equals(g.config().get(k), first))) {
                    varying.add(k);
                }
            }
        }
        List<Metric> metrics = new ArrayList<>();
        for (Metric m : Metric.values()) {
            if (java.util.stream.Stream.concat(grid.stream(), otherRuns.stream()).anyMatch(r -> !Double.isNaN(r.metric(m)))) {
                metrics.add(m);
            }
        }
        return new ResultsTable(List.copyOf(groups), List.copyOf(others), List.copyOf(varying), List.copyOf(metrics), duplicates[0]);
    }

    private static List<Group> group(List<RunResult> runs, int[] duplicates) {
        Map<Map<String, Object>, Group> byConfig = new LinkedHashMap<>();
        for (RunResult r : runs) {
            Map<String, Object> key = configurationKey(r.config());
            Group g = byConfig.computeIfAbsent(key, k -> new Group(Collections.unmodifiableMap(k), new TreeMap<>()));
            if (g.bySeed().putIfAbsent(r.seed(), r) != null) {
                duplicates[0]++;
            }
        }
        return new ArrayList<>(byConfig.values());
    }

    /** The configuration a run belongs to: its config without the keys runs are averaged over ({@link #IGNORED_KEYS}). */
    static Map<String, Object> configurationKey(Map<String, Object> config) {
        Map<String, Object> key = new LinkedHashMap<>(config);
        IGNORED_KEYS.forEach(key::remove);
        return key;
    }

    /**
     * The same table with rows ordered by the values of the varying keys (numbers by value, the rest
     * alphabetically) — for runs collected from a folder, whose order (by run id) means nothing.
     */
    public ResultsTable sortedByConfig() {
        List<Group> sorted = new ArrayList<>(groups);
        sorted.sort((a, b) -> {
            for (String k : varyingKeys) {
                int c = compareValues(a.config().get(k), b.config().get(k));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        List<Group> sortedOthers = new ArrayList<>(others);
        sortedOthers.sort((a, b) -> otherLabel(a).compareTo(otherLabel(b)));
        return new ResultsTable(List.copyOf(sorted), List.copyOf(sortedOthers), varyingKeys, metrics, duplicateSeeds, labelKeys);
    }

    private static int compareValues(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    /** The same table with the varying keys in this order first (e.g. a sweep's axes), the others after them. */
    public ResultsTable withKeyOrder(List<String> preferred) {
        List<String> keys = new ArrayList<>();
        for (String k : preferred) {
            if (varyingKeys.contains(k)) {
                keys.add(k);
            }
        }
        for (String k : varyingKeys) {
            if (!keys.contains(k)) {
                keys.add(k);
            }
        }
        return new ResultsTable(groups, others, List.copyOf(keys), metrics, duplicateSeeds, labelKeys);
    }

    /** The grid's configurations (all of them when there is no block of other experiments). */
    public List<Group> groups() {
        return groups;
    }

    /** The configurations of other experiments (a sweep's baselines), in their own block; often empty. */
    public List<Group> others() {
        return others;
    }

    /** The grid's configurations, then the other experiments'. */
    public List<Group> allGroups() {
        List<Group> all = new ArrayList<>(groups);
        all.addAll(others);
        return all;
    }

    /**
     * The name of a row of the other-experiments block: its experiment name, with the keys in which it
     * differs from other rows of the same experiment (if any) in parentheses.
     */
    public String otherLabel(Group g) {
        Object name = g.config().get("name");
        List<Group> same = others.stream().filter(o -> Objects.equals(o.config().get("name"), name)).toList();
        List<String> parts = new ArrayList<>();
        if (same.size() > 1) {
            for (Map.Entry<String, Object> e : g.config().entrySet()) {
                if (same.stream().anyMatch(o -> !Objects.equals(o.config().get(e.getKey()), e.getValue()))) {
                    parts.add(e.getKey() + "=" + e.getValue());
                }
            }
        }
        return name + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")");
    }

    /** Config keys whose value differs between configurations: the columns that name a row. */
    public List<String> varyingKeys() {
        return varyingKeys;
    }

    /** Measured metrics (not the {@link Metric#modelSize() model sizes}) that at least one run recorded, in {@link Metric} order. */
    public List<Metric> metrics() {
        return metrics.stream().filter(m -> !m.modelSize()).toList();
    }

    /** Whether at least one run recorded {@code m}. */
    public boolean has(Metric m) {
        return metrics.contains(m);
    }

    /** Runs left out because their configuration already had a run with the same seed. */
    public int duplicateSeeds() {
        return duplicateSeeds;
    }

    /** Whether {@code g} has the best mean of {@code m} over all rows, both blocks (never for metrics without a direction). */
    public boolean isBest(Group g, Metric m) {
        return isBestAmong(g, m, allGroups());
    }

    /** Whether {@code g} has the best mean of {@code m} among {@code candidates} (at least two; never for metrics without a direction). */
    public static boolean isBestAmong(Group g, Metric m, List<Group> candidates) {
        if (m.better() == 0 || candidates.size() < 2) {
            return false;
        }
        double mine = g.stats(m).mean();
        if (Double.isNaN(mine)) {
            return false;
        }
        for (Group o : candidates) {
            double v = o.stats(m).mean();
            if (!Double.isNaN(v) && (m.better() > 0 ? v > mine : v < mine)) {
                return false;
            }
        }
        return true;
    }

    /** The paired difference row − reference over matched seeds (see the class comment). */
    public static MeanSe paired(Map<Long, Double> row, Map<Long, Double> reference) {
        List<Double> d = new ArrayList<>();
        for (Map.Entry<Long, Double> e : new TreeMap<>(row).entrySet()) {
            Double ref = reference.get(e.getKey());
            if (ref != null && !Double.isNaN(ref) && !Double.isNaN(e.getValue())) {
                d.add(e.getValue() - ref);
            }
        }
        return MeanSe.of(d.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * The reference configuration for {@code g}: the one equal to {@code g} except that each key of
     * {@code reference} has the given value; null when the grid has no such configuration. With
     * {@code --reference miner.strategy=semi-hard} on a miner × margin grid, each row is compared with
     * semi-hard at the same margin.
     */
    public Group referenceFor(Group g, Map<String, String> reference) {
        if (others.contains(g)) {
            // Another experiment has no "same configuration but for the reference keys" in the grid; it is
            // compared with the reference row itself when the reference names exactly one grid row.
            List<Group> named = groups.stream()
                    .filter(o -> reference.entrySet().stream().allMatch(e -> Study.valueMatches(o.config().get(e.getKey()), e.getValue()))).toList();
            return named.size() == 1 ? named.get(0) : null;
        }
        for (Group o : groups) {
            boolean match = true;
            for (Map.Entry<String, Object> e : g.config().entrySet()) {
                String k = e.getKey();
                Object v = o.config().get(k);
                if (reference.containsKey(k) ? !Study.valueMatches(v, reference.get(k)) : !Objects.equals(v, e.getValue())) {
                    match = false;
                    break;
                }
            }
            if (match) {
                return o;
            }
        }
        return null;
    }

    /**
     * The study's base value of each varying key: the value most of the grid's configurations have (ties: the one met
     * first, in row order). In a sparse study — a main grid plus a few configurations beside it, such as a warm start
     * or a larger batch — these are the main grid's values; a configuration that differs from them in a key the table
     * does not lay out is named by what differs ({@link VariantLabel}).
     */
    public Map<String, Object> baseValues() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : varyingKeys) {
            Map<Object, Integer> counts = new LinkedHashMap<>();
            for (Group g : groups) {
                counts.merge(g.config().get(k), 1, Integer::sum);
            }
            Object best = null;
            int most = 0;
            for (Map.Entry<Object, Integer> e : counts.entrySet()) {
                if (e.getValue() > most) {
                    best = e.getKey();
                    most = e.getValue();
                }
            }
            out.put(k, best);
        }
        return out;
    }

    /** The varying keys in which {@code g} differs from {@link #baseValues()}, leaving out {@code except}. */
    public List<String> differencesFromBase(Group g, java.util.Collection<String> except) {
        return differencesFromBase(g.config(), except);
    }

    /** The varying keys in which a run's flat config differs from {@link #baseValues()}, leaving out {@code except}. */
    public List<String> differencesFromBase(Map<String, Object> config, java.util.Collection<String> except) {
        Map<String, Object> base = baseValues();
        List<String> out = new ArrayList<>();
        for (String k : varyingKeys) {
            if (!except.contains(k) && !Objects.equals(config.get(k), base.get(k))) {
                out.add(k);
            }
        }
        return out;
    }

    /**
     * The one grid configuration that {@code --reference-config KEY=VALUE,…} names: the configuration with these
     * values; when several have them, the one whose other varying keys are all at their {@link #baseValues() base
     * values} (so {@code miner.strategy=semi-hard,loss.margin=0.2} is the plain semi-hard row, not the semi-hard row
     * with a larger batch). No match, or no single one at the base values, is an error listing what there is: a
     * paired comparison is never made against a row the user did not mean.
     *
     * @param options {@code KEY=VALUE} items (each option may hold several, separated by commas)
     */
    public Group fixedReference(List<String> options) {
        Map<String, String> named = parseReference(options, "--reference-config");
        List<Group> matching = groups.stream()
                .filter(g -> named.entrySet().stream().allMatch(e -> Study.valueMatches(g.config().get(e.getKey()), e.getValue()))).toList();
        if (matching.size() == 1) {
            return matching.get(0);
        }
        List<Group> atBase = matching.stream().filter(g -> differencesFromBase(g, named.keySet()).isEmpty()).toList();
        if (atBase.size() == 1) {
            return atBase.get(0);
        }
        List<String> described = new ArrayList<>();
        for (Group g : matching) {
            List<String> parts = new ArrayList<>();
            for (String k : varyingKeys) {
                if (!named.containsKey(k)) {
                    parts.add(k + "=" + g.config().get(k));
                }
            }
            described.add("(" + String.join(", ", parts) + ")");
        }
        throw new ConfigException("--reference-config " + String.join(",", options) + ": " + matching.size() + " configurations have "
                + named + " and " + (atBase.isEmpty() ? "none" : atBase.size()) + " of them " + (atBase.isEmpty() ? "has" : "have")
                + " the other keys at the values most rows share (" + baseValues() + "): " + String.join("; ", described)
                + "; name more keys to single one out");
    }

    /** Parses {@code KEY=VALUE} options and checks that some configuration matches them. */
    public Map<String, String> parseReference(List<String> options) {
        return parseReference(options, "--reference");
    }

    /**
     * {@code KEY=VALUE} items, for {@code option}; with {@code --reference-config} an item may hold several separated by
     * commas (a comma inside a value, as in a list {@code [a, b]}, stays with its value).
     */
    private Map<String, String> parseReference(List<String> options, String option) {
        Map<String, String> ref = new LinkedHashMap<>();
        for (String o : option.equals("--reference") ? options : splitItems(options)) {
            int eq = o.indexOf('=');
            String example = option.equals("--reference") ? "miner.strategy=semi-hard" : "miner.strategy=semi-hard,loss.margin=0.2";
            if (eq <= 0) {
                throw new ConfigException(option + " " + o + ": expected KEY=VALUE, e.g. " + option + " " + example);
            }
            String key = o.substring(0, eq).trim();
            if (IGNORED_KEYS.contains(key)) {
                throw new ConfigException(option + " " + o + ": " + key + " is not part of a configuration (rows are averaged over it)");
            }
            if (!groups.isEmpty() && !groups.get(0).config().containsKey(key)) {
                throw new ConfigException(option + " " + o + ": unknown config key '" + key + "'"
                        + (varyingKeys.isEmpty() ? "" : "; the rows differ in " + String.join(", ", varyingKeys)));
            }
            ref.put(key, o.substring(eq + 1).trim());
        }
        boolean any = groups.stream().anyMatch(g -> ref.entrySet().stream().allMatch(e -> Study.valueMatches(g.config().get(e.getKey()), e.getValue())));
        if (!any) {
            throw new ConfigException(option + " " + String.join(" ", options) + ": no configuration has " + ref
                    + "; the values present are " + valuesPresent(ref.keySet()));
        }
        return ref;
    }

    /** "a=1,b=[x, y]" → "a=1", "b=[x, y]": items split at the commas outside brackets. */
    static List<String> splitItems(List<String> options) {
        List<String> out = new ArrayList<>();
        for (String o : options) {
            StringBuilder item = new StringBuilder();
            int depth = 0;
            for (char ch : o.toCharArray()) {
                depth += ch == '[' || ch == '{' ? 1 : ch == ']' || ch == '}' ? -1 : 0;
                if (ch == ',' && depth == 0) {
                    out.add(item.toString().trim());
                    item.setLength(0);
                } else {
                    item.append(ch);
                }
            }
            out.add(item.toString().trim());
        }
        out.removeIf(String::isEmpty);
        return out;
    }

    private String valuesPresent(Set<String> keys) {
        Map<String, List<String>> present = new LinkedHashMap<>();
        for (String k : keys) {
            List<String> vs = new ArrayList<>();
            for (Group g : groups) {
                String v = String.valueOf(g.config().get(k));
                if (!vs.contains(v)) {
                    vs.add(v);
                }
            }
            present.put(k, vs);
        }
        return present.toString();
    }

    /**
     * The pooled runs of several folders with their experiment names left out of the configuration, when the configurations
     * still tell every run apart (no configuration has a seed twice): the folders' names differ by construction, so they
     * would otherwise be a key that varies and name every row twice over (by folder and by what changed). When two folders
     * hold the same configuration (one study repeating another's runs), the names stay, so no seed is counted twice.
     */
    public static List<RunResult> withoutNamesIfDistinct(List<RunResult> runs) {
        List<RunResult> stripped = new ArrayList<>();
        java.util.Set<List<Object>> seen = new java.util.HashSet<>();
        for (RunResult r : runs) {
            Map<String, Object> config = new java.util.LinkedHashMap<>(r.config());
            config.remove("name");
            if (!seen.add(List.of(configurationKey(config), r.seed()))) {
                return runs;
            }
            stripped.add(new RunResult(r.dir(), r.runId(), java.util.Collections.unmodifiableMap(config), r.seed(), r.metrics()));
        }
        return stripped;
    }
}
