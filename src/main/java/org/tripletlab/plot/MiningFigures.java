package org.tripletlab.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tripletlab.run.RunFiles;

/**
 * Figures that compare groups of runs (e.g. one group per triplet miner) rather than draw one run:
 * the d(A,P) / d(A,N) histograms of each group over the validations, the training loss and active
 * share averaged over a group's seeds, and the mean validation distances per epoch.
 *
 * <p>Groups are given as ordered maps, label → run folders; a group's line or histogram is pooled over
 * its runs (seeds): histogram counts are summed per validation (each run measures the same number of
 * pairs, so the sum is the pooled distribution), per-step and per-epoch curves are averaged over the
 * runs that recorded that step or epoch. Files a run lacks are skipped for that run only.
 */
public final class MiningFigures {
    private MiningFigures() {
    }

    /** Curve lines are drawn 1.8 px (training) or 2 px (validation) wide; the legend samples match. */
    private static final float LINE = 1.8f;

    /**
     * Histograms of d(A,P) (green) and d(A,N) (red) from {@code distances.csv}: one row of panels per
     * group, one column per validation epoch plus a percentile panel, counts pooled over the group's runs,
     * density-normalised. Returns null when no run has a {@code distances.csv}.
     */
    public static BufferedImage distancesOverEpochs(Map<String, List<Path>> groups) {
        Sheet f = distancesFigure(groups);
        return f == null ? null : f.render();
    }

    /** As {@link #distancesOverEpochs}, as a figure with a generic title; null when no run has a {@code distances.csv}. */
    public static Sheet distancesFigure(Map<String, List<Path>> groups) {
        DistanceFigures.Pooled p = DistanceFigures.pool(groups);
        return p == null ? null : distancesFigure(p, "Validation squared distances", Double.NaN);
    }

    /**
     * As {@link #distancesOverEpochs} from pooled distributions, titled {@code title} (what the figure holds, e.g. the
     * margin), on the density scale {@code yMax} shared with the study's other distance figures (NaN: its own).
     */
    static Sheet distancesFigure(DistanceFigures.Pooled p, String title, double yMax) {
        return DistanceFigures.sheet(p, title + " (rows: " + String.join(", ", p.groups().keySet()) + "; columns: validation epoch)",
                List.of("Counts pooled over " + p.pooling() + " per row; epoch 0 is the untrained encoder."), yMax);
    }

    /**
     * Training loss (top row) and active share (bottom row) from {@code steps.csv}, one column per panel
     * (e.g. per margin), one line per group (e.g. per miner): the mean over the group's runs at each
     * step, then a trailing moving average. A group keeps its colour in every panel.
     */
    public static BufferedImage trainingCurves(Map<String, Map<String, List<Path>>> panels) {
        return trainingFigure(panels).render();
    }

    /** As {@link #trainingCurves}, as a figure with a generic title. */
    public static Sheet trainingFigure(Map<String, Map<String, List<Path>>> panels) {
        return trainingFigure(panels, "Training loss and active triplets");
    }

    /**
     * As {@link #trainingCurves}, titled {@code title}; the notes say over how many runs each line is a mean and the
     * smoothing window. The active share's axis is fixed to [0, 1] with room above, so a share of 1 (every triplet
     * active, as when an embedding collapses) is a visible line and never an axis of impossible values.
     */
    public static Sheet trainingFigure(Map<String, Map<String, List<Path>>> panels, String title) {
        Map<String, Color> colours = colours(panels);
        List<Chart> loss = new ArrayList<>();
        List<Chart> active = new ArrayList<>();
        int window = 1;
        for (Map.Entry<String, Map<String, List<Path>>> p : panels.entrySet()) {
            Chart l = new Chart("Training loss, " + p.getKey()).yLabel("loss");
            Chart a = new Chart("Active triplets (loss > 0), " + p.getKey()).yLabel("active share").xLabel("step");
            for (Map.Entry<String, List<Path>> g : p.getValue().entrySet()) {
                double[][] lossCurve = meanCurve(g.getValue(), RunFiles.STEPS, "step", "loss");
                double[][] activeCurve = meanCurve(g.getValue(), RunFiles.STEPS, "step", "active_share");
                Color c = colours.get(g.getKey());
                if (lossCurve[0].length > 0) {
                    int w = RunPlots.window(lossCurve[0].length);
                    window = Math.max(window, w);
                    l.add(new Chart.Series(g.getKey(), lossCurve[0], RunPlots.trailingMean(lossCurve[1], w), c, false, LINE));
                    a.add(new Chart.Series(g.getKey(), activeCurve[0], RunPlots.trailingMean(activeCurve[1], w), c, false, LINE));
                }
            }
            loss.add(l);
            active.add(a.yRange(0, RunPlots.SHARE_TOP));
        }
        List<Chart> all = new ArrayList<>(loss);
        all.addAll(active);
        String note = "Each line: mean over " + seeds(panels) + " at each step, then a trailing mean over the last " + window
                + " steps (no look-ahead, so the first steps are not pulled towards later values).";
        return new Sheet(title, List.of(note), all, Math.max(1, panels.size()), 420, 300).legend(Sheet.entriesOf(all));
    }

