package org.tripletlab.notebook;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.tripletlab.eval.MeanSe;
import org.tripletlab.plot.MiningFigures;
import org.tripletlab.report.CollapseCases;
import org.tripletlab.report.Metric;
import org.tripletlab.report.PairedTest;
import org.tripletlab.report.Report;
import org.tripletlab.report.ResultsTable;
import org.tripletlab.report.RunGroups;
import org.tripletlab.report.RunResult;

/**
 * The completed triplet runs of a miner × margin sweep, with one call per view notebook 02-mining-strategies shows.
 *
 * <p>Why: the notebook's cells carried the grouping, averaging and wording as 15–40-line stream pipelines, so the
 * reader read code instead of the story. Each method here is one cell: a figure ({@link BufferedImage}) or a
 * finding as HTML ({@link Prose}), which the kernel shows as the cell's value. A sweep missing from the checkout
 * gives an empty sweep whose views say so instead of failing. Runs of different training budgets are never averaged
 * together: {@link #of} refuses a sweep that mixes them.
 */
public final class MiningSweep {
    /** The margin the distance figure shows when the sweep has it (the FaceNet paper's α). */
    static final double PREFERRED_MARGIN = 0.2;

    private final Path dir;
    private final List<RunResult> runs;
    /** The runs' configurations, whose most common values are the base that {@link RunGroups#line} names lines against. */
    private final ResultsTable table;

    private MiningSweep(Path dir, List<RunResult> runs) {
        this.dir = dir;
        this.runs = runs;
        this.table = ResultsTable.of(runs);
    }

    /** The sweep in {@code folder} (relative to the project root, e.g. {@code results/mining-margin-v2}), evaluated on LFW. */
    public static MiningSweep of(String folder) {
        return at(Notebook.home().resolve(folder));
    }

    /**
     * The sweep in {@code dir}: its triplet runs (baselines left out) read for LFW. A configuration beside the grid with
     * another budget (a large batch for fewer steps) is its own line in every view; an error if runs that the views
     * would pool — same miner, margin and other settings — have different budgets.
     */
    public static MiningSweep at(Path dir) {
        List<RunResult> runs = ResultsViews.tripletRuns(ResultsViews.runsIfPresent(dir, "lfw"));
        MiningSweep sweep = new MiningSweep(dir, runs);
        Map<String, Set<String>> budgets = new LinkedHashMap<>();
        for (RunResult r : runs) {
            budgets.computeIfAbsent(lineAt(sweep.table, r.config()), k -> new java.util.TreeSet<>()).add(String.valueOf(r.budget()));
        }
        budgets.forEach((line, b) -> {
            if (b.size() > 1) {
                throw new IllegalStateException("the sweep's runs of " + line + " have different budgets " + b
                        + ": its views average over seeds within a miner and margin and must not mix budgets");
            }
        });
        return sweep;
    }

    /** The line a run is drawn as among this sweep's runs ({@link RunGroups#line}), without its margin. */
    private String line(RunResult r) {
        return RunGroups.line(table, r.config());
    }

    /** "semi-hard, P×K 450×4, 320 steps, α = 0.2": the line a configuration is drawn as, and its margin. */
    private static String lineAt(ResultsTable all, Map<String, Object> config) {
        return RunGroups.line(all, config) + ", α = " + config.get("loss.margin");
    }

    public List<RunResult> runs() {
        return runs;
    }

    public boolean isEmpty() {
        return runs.isEmpty();
    }

    /** The sweep's margins, ascending. */
    public List<Double> margins() {
        return ResultsViews.margins(runs);
    }

    /** One line: runs per miner, margins, seeds, budget and distinct outcomes (runs with identical files count once). */
    public String summary() {
        return runs.size() + " completed triplet runs in " + dir.getFileName() + " — per miner: "
                + ResultsViews.byMiner(runs, r -> true).entrySet().stream().map(e -> e.getKey() + " " + e.getValue().size())
                        .collect(Collectors.joining(", "))
                + "; margins " + margins() + "; seeds " + runs.stream().map(RunResult::seed).distinct().sorted().toList()
                + "; budget " + ResultsViews.byBudget(runs).keySet()
                + "; " + ResultsViews.distinctOutcomes(runs) + " distinct outcomes (runs with identical files count once)";
    }

    /** The margin the distance views show: {@value #PREFERRED_MARGIN} when the sweep has it, else its smallest. */
    public double shownMargin() {
        List<Double> m = margins();
        return m.contains(PREFERRED_MARGIN) ? PREFERRED_MARGIN : m.isEmpty() ? Double.NaN : m.get(0);
    }

    /** d(A,P) and d(A,N) histograms per miner over the epochs at {@link #shownMargin}, seeds pooled. */
    public Object distancesOverEpochs() {
        if (isEmpty()) {
            return nothingToShow();
        }
        return MiningFigures.distancesOverEpochs(atShownMargin());
    }

