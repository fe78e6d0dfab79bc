package org.tripletlab.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tripletlab.eval.MeanSe;
import org.tripletlab.mining.Miners;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A paper-style results table: the baselines (classical, then deep) and the project's triplet runs,
 * one row per method, benchmark metrics as mean ± s.e. over seeds (as in {@link ResultsTable}).
 *
 * <p>The triplet grid has several margins per miner; the table keeps, per miner, the margin whose
 * <b>validation</b> accuracy (held-out identities of the training data, {@link Metric#BEST_VAL_ACCURACY})
 * is highest — never the one with the best benchmark accuracy, which would select on the test set.
 * Published numbers of other systems are a separate table ({@link #published()}), never rows here.
 */
public final class PaperTable {
    /** Miners in the order the story tells them (the registry's order); others follow alphabetically. */
    public static final List<String> MINER_ORDER = Miners.STRATEGIES;

    /**
     * One row.
     *
     * @param candidates how many grid configurations of this miner the margin was chosen among (1 for baselines)
     */
    public record Row(Recipe recipe, ResultsTable.Group group, int candidates) {
        /** The run of the lowest seed: the one whose curves stand for the row in figures. */
        public RunResult representative() {
            return group.bySeed().firstEntry().getValue();
        }
    }

    private final String benchmark;
    private final List<Row> rows;

    private PaperTable(String benchmark, List<Row> rows) {
        this.benchmark = benchmark;
        this.rows = rows;
    }

    /** Builds the table from runs read with {@link RunResult#read} for {@code benchmark}, leaving out runs that are not test numbers for it. */
    public static PaperTable of(List<RunResult> runs, String benchmark) {
        // a run whose provenance says its numbers on the benchmark are not test numbers is never a row here
        ResultsTable all = ResultsTable.of(runs.stream().filter(r -> r.notTestNumberReason(benchmark) == null).toList());
        List<Row> baselines = new ArrayList<>();
        // a configuration beside the grid (a larger batch, another budget) is a row of its own, never a margin candidate
        ResultsTable triplets = ResultsTable.of(runs.stream().filter(r -> r.notTestNumberReason(benchmark) == null)
                .filter(r -> Recipe.of(r.config()).family() == Recipe.Family.TRIPLET).toList());
        Map<String, List<ResultsTable.Group>> byMiner = new LinkedHashMap<>();
        for (ResultsTable.Group g : all.groups()) {
            Recipe r = Recipe.of(g.config());
            if (r.family() == Recipe.Family.TRIPLET) {
                byMiner.computeIfAbsent(RunGroups.line(triplets, g.config()), k -> new ArrayList<>()).add(g);
            } else {
                baselines.add(new Row(r, g, 1));
            }
        }
        baselines.sort(Comparator.comparing((Row r) -> r.recipe().family()).thenComparingInt(r -> r.recipe().order())
                .thenComparing(r -> r.recipe().method()));
        List<String> miners = new ArrayList<>(byMiner.keySet());
        miners.sort(Comparator.comparing((String m) -> minerOrder(byMiner.get(m).get(0))).thenComparing(m -> m));
        List<Row> rows = new ArrayList<>(baselines);
        for (String m : miners) {
            List<ResultsTable.Group> gs = byMiner.get(m);
            ResultsTable.Group best = null;
            for (ResultsTable.Group g : gs) {
                if (best == null || betterOnValidation(g, best)) {
                    best = g;
                }
            }
            Recipe recipe = Recipe.of(best.config());
            if (!m.equals(recipe.miner())) {
                recipe = new Recipe("triplet, " + m + ", α = " + best.config().get("loss.margin"), recipe.family(), recipe.miner(), recipe.order());
            }
            rows.add(new Row(recipe, best, gs.size()));
        }
        return new PaperTable(benchmark, List.copyOf(rows));
    }

    /** A row's place among the triplet rows: its {@code miner.strategy}'s in {@link #MINER_ORDER} (a warm start beside its main miner), unknown miners after them. */
    private static int minerOrder(ResultsTable.Group g) {
        String m = String.valueOf(g.config().get("miner.strategy"));
        return MINER_ORDER.contains(m) ? MINER_ORDER.indexOf(m) : MINER_ORDER.size();
    }

    /** Higher mean validation accuracy wins; a group without one never beats a group with one. */
    private static boolean betterOnValidation(ResultsTable.Group g, ResultsTable.Group best) {
        double a = g.stats(Metric.BEST_VAL_ACCURACY).mean();
        double b = best.stats(Metric.BEST_VAL_ACCURACY).mean();
        return !Double.isNaN(a) && (Double.isNaN(b) || a > b);
    }

    public List<Row> rows() {
        return rows;
    }

    /** The columns of the table: benchmark metrics, validation accuracy and training time. */
    public static final List<Metric> METRICS = List.of(Metric.ACCURACY, Metric.VAL_AT_FAR, Metric.AUC, Metric.ONE_SHOT_RANK1,
            Metric.BEST_VAL_ACCURACY, Metric.MINUTES);

    /**
     * The measured table as text: family, method, seeds, and per metric "mean ± s.e." (rates in %);
     * the best value of each quality column wrapped in {@code **…**} (Markdown's bold).
     */
    public Table measured() {
        Table t = Table.create("measured");
        StringColumn family = StringColumn.create("family");
        StringColumn method = StringColumn.create("method");
        IntColumn seeds = IntColumn.create("seeds");
        for (Row r : rows) {
            family.append(r.recipe().family().label());
            method.append(r.recipe().method() + (r.candidates() > 1
                    ? String.format(Locale.ROOT, " (best of %d margins on validation)", r.candidates()) : ""));
            seeds.append(r.group().seeds());
        }
        t.addColumns(family, method, seeds);
        for (Metric m : METRICS) {
            StringColumn c = StringColumn.create(m.label(benchmark) + (m.rate() ? " (%)" : ""));
            double best = best(m);
            for (Row r : rows) {
                MeanSe s = r.group().stats(m);
                String text = TableText.meanSe(s, m, false);
                c.append(m.compared() && rows.size() > 1 && s.mean() == best ? "**" + text + "**" : text);
            }
            t.addColumns(c);
        }
        return t;
    }

    private double best(Metric m) {
        double best = Double.NaN;
        for (Row r : rows) {
            double v = r.group().stats(m).mean();
            if (!Double.isNaN(v) && (Double.isNaN(best) || (m.better() > 0 ? v > best : v < best))) {
                best = v;
            }
        }
        return best;
    }

    /** Published LFW accuracies of other systems, as text: the same table {@code tripletlab report --benchmark lfw} prints. */
    public static Table published() {
        return PublishedTables.lfw(true);
    }
}