    /**
     * Validation accuracy (best threshold on the validation pairs, from {@code epochs.csv}) against epoch,
     * one panel per entry, one line per group, averaged over the group's runs: which setting learns faster,
     * and whether it is still improving when training stops. Epoch 0 is the untrained encoder.
     */
    public static Sheet validationAccuracyFigure(Map<String, Map<String, List<Path>>> panels) {
        return validationAccuracyFigure(panels, "Validation accuracy");
    }

    /** As {@link #validationAccuracyFigure(Map)}, titled {@code title}. */
    public static Sheet validationAccuracyFigure(Map<String, Map<String, List<Path>>> panels, String title) {
        Map<String, Color> colours = colours(panels);
        List<Chart> charts = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<Path>>> p : panels.entrySet()) {
            Chart c = new Chart("Validation accuracy, " + p.getKey()).yLabel("accuracy").xLabel("epoch").integerX(true);
            for (Map.Entry<String, List<Path>> g : p.getValue().entrySet()) {
                double[][] acc = meanCurve(g.getValue(), RunFiles.EPOCHS, "epoch", "val_accuracy");
                if (acc[0].length > 0) {
                    c.add(new Chart.Series(g.getKey(), acc[0], acc[1], colours.get(g.getKey()), false, 2f));
                }
            }
            charts.add(c);
        }
        shareY(charts);
        String note = "Mean over " + seeds(panels) + " per line, at the epochs all of them validated; best-threshold accuracy on the "
                + "validation pairs; epoch 0 is the untrained encoder.";
        return new Sheet(title, List.of(note), charts, Math.max(1, Math.min(3, panels.size())), 420, 320).legend(Sheet.entriesOf(charts));
    }

    /**
     * Mean validation d(A,N) (solid) and d(A,P) (dashed) against epoch from {@code epochs.csv}, one
     * panel per entry, one pair of lines per group, averaged over the group's runs. A collapsed group
     * shows d(A,N) falling to 0 with d(A,P): every face maps to nearly the same point.
     */
    public static BufferedImage validationDistances(Map<String, Map<String, List<Path>>> panels) {
        return validationFigure(panels).render();
    }

    /** As {@link #validationDistances}, as a figure with a generic title. */
    public static Sheet validationFigure(Map<String, Map<String, List<Path>>> panels) {
        return validationFigure(panels, "Mean validation squared distances");
    }

    /**
     * As {@link #validationDistances}, titled {@code title}. The legend has one entry per group (its colour) and two
     * entries in black saying which line style is which distance, so the styles are explained in the figure itself.
     */
    public static Sheet validationFigure(Map<String, Map<String, List<Path>>> panels, String title) {
        Map<String, Color> colours = colours(panels);
        List<Chart> charts = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<Path>>> p : panels.entrySet()) {
            Chart c = new Chart("Validation distances, " + p.getKey()).yLabel("mean squared distance").xLabel("epoch").integerX(true);
            for (Map.Entry<String, List<Path>> g : p.getValue().entrySet()) {
                double[][] an = meanCurve(g.getValue(), RunFiles.EPOCHS, "epoch", "val_mean_d_an");
                double[][] ap = meanCurve(g.getValue(), RunFiles.EPOCHS, "epoch", "val_mean_d_ap");
                Color col = colours.get(g.getKey());
                c.add(new Chart.Series(g.getKey(), an[0], an[1], col, false, 2f));
                c.add(new Chart.Series("", ap[0], ap[1], col, true, 1.5f));
            }
            charts.add(c);
        }
        shareY(charts);
        List<Sheet.Entry> legend = new ArrayList<>(Sheet.entriesOf(charts));
        legend.add(Sheet.Entry.line("solid: d(A,N), different people", Color.BLACK, null, 2f));
        legend.add(Sheet.Entry.line("dashed: d(A,P), same person", Color.BLACK, Chart.DASHED, 1.5f));
        String note = "Mean over " + seeds(panels) + " per line, at the epochs all of them validated, of the mean squared distance "
                + "‖f(A) − f(·)‖² over the validation pairs.";
        return new Sheet(title, List.of(note), charts, Math.max(1, Math.min(3, panels.size())), 420, 320).legend(legend);
    }

    /** One y range for all panels (the union of theirs), so panels compare by eye. */
    static void shareY(List<Chart> charts) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Chart c : charts) {
            if (c.series().isEmpty()) {
                continue;
            }
            double[] r = c.yRangeShown();
            lo = Math.min(lo, r[0]);
            hi = Math.max(hi, r[1]);
        }
        if (lo < hi) {
            for (Chart c : charts) {
                c.yRange(lo, hi);
            }
        }
    }

    /** "3 seeds" when every line averages 3 runs, "1–3 runs" when they differ, "1 run" for single runs. */
    static String seeds(Map<String, Map<String, List<Path>>> panels) {
        int lo = Integer.MAX_VALUE;
        int hi = 0;
        for (Map<String, List<Path>> p : panels.values()) {
            for (List<Path> runs : p.values()) {
                lo = Math.min(lo, runs.size());
                hi = Math.max(hi, runs.size());
            }
        }
        if (hi == 0) {
            return "0 runs";
        }
        return lo == hi ? (lo == 1 ? "1 run" : lo + " seeds") : lo + "–" + hi + " runs";
    }

    /**
     * Colours of the groups, the same in every panel and, for a plain miner, in every figure ({@link MinerColours}): the
     * measured-run palette, which has no greys or browns that could be confused with each other or with published curves.
     */
    private static Map<String, Color> colours(Map<String, Map<String, List<Path>>> panels) {
        List<String> groups = new ArrayList<>();
        panels.values().forEach(p -> groups.addAll(p.keySet()));
        return MinerColours.of(groups);
    }

    /**
     * {x, mean y}: for every x value at which every run with a {@code file} has a finite {@code yColumn}, the mean over
     * those runs, x ascending. An x only some runs reached (seeds whose identity splits give one epoch more) is left
     * out, so every point of a line is the mean over the same runs — "mean over 3 seeds" holds at the last epoch too,
     * and a line does not jump where one seed's value stands alone. Exposed to the package for tests.
     */
    static double[][] meanCurve(List<Path> runs, String file, String xColumn, String yColumn) {
        TreeMap<Double, double[]> sums = new TreeMap<>();
        int read = 0;
        for (Path run : runs) {
            Path f = run.resolve(file);
            if (!Files.isRegularFile(f)) {
                continue;
            }
            read++;
            RunPlots.Table t = RunPlots.Table.read(f);
            double[] x = t.column(xColumn);
            double[] y = t.column(yColumn);
            for (int i = 0; i < x.length; i++) {
                if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                    double[] s = sums.computeIfAbsent(x[i], k -> new double[2]);
                    s[0] += y[i];
                    s[1]++;
                }
            }
        }
        int all = read;
        sums.values().removeIf(s -> s[1] < all);
        double[] xs = new double[sums.size()];
        double[] ys = new double[sums.size()];
        int i = 0;
        for (Map.Entry<Double, double[]> e : sums.entrySet()) {
            xs[i] = e.getKey();
            ys[i++] = e.getValue()[0] / e.getValue()[1];
        }
        return new double[][] {xs, ys};
    }
}