    /** The numbers behind {@link #distancesOverEpochs}: mean validation distances untrained and at the last validation. */
    public String distancesInNumbers() {
        StringBuilder s = new StringBuilder("Mean validation distances at α = " + ResultsViews.number(shownMargin())
                + " (mean over seeds; gap = d(A,N) − d(A,P)):\n\n");
        for (Map.Entry<String, List<Path>> e : atShownMargin().entrySet()) {
            List<Path> seeds = e.getValue();
            MeanSe ap = ResultsViews.lastValidation(seeds, "val_mean_d_ap");
            MeanSe an = ResultsViews.lastValidation(seeds, "val_mean_d_an");
            s.append(String.format(Locale.ROOT, "- **%s** (%d seeds): untrained d(A,P) %.3f, d(A,N) %.3f → last validation "
                            + "d(A,P) %.3f, d(A,N) %.3f, gap %.3f%n", e.getKey(), seeds.size(),
                    ResultsViews.firstValidation(seeds, "val_mean_d_ap").mean(), ResultsViews.firstValidation(seeds, "val_mean_d_an").mean(),
                    ap.mean(), an.mean(), an.mean() - ap.mean()));
        }
        return Prose.html(s.toString());
    }

    /** Loss and active-share curves per miner, one panel per margin, mean over seeds. */
    public Object trainingCurves() {
        return isEmpty() ? nothingToShow() : MiningFigures.trainingCurves(ResultsViews.byMarginThenMiner(runs));
    }

    /** Active share over the last epoch per miner and margin, mean ± s.e. over seeds. */
    public String activeShare() {
        StringBuilder s = new StringBuilder("Active share over the last epoch, mean ± s.e. over seeds:\n\n");
        for (String miner : ResultsViews.byMiner(runs, r -> true).keySet()) {
            List<String> parts = new ArrayList<>();
            for (double m : margins()) {
                List<RunResult> cell = runs.stream()
                        .filter(r -> line(r).equals(miner) && ResultsViews.margin(r) == m).toList();
                if (!cell.isEmpty()) {
                    parts.add("α = " + ResultsViews.number(m) + ": " + ResultsViews.percent(stat(cell, Metric.FINAL_ACTIVE_SHARE))
                            + " (" + cell.size() + " seeds)");
                }
            }
            s.append("- **").append(miner).append("**: ").append(String.join("; ", parts)).append('\n');
        }
        return Prose.html(s.toString());
    }

    /**
     * The triplet runs of a study folder (e.g. {@code results/lfw-1h-seeds}) that are not this sweep's: not one of
     * its runs and not of its budget (the folder also holds other sweeps' short runs, which are not the study).
     */
    public List<RunResult> otherRunsIn(String folder) {
        Set<Path> inSweep = runs.stream().map(MiningSweep::key).collect(Collectors.toSet());
        Set<String> budgets = ResultsViews.byBudget(runs).keySet();
        return ResultsViews.tripletRuns(ResultsViews.runsIfPresent(Notebook.home().resolve(folder), "lfw")).stream()
                .filter(r -> !inSweep.contains(key(r)))
                .filter(r -> !budgets.contains(String.valueOf(r.budget()))).toList();
    }

    /** Each run as "id (miner, α = margin, N epochs)", for saying which runs a view read. */
    public static String describe(List<RunResult> runs) {
        return runs.stream().map(r -> r.runId() + " (" + ResultsViews.miner(r) + ", α = " + ResultsViews.number(ResultsViews.margin(r))
                + ", " + r.budget() + ")").collect(Collectors.joining(", "));
    }

    /** The collapse events of this sweep's runs, as a table (or a sentence when there are none). */
    public String collapseCases() {
        return collapseCases(List.of());
    }

    /** How often each line of the sweep collapsed, and how accurate its collapsed runs are on LFW. */
    public String collapseByMiner() {
        return collapseByMiner(List.of());
    }

    /** Validation d(A,P) and d(A,N) over the epochs per line of the sweep, a panel per margin. */
    public Object validationDistances() {
        return validationDistances(List.of(), "");
    }

    /** The collapse events of this sweep's runs and of {@code others}, as a table (or a sentence when there are none). */
    public String collapseCases(List<RunResult> others) {
        List<CollapseCases.Case> cases = cases(others);
        if (cases.isEmpty()) {
            return Show.text("No collapse events in the " + (runs.size() + others.size()) + " runs read.");
        }
        return ResultsViews.html(CollapseCases.table(cases, "lfw"));
    }

