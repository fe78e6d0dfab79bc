package org.tripletlab.plot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tripletlab.benchmark.LfwBenchmark;
import org.tripletlab.report.PaperTable;
import org.tripletlab.report.Recipe;
import org.tripletlab.report.RunGroups;
import org.tripletlab.report.RunResult;
import org.tripletlab.run.RunDirectory;
import org.tripletlab.run.RunFiles;
import org.tripletlab.run.RunFinder;
import org.tripletlab.run.SweepIndexFile;

/**
 * Figures of a whole sweep folder (one with {@code sweep-index.csv}, e.g. {@code results/mining-margin-v2}),
 * written into {@code <sweep>/plots/}. The index's {@code run_dir} is relative to the results root, the
 * sweep folder's parent, so the runs are found there (plus any completed run folder below the sweep folder,
 * see {@link RunFinder#all}).
 *
 * <p>For a {@code miner.strategy} × {@code loss.margin} grid (the mining-margin study) the figures are those
 * of the notebooks, drawn by {@link MiningFigures} over the groups of {@link RunGroups}:
 * <ul>
 * <li>{@code training}: loss and active share against step, one column per margin, one line per miner
 *     (mean over seeds, then a moving average);</li>
 * <li>{@code distances-alpha-<α>}: d(A,P) / d(A,N) histograms, rows = miners, columns = validation epochs,
 *     counts pooled over seeds;</li>
 * <li>{@code validation-distances}: mean validation d(A,P) and d(A,N) against epoch, one panel per margin;</li>
 * <li>{@code validation-accuracy}: mean validation accuracy against epoch, one panel per margin;</li>
 * <li>{@code roc-lfw}: the LFW ROC of one run per row of {@link PaperTable} — per miner the margin with the
 *     best mean <b>validation</b> accuracy (never LFW accuracy, which would select on the test set), plus
 *     each baseline — drawn for its lowest seed, over the published curves when their folder is given.</li>
 * </ul>
 * Other grids (e.g. {@code encoder.architecture} × {@code encoder.embedding}) are grouped by {@link GridGroups} —
 * one line per value of the first non-seed axis, one panel per combination of the others — into
 * {@code training}, {@code validation-accuracy}, {@code validation-distances}, {@code distances[-<panel>]}
 * and a {@code roc-lfw} with every configuration (lowest seed) and the sweep's baselines.
 */
public final class SweepPlots {
    private SweepPlots() {
    }

    /** The benchmark whose ROC and metrics are read. */
    static final String BENCHMARK = LfwBenchmark.VIEW2_NAME;

    /**
     * What was written, and the grid points left out because they have not completed (pending, running or
     * failed: a sweep still training is plotted from the runs it has).
     */
    public record Outcome(List<Path> written, List<String> notComplete) {
    }

    /** Whether {@code dir} is a sweep folder: it holds {@code sweep-index.csv}. */
    public static boolean isSweep(Path dir) {
        return Files.isRegularFile(dir.resolve(SweepIndexFile.FILE));
    }

