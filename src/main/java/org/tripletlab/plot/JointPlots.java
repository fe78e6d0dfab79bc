package org.tripletlab.plot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tripletlab.report.ResultsTable;
import org.tripletlab.report.RunResult;
import org.tripletlab.run.RunFiles;
import org.tripletlab.run.RunFinder;

/**
 * Figures of several result folders together ({@code tripletlab plot A B … --out DIR}), the figure side of a pooled
 * report ({@code tripletlab report A B … --out DIR}): e.g. two sweeps that differ in one setting, seed for seed.
 *
 * <p>The completed grid runs of every folder (as the report finds them, {@link RunFinder#forReport}; baselines are
 * left out) are grouped into configurations — a run's config without seed and threads — with the folders' experiment
 * names dropped when the other keys still tell the runs apart ({@link ResultsTable#withoutNamesIfDistinct}), so each
 * line is named by what changed, as the report's rows are. Written into {@code <out>/plots/}: {@code training}
 * (loss and active share, mean over each configuration's seeds), {@code validation-accuracy},
 * {@code validation-distances}, {@code distances} (histograms, seeds pooled) and {@code roc-lfw} (each
 * configuration's lowest seed, over the published curves when their folder is given; a run that is not a test number
 * for LFW, {@link RunResult#notTestNumberReason}, is left off it).
 */
public final class JointPlots {
    private JointPlots() {
    }

    /**
     * What was written, the legend's line labels in order (one per configuration), and the ROC file drawn for each
     * (its lowest seed's).
     */
    public record Outcome(List<Path> written, List<String> lines, Map<String, Path> rocs) {
    }

    /**
     * @param publishedRoc folder of published LFW ROC curves, or null to draw none
     * @throws IllegalArgumentException when a folder is given twice, a folder has no completed run, or every run has
     *                                  the same configuration (nothing to compare)
     */
    public static Outcome plot(List<Path> folders, Path out, Path publishedRoc, String format) {
        RunFinder.requireDistinct(folders, "plot");
        List<RunResult> runs = new ArrayList<>();
        for (Path folder : folders) {
            List<Path> grid = RunFinder.forReport(folder).grid();
            if (grid.isEmpty()) {
                throw new IllegalArgumentException(folder + ": no completed run to plot (a sweep or experiment folder whose runs "
                        + "have finished, e.g. results/lfw-1h-seeds)");
            }
            for (Path run : grid) {
                runs.add(RunResult.read(run, SweepPlots.BENCHMARK));
            }
        }
        ResultsTable table = ResultsTable.of(ResultsTable.withoutNamesIfDistinct(runs));
        List<String> keys = table.varyingKeys();
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("plot " + String.join(" ", folders.stream().map(Path::toString).toList())
                    + ": every run has the same configuration, so there is nothing to tell apart; plot one folder instead");
        }
        Map<String, List<Path>> lines = new LinkedHashMap<>();
        Map<String, Path> rocs = new LinkedHashMap<>();
        for (ResultsTable.Group g : table.groups()) {
            String label = label(g.config(), keys);
            List<Path> dirs = g.bySeed().values().stream().map(RunResult::dir).toList();
            lines.put(label, dirs);
            RunResult lowest = g.bySeed().firstEntry().getValue();
            Path roc = RunFiles.roc(lowest.dir(), SweepPlots.BENCHMARK);
            // a run whose LFW numbers are not test numbers (it saw LFW's people) is never drawn on the LFW ROC
            if (Files.isRegularFile(roc) && lowest.notTestNumberReason(SweepPlots.BENCHMARK) == null) {
                rocs.put(label, roc);
            }
        }
        Map<String, Map<String, List<Path>>> panels = Map.of("all runs", lines);
        String per = " per " + String.join(" × ", keys);
        Path plots = out.resolve("plots");
        List<Path> written = new ArrayList<>();
        written.add(MiningFigures.trainingFigure(panels, "Training" + per).write(plots, "training", format));
        written.add(MiningFigures.validationAccuracyFigure(panels, "Validation accuracy" + per).write(plots, "validation-accuracy", format));
        written.add(MiningFigures.validationFigure(panels, "Mean validation distances" + per).write(plots, "validation-distances", format));
        DistanceFigures.Pooled pooled = DistanceFigures.pool(lines);
        if (pooled != null) {
            written.add(MiningFigures.distancesFigure(pooled, "Validation squared distances" + per, Double.NaN).write(plots, "distances", format));
        }
        if (!rocs.isEmpty()) {
            written.add(RunPlots.lfwRocSheet(rocs, publishedRoc, List.of("Measured: every configuration at its lowest seed."))
                    .write(plots, "roc-lfw", format));
        }
        return new Outcome(written, List.copyOf(lines.keySet()), rocs);
    }

    /**
     * A configuration's line label: the values of the keys that vary, a word alone ("distance-weighted"), anything else
     * as {@code key = value} ("loss.margin = 0.2", "train.warm_start = true"), so a legend never shows a bare number or
     * flag.
     */
    static String label(Map<String, Object> config, List<String> keys) {
        List<String> parts = new ArrayList<>();
        for (String k : keys) {
            String v = String.valueOf(config.get(k));
            boolean word = v.matches("[A-Za-z][A-Za-z0-9_-]*") && !v.equals("true") && !v.equals("false") && !v.equals("null");
            parts.add(word ? v : k + " = " + v);
        }
        return String.join(", ", parts);
    }
}