    /**
     * How often each miner collapsed in the sweep and how accurate its collapsed runs are on LFW (over distinct outcomes:
     * runs that differ only in a setting the miner ignores count once), then each of {@code others}.
     */
    public String collapseByMiner(List<RunResult> others) {
        List<CollapseCases.Case> cases = cases(others);
        Set<Path> inSweep = runs.stream().map(MiningSweep::key).collect(Collectors.toSet());
        StringBuilder s = new StringBuilder("Runs of the sweep with a collapse event, per miner:\n\n");
        ResultsViews.byMiner(runs, r -> true).forEach((miner, dirs) -> {
            List<RunResult> minerRuns = runs.stream().filter(r -> line(r).equals(miner)).toList();
            List<RunResult> collapsed = cases.stream().map(CollapseCases.Case::run)
                    .filter(r -> inSweep.contains(key(r)) && line(r).equals(miner)).toList();
            s.append(String.format(Locale.ROOT, "- **%s**: %d of %d runs", miner, collapsed.size(), dirs.size()));
            int distinct = ResultsViews.distinctOutcomes(minerRuns);
            if (distinct < minerRuns.size()) {
                s.append(String.format(Locale.ROOT, " — but only %d distinct outcomes (%d among the collapsed): runs with identical "
                        + "files count once", distinct, ResultsViews.distinctOutcomes(collapsed)));
            }
            if (!collapsed.isEmpty()) {
                s.append(" (margins ").append(collapsed.stream().map(r -> ResultsViews.number(ResultsViews.margin(r))).distinct()
                                .collect(Collectors.joining(", ")))
                        .append("; their LFW accuracy ").append(ResultsViews.percent(stat(ResultsViews.distinct(collapsed), Metric.ACCURACY)))
                        .append(" over their ").append(ResultsViews.distinctOutcomes(collapsed)).append(" distinct outcomes)");
            }
            s.append('\n');
        });
        for (RunResult r : others) {
            boolean any = cases.stream().anyMatch(c -> c.run() == r);
            s.append(String.format(Locale.ROOT, "%nRun %s (%s, α = %s, %s): %s; LFW accuracy %s.", r.runId(), ResultsViews.miner(r),
                    ResultsViews.number(ResultsViews.margin(r)), r.budget(), any ? "collapse events" : "no collapse event",
                    ResultsViews.percent(stat(List.of(r), Metric.ACCURACY))));
        }
        return Prose.html(s.toString());
    }

    /** Validation d(A,P) and d(A,N) over the epochs per miner: a panel per margin of the sweep, then one per budget of {@code others}. */
    public Object validationDistances(List<RunResult> others, String othersLabel) {
        Map<String, Map<String, List<Path>>> panels = new LinkedHashMap<>();
        ResultsViews.byMarginThenMiner(runs).forEach((k, v) -> panels.put("sweep, " + k, v));
        ResultsViews.byBudget(others).forEach((budget, same) -> panels.put(othersLabel + ", " + budget, ResultsViews.byMiner(same, r -> true)));
        return panels.isEmpty() ? nothingToShow() : MiningFigures.validationDistances(panels);
    }

    /**
     * {@code tripletlab report}'s tables of the sweep, with paired differences against semi-hard mining: at the same margin
     * for a full miner × margin grid ({@code --reference miner.strategy=semi-hard}); for a sparse study, one with
     * configurations beside the grid (a warm start, a large batch) or miners that are not run at every margin, against
     * semi-hard at {@link #shownMargin} as the study's README commands it ({@code --pivot miner.strategy,loss.margin
     * --reference-config miner.strategy=semi-hard,loss.margin=0.2}); without paired differences when the sweep has no
     * semi-hard runs; null for an empty sweep.
     */
    public Report report() {
        if (isEmpty()) {
            return null;
        }
        boolean semiHard = runs.stream().anyMatch(r -> ResultsViews.miner(r).equals("semi-hard"));
        if (!semiHard) {
            return Report.of(dir, "lfw", List.of());
        }
        if (!isSparse()) {
            return Report.of(dir, "lfw", List.of("miner.strategy=semi-hard"));
        }
        return Report.of(dir, "lfw", List.of(), List.of("miner.strategy=semi-hard", "loss.margin=" + ResultsViews.number(shownMargin())),
                List.of("miner.strategy", "loss.margin"));
    }

    /** Whether the runs are not a full miner × margin product of one base: a line beside the grid, or a miner missing a margin. */
    boolean isSparse() {
        Set<String> lines = new java.util.HashSet<>();
        Set<String> cells = new java.util.HashSet<>();
        for (RunResult r : runs) {
            lines.add(line(r));
            cells.add(lineAt(table, r.config()));
        }
        // RunGroups.line joins a miner and what its configuration changes with ", "
        return lines.stream().anyMatch(l -> l.contains(", ")) || cells.size() < lines.size() * margins().size();
    }

