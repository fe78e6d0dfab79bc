package org.tripletlab.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Run folders grouped the way the mining figures lay them out: by {@code miner.strategy} (one line or one
 * row of histograms per miner) and by {@code loss.margin} (one panel or one file per margin α). Shared by
 * the notebooks ({@code notebook.ResultsViews}) and {@code tripletlab plot <sweep-folder>}
 * ({@code plot.SweepPlots}), so both draw the same groups.
 */
public final class RunGroups {
    private RunGroups() {
    }

    /** Miners in story order ({@link PaperTable#MINER_ORDER}), unknown ones after them alphabetically. */
    public static final Comparator<String> MINERS = Comparator
            .comparing((String m) -> PaperTable.MINER_ORDER.contains(m) ? PaperTable.MINER_ORDER.indexOf(m) : PaperTable.MINER_ORDER.size())
            .thenComparing(m -> m);

    /** The keys a miner's line is drawn by: its miner (with warm-up, {@link Recipe#minerLabel}) and the panel's margin. */
    private static final java.util.Set<String> MINER_KEYS = java.util.Set.of("miner.strategy", "loss.margin",
            org.tripletlab.mining.MinerSchedule.STRATEGY_KEY, org.tripletlab.mining.MinerSchedule.EPOCHS_KEY);

    /**
     * Run folders grouped by {@code miner.strategy} (story order), of the runs passing {@code keep}. In a sparse study (a
     * sweep with {@code extra} sub-grids) a run whose configuration differs from the values most of {@code runs} share in
     * another key (a larger batch) is its own line, "semi-hard, P×K 450×4, 1000 steps" ({@link VariantLabel}), never
     * pooled with the miner's other runs.
     */
    public static Map<String, List<Path>> byMiner(List<RunResult> runs, Predicate<RunResult> keep) {
        ResultsTable all = ResultsTable.of(runs);
        Map<String, List<Path>> grouped = new TreeMap<>(MINERS);
        for (RunResult r : runs) {
            if (keep.test(r)) {
                grouped.computeIfAbsent(line(all, r.config()), k -> new ArrayList<>()).add(r.dir());
            }
        }
        return new LinkedHashMap<>(grouped);
    }

    /**
     * The line a configuration is drawn as among the runs of {@code all}: its miner ({@link Recipe#minerLabel}), then what it
     * changes from the values most of the runs share in the other keys, "semi-hard, P×K 450×4, 320 steps"; the margin is not
     * part of it (it is the panel's).
     */
    public static String line(ResultsTable all, Map<String, Object> config) {
        List<String> other = all.differencesFromBase(config, MINER_KEYS);
        String miner = Recipe.minerLabel(config);
        return other.isEmpty() ? miner : miner + ", " + VariantLabel.of(config, other);
    }

    /** Run folders grouped into panels "α = <margin>" (ascending), each grouped by miner. */
    public static Map<String, Map<String, List<Path>>> byMarginThenMiner(List<RunResult> runs) {
        Map<String, Map<String, List<Path>>> out = new LinkedHashMap<>();
        for (double m : margins(runs)) {
            out.put("α = " + number(m), byMiner(runs, r -> margin(r) == m));
        }
        return out;
    }

    /** The distinct {@code loss.margin} values, ascending; runs without a numeric margin have none. */
    public static List<Double> margins(List<RunResult> runs) {
        return runs.stream().map(RunGroups::margin).filter(m -> !Double.isNaN(m)).distinct().sorted().toList();
    }

    /** The run's miner as figures name it ({@link Recipe#minerLabel}: with its warm-up, if any). */
    public static String miner(RunResult r) {
        return Recipe.minerLabel(r.config());
    }

    /** {@code loss.margin}, or NaN when the run's config has no number there. */
    public static double margin(RunResult r) {
        Object o = r.config().get("loss.margin");
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** "0.2", "0.05": a number without trailing zeros (at most 4 decimals). */
    public static String number(double v) {
        String s = String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }
}