    /**
     * Writes the sweep's figures into {@code <sweep>/plots/} as {@code png} or {@code svg}.
     *
     * @param publishedRoc folder of published LFW ROC curves, or null to draw none
     * @throws IllegalArgumentException when the index lists completed runs whose folders are missing (naming the
     *                                  sweep folder, the results root and each missing run), or no run is complete
     */
    public static Outcome plot(Path sweep, Path publishedRoc, String format) {
        List<SweepIndexFile.Row> rows = SweepIndexFile.read(sweep.resolve(SweepIndexFile.FILE));
        Path root = sweep.toAbsolutePath().normalize().getParent();
        List<String> missing = new ArrayList<>();
        List<String> notComplete = new ArrayList<>();
        for (SweepIndexFile.Row r : rows) {
            if (!r.status().equals(SweepIndexFile.Status.COMPLETE.label())) {
                notComplete.add("point " + r.point() + " (" + r.runId() + ", " + r.status() + ")");
            } else if (r.runDir().isEmpty() || !Files.isRegularFile(root.resolve(r.runDir()).resolve(RunDirectory.COMPLETE_MARKER))) {
                missing.add("point " + r.point() + ": " + (r.runDir().isEmpty() ? "(no run_dir)" : r.runDir()));
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(sweep + ": the sweep index lists " + missing.size() + " completed run(s) whose folder "
                    + "(with COMPLETE) is missing under the results root " + root + ": " + String.join(", ", missing)
                    + ". run_dir is relative to the sweep folder's parent; plot the sweep folder where it lies in its results "
                    + "folder, or restore those runs.");
        }
        List<RunResult> runs = new ArrayList<>();
        for (Path run : RunFinder.all(sweep)) {
            runs.add(RunResult.read(run, BENCHMARK));
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException(sweep + ": no completed run yet (" + notComplete.size() + " grid points not complete); "
                    + "nothing to plot");
        }
        Path plots = sweep.resolve("plots");
        List<Path> written = new ArrayList<>();
        List<String> axes = List.copyOf(rows.get(0).axisValues().keySet());
        List<RunResult> triplet = runs.stream().filter(r -> Recipe.of(r.config()).family() == Recipe.Family.TRIPLET).toList();
        if (axes.contains("miner.strategy") && axes.contains("loss.margin") && !RunGroups.margins(triplet).isEmpty()) {
            Map<String, Map<String, List<Path>>> panels = RunGroups.byMarginThenMiner(triplet);
            written.add(MiningFigures.trainingFigure(panels, "Training per miner, one column per margin α").write(plots, "training", format));
            // every α's histograms on one density scale, so the figures of the study compare by eye
            Map<Double, DistanceFigures.Pooled> byMargin = new LinkedHashMap<>();
            double yMax = 0;
            for (double m : RunGroups.margins(triplet)) {
                DistanceFigures.Pooled p = DistanceFigures.pool(RunGroups.byMiner(triplet, r -> RunGroups.margin(r) == m));
                if (p != null) {
                    byMargin.put(m, p);
                    yMax = Math.max(yMax, p.spreadPeak());
                }
            }
            for (Map.Entry<Double, DistanceFigures.Pooled> e : byMargin.entrySet()) {
                String alpha = RunGroups.number(e.getKey());
                written.add(MiningFigures.distancesFigure(e.getValue(), "Validation squared distances, triplet loss with α = " + alpha, yMax)
                        .write(plots, "distances-alpha-" + alpha, format));
            }
            written.add(MiningFigures.validationFigure(panels, "Mean validation distances per miner, one panel per margin α")
                    .write(plots, "validation-distances", format));
            written.add(MiningFigures.validationAccuracyFigure(panels, "Validation accuracy per miner, one panel per margin α")
                    .write(plots, "validation-accuracy", format));
            writeRoc(rocsOf(PaperTable.of(runs, BENCHMARK)), publishedRoc, plots, format, written,
                    "Measured: per triplet miner the α with the best mean validation accuracy, and each baseline; the lowest seed's run of each.");
        } else {
            // Any other grid (e.g. encoder × embedding size): one line per value of its first non-seed axis,
            // one panel per combination of the others, seeds pooled; the ROC draws every configuration.
            GridGroups grid = GridGroups.of(rows, root);
            if (!grid.isEmpty()) {
                String lines = axes.stream().filter(a -> !a.equals(GridGroups.SEED)).findFirst().orElse("run");
                List<String> panelAxes = axes.stream().filter(a -> !a.equals(GridGroups.SEED) && !a.equals(lines)).toList();
                String per = " per " + lines + (panelAxes.isEmpty() ? "" : ", one panel per " + String.join(" × ", panelAxes));
                written.add(MiningFigures.trainingFigure(grid.panels(), "Training" + per).write(plots, "training", format));
                written.add(MiningFigures.validationAccuracyFigure(grid.panels(), "Validation accuracy" + per).write(plots, "validation-accuracy", format));
                written.add(MiningFigures.validationFigure(grid.panels(), "Mean validation distances" + per).write(plots, "validation-distances", format));
                Map<String, DistanceFigures.Pooled> byPanel = new LinkedHashMap<>();
                double yMax = 0;
                for (Map.Entry<String, Map<String, List<Path>>> p : grid.panels().entrySet()) {
                    DistanceFigures.Pooled d = DistanceFigures.pool(p.getValue());
                    if (d != null) {
                        byPanel.put(p.getKey(), d);
                        yMax = Math.max(yMax, d.spreadPeak());
                    }
                }
                for (Map.Entry<String, DistanceFigures.Pooled> e : byPanel.entrySet()) {
                    String stem = grid.panels().size() == 1 ? "distances" : "distances-" + GridGroups.slug(e.getKey());
                    written.add(MiningFigures.distancesFigure(e.getValue(), "Validation squared distances, " + e.getKey(), yMax)
                            .write(plots, stem, format));
                }
            }
            Map<String, Path> rocs = gridRocs(grid, rows, runs, root);
            boolean baselines = rocs.size() > grid.firstSeed().size();
            writeRoc(rocs, publishedRoc, plots, format, written,
                    "Measured: every configuration at its lowest seed" + (baselines ? ", and the sweep's baselines." : "."));
        }
        return new Outcome(written, notComplete);
    }

    /**
     * Legend label → {@code eval/lfw-roc.csv} for another grid: every configuration at its lowest seed
     * ({@link GridGroups#firstSeed}), then the sweep's baselines as {@link #rocsOf} draws them.
     */
    private static Map<String, Path> gridRocs(GridGroups grid, List<SweepIndexFile.Row> rows, List<RunResult> runs, Path root) {
        Map<Path, RunResult> byDir = new LinkedHashMap<>();
        runs.forEach(r -> byDir.put(r.dir().toAbsolutePath().normalize(), r));
        Map<String, Path> rocs = new LinkedHashMap<>();
        grid.firstSeed().forEach((config, dir) -> {
            RunResult r = byDir.get(dir.toAbsolutePath().normalize());
            Path f = RunFiles.roc(dir, BENCHMARK);
            if (r != null && Files.isRegularFile(f)) {
                rocs.put(config, f);
            }
        });
        List<RunResult> baselines = new ArrayList<>();
        for (SweepIndexFile.Row r : rows) {
            RunResult b = r.isBaseline() && !r.runDir().isEmpty() ? byDir.get(root.resolve(r.runDir()).normalize()) : null;
            if (b != null) {
                baselines.add(b);
            }
        }
        if (!baselines.isEmpty()) {
            rocs.putAll(rocsOf(PaperTable.of(baselines, BENCHMARK)));
        }
        return rocs;
    }

    /** {@code roc-lfw}: the given runs' LFW ROC over the published curves; nothing when no run has one. */
    private static void writeRoc(Map<String, Path> rocs, Path publishedRoc, Path plots, String format, List<Path> written, String note) {
        if (!rocs.isEmpty()) {
            written.add(RunPlots.lfwRocSheet(rocs, publishedRoc, List.of(note)).write(plots, "roc-lfw", format));
        }
    }

    /**
     * Legend label → {@code eval/lfw-roc.csv} of each row's representative run (its lowest seed), for the rows
     * whose representative has one: per triplet miner the margin chosen on validation accuracy, and every baseline.
     * The label is the row's method; the figure's note says that each curve is the lowest seed's.
     */
    public static Map<String, Path> rocsOf(PaperTable table) {
        Map<String, Path> rocs = new LinkedHashMap<>();
        for (PaperTable.Row r : table.rows()) {
            RunResult rep = r.representative();
            Path f = RunFiles.roc(rep.dir(), BENCHMARK);
            if (Files.isRegularFile(f)) {
                // how the α and the seed were chosen is said once, in the figure's note, not in every legend entry
                rocs.put(r.recipe().method(), f);
            }
        }
        return rocs;
    }
}