    /** The report's summary line and its measured table (mean ± s.e. per configuration, best in bold), or a sentence when there is no report. */
    public static String measured(Report report) {
        if (report == null) {
            return Show.text("No completed runs of the sweep in this checkout: no table.");
        }
        return Show.text(report.summary()) + ResultsViews.html(report.measuredTable());
    }

    /** The report's paired differences against the reference configuration, or a sentence when it has none. */
    public static String paired(Report report) {
        if (report == null || report.pairedTable() == null) {
            return Show.text("No paired differences: the sweep has no reference configuration (semi-hard runs).");
        }
        return ResultsViews.html(report.pairedTable());
    }

    /**
     * The headline of a report, computed: the configuration with the highest mean LFW accuracy, and the one validation
     * accuracy (held-out training identities) would choose, with its LFW accuracy; runs that are not test numbers first.
     */
    public static String headline(Report report) {
        if (report == null) {
            return Show.text("No completed runs of the sweep in this checkout: no headline.");
        }
        StringBuilder s = new StringBuilder();
        if (!report.notTestNumbers().isEmpty()) {
            s.append("Not ranked (not test numbers for LFW): ").append(report.notTestNumbers().stream()
                    .map(r -> r.runId() + " — " + r.notTestNumberReason("lfw")).collect(Collectors.joining("; "))).append("\n\n");
        }
        ResultsTable.Group bestLfw = best(report.results().groups(), Metric.ACCURACY);
        ResultsTable.Group bestVal = best(report.results().groups(), Metric.BEST_VAL_ACCURACY);
        if (bestLfw != null) {
            s.append(String.format(Locale.ROOT, "Highest mean LFW accuracy: **%s** with %s over %d seeds.",
                    lineAt(report.results(), bestLfw.config()),
                    ResultsViews.percent(bestLfw.stats(Metric.ACCURACY)), bestLfw.seeds()));
            s.append(overRunnerUp(report.results(), bestLfw)).append("\n\n");
        }
        if (bestVal != null) {
            s.append(String.format(Locale.ROOT, "Chosen on validation (held-out training identities, the honest choice): **%s** "
                            + "(validation %s), whose LFW accuracy is %s.", lineAt(report.results(), bestVal.config()),
                    ResultsViews.percent(bestVal.stats(Metric.BEST_VAL_ACCURACY)), ResultsViews.percent(bestVal.stats(Metric.ACCURACY))));
        }
        return Prose.html(s.toString());
    }

    /**
     * " Over the next best, …": the best configuration's paired difference in LFW accuracy to the runner-up over the seeds
     * both ran, and whether a paired t-test calls it real at the 5 % level; "" when there is no runner-up or fewer than 2
     * matched seeds.
     */
    static String overRunnerUp(ResultsTable results, ResultsTable.Group best) {
        ResultsTable.Group second = best(results.groups().stream().filter(g -> g != best).toList(), Metric.ACCURACY);
        if (second == null) {
            return "";
        }
        MeanSe d = ResultsTable.paired(best.values(Metric.ACCURACY), second.values(Metric.ACCURACY));
        if (d.n() < 2) {
            return "";
        }
        double p = PairedTest.pValue(d);
        return String.format(Locale.ROOT, " Over the next best, %s: %+.2f ± %.2f percentage points, paired over %d seeds "
                        + "(p = %.3f): %s.", lineAt(results, second.config()), 100 * d.mean(),
                100 * d.standardError(), d.n(), p, PairedTest.significant(d) ? "real at the 5 % level"
                        : "not told apart from retraining with another seed at the 5 % level");
    }

    /** The group with the highest mean of {@code metric} (groups without it left out), or null. */
    static ResultsTable.Group best(List<ResultsTable.Group> groups, Metric metric) {
        Function<ResultsTable.Group, Double> mean = g -> g.stats(metric).mean();
        return groups.stream().filter(g -> !Double.isNaN(mean.apply(g))).max(Comparator.comparing(mean)).orElse(null);
    }

    private Map<String, List<Path>> atShownMargin() {
        double shown = shownMargin();
        return ResultsViews.byMiner(runs, r -> ResultsViews.margin(r) == shown);
    }

    private List<CollapseCases.Case> cases(List<RunResult> others) {
        return CollapseCases.of(Stream.concat(runs.stream(), others.stream()).toList());
    }

    private String nothingToShow() {
        return Show.text("No completed runs of the sweep in " + dir + " in this checkout: nothing to draw.");
    }

    /** Mean ± s.e. of a metric over runs (NaN values left out). */
    static MeanSe stat(List<RunResult> runs, Metric m) {
        return MeanSe.of(runs.stream().mapToDouble(r -> r.metric(m)).toArray());
    }

    private static Path key(RunResult r) {
        return r.dir().toAbsolutePath().normalize();
    }
}
