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

    /**
     * Panels laid out row by row, {@code columns} per row, each {@code width × height} pixels: a figure
     * that can be rendered for display or written as PNG or SVG with the same drawing.
     */
    public record Figure(List<Chart> panels, int columns, int width, int height) {
        public BufferedImage render() {
            return Chart.grid(panels, columns, width, height);
        }

        /** Writes {@code <folder>/<stem>.<format>} atomically ({@code png} or {@code svg}) and returns the file. */
        public Path write(Path folder, String stem, String format) {
            return Chart.writeGrid(folder, stem, format, panels, columns, width, height);
        }
    }

    /**
     * Histograms of d(A,P) (green) and d(A,N) (red) from {@code distances.csv}: one row of panels per
     * group, one column per validation epoch, counts pooled over the group's runs, density-normalised.
     * Returns null when no run has a {@code distances.csv}.
     */
    public static BufferedImage distancesOverEpochs(Map<String, List<Path>> groups) {
        Figure f = distancesFigure(groups);
        return f == null ? null : f.render();
    }

    /** As {@link #distancesOverEpochs}, as panels; null when no run has a {@code distances.csv}. */
    public static Figure distancesFigure(Map<String, List<Path>> groups) {
        // group → epoch → pairs kind → pooled counts
        Map<String, TreeMap<Double, Map<String, double[]>>> pooled = new LinkedHashMap<>();
        double[] binStarts = null;
        for (Map.Entry<String, List<Path>> g : groups.entrySet()) {
            TreeMap<Double, Map<String, double[]>> byEpoch = new TreeMap<>();
            for (Path run : g.getValue()) {
                Path f = run.resolve(RunFiles.DISTANCES);
                if (!Files.isRegularFile(f)) {
                    continue;
                }
                RunPlots.Table t = RunPlots.Table.read(f);
                List<Integer> binCols = new ArrayList<>();
                List<Double> starts = new ArrayList<>();
                for (int c = 0; c < t.header().size(); c++) {
                    if (t.header().get(c).startsWith("bin_")) {
                        binCols.add(c);
                        starts.add(RunPlots.number(t.header().get(c).substring(4)));
                    }
                }
                double[] s = starts.stream().mapToDouble(Double::doubleValue).toArray();
                if (binStarts == null) {
                    binStarts = s;
                } else if (!java.util.Arrays.equals(binStarts, s)) {
                    throw new IllegalArgumentException(f + ": histogram bins " + starts + " differ from the other runs'; "
                            + "pooled histograms need the same bins");
                }
                for (int r = 0; r < t.rows().size(); r++) {
                    String pairs = t.cell(r, "pairs");
                    if (!pairs.equals("ap") && !pairs.equals("an")) {
                        continue;
                    }
                    double epoch = RunPlots.number(t.cell(r, "epoch"));
                    double[] counts = byEpoch.computeIfAbsent(epoch, k -> new LinkedHashMap<>())
                            .computeIfAbsent(pairs, k -> new double[binCols.size()]);
                    for (int b = 0; b < counts.length; b++) {
                        int c = binCols.get(b);
                        List<String> row = t.rows().get(r);
                        counts[b] += c < row.size() ? Math.max(0, RunPlots.number(row.get(c))) : 0;
                    }
                }
            }
            pooled.put(g.getKey(), byEpoch);
        }
        if (binStarts == null || binStarts.length == 0) {
            return null;
        }
        TreeMap<Double, Boolean> epochs = new TreeMap<>();
        int lastNonZero = 0;
        for (TreeMap<Double, Map<String, double[]>> byEpoch : pooled.values()) {
            for (Map.Entry<Double, Map<String, double[]>> e : byEpoch.entrySet()) {
                epochs.put(e.getKey(), true);
                for (double[] counts : e.getValue().values()) {
                    for (int b = 0; b < counts.length; b++) {
                        if (counts[b] > 0) {
                            lastNonZero = Math.max(lastNonZero, b);
                        }
                    }
                }
            }
        }
        double width = binStarts.length > 1 ? binStarts[1] - binStarts[0] : 1;
        double xMax = binStarts[lastNonZero] + width;
        Map<String, Color> colours = Map.of("d(A,P)", RunPlots.AP, "d(A,N)", RunPlots.AN);
        List<Chart> panels = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Double, Map<String, double[]>>> g : pooled.entrySet()) {
            for (double epoch : epochs.keySet()) {
                Map<String, double[]> counts = g.getValue().getOrDefault(epoch, Map.of());
                Map<String, double[]> named = new LinkedHashMap<>();
                if (counts.containsKey("ap")) {
                    named.put("d(A,P)", counts.get("ap"));
                }
                if (counts.containsKey("an")) {
                    named.put("d(A,N)", counts.get("an"));
                }
                panels.add(Histograms.panel(g.getKey() + ", epoch " + epochLabel(epoch), binStarts, named, colours)
                        .xRange(binStarts[0], xMax));
            }
        }
        return new Figure(panels, Math.max(1, epochs.size()), 300, 210);
    }

    private static String epochLabel(double e) {
        return e == Math.rint(e) ? String.valueOf((long) e) : String.valueOf(e);
    }

    /**
     * Training loss (top row) and active share (bottom row) from {@code steps.csv}, one column per panel
     * (e.g. per margin), one line per group (e.g. per miner): the mean over the group's runs at each
     * step, then a centred moving average. A group keeps its colour in every panel.
     */
    public static BufferedImage trainingCurves(Map<String, Map<String, List<Path>>> panels) {
        return trainingFigure(panels).render();
    }

    /** As {@link #trainingCurves}, as panels. */
    public static Figure trainingFigure(Map<String, Map<String, List<Path>>> panels) {
        Map<String, Color> colours = colours(panels);
        List<Chart> loss = new ArrayList<>();
        List<Chart> active = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<Path>>> p : panels.entrySet()) {
            Chart l = new Chart("Training loss, " + p.getKey()).yLabel("loss (moving average)");
            Chart a = new Chart("Active triplets, " + p.getKey()).yLabel("active share").xLabel("step");
            for (Map.Entry<String, List<Path>> g : p.getValue().entrySet()) {
                double[][] lossCurve = meanCurve(g.getValue(), RunFiles.STEPS, "step", "loss");
                double[][] activeCurve = meanCurve(g.getValue(), RunFiles.STEPS, "step", "active_share");
                Color c = colours.get(g.getKey());
                if (lossCurve[0].length > 0) {
                    int w = RunPlots.window(lossCurve[0].length);
                    l.add(new Chart.Series(g.getKey(), lossCurve[0], RunPlots.movingAverage(lossCurve[1], w), c, false, 1.8f));
                    a.add(new Chart.Series(g.getKey(), activeCurve[0], RunPlots.movingAverage(activeCurve[1], w), c, false, 1.8f));
                }
            }
            loss.add(l);
            active.add(a.yRange(0, 1));
        }
        List<Chart> all = new ArrayList<>(loss);
        all.addAll(active);
        return new Figure(all, Math.max(1, panels.size()), 420, 300);
    }

    /**
     * Validation accuracy (best threshold on the validation pairs, from {@code epochs.csv}) against epoch,
     * one panel per entry, one line per group, averaged over the group's runs: which setting learns faster,
     * and whether it is still improving when training stops. Epoch 0 is the untrained encoder.
     */
    public static Figure validationAccuracyFigure(Map<String, Map<String, List<Path>>> panels) {
        Map<String, Color> colours = colours(panels);
        List<Chart> charts = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<Path>>> p : panels.entrySet()) {
            Chart c = new Chart("Validation accuracy, " + p.getKey()).yLabel("accuracy").xLabel("epoch")
                    .legendBottom(true);   // the curves rise to the top right; the bottom right stays empty
            for (Map.Entry<String, List<Path>> g : p.getValue().entrySet()) {
                double[][] acc = meanCurve(g.getValue(), RunFiles.EPOCHS, "epoch", "val_accuracy");
                if (acc[0].length > 0) {
                    c.add(new Chart.Series(g.getKey(), acc[0], acc[1], colours.get(g.getKey()), false, 2f));
                }
            }
            charts.add(c);
        }
        return new Figure(charts, Math.max(1, Math.min(3, panels.size())), 420, 320);
    }

    /**
     * Mean validation d(A,N) (solid) and d(A,P) (dashed) against epoch from {@code epochs.csv}, one
     * panel per entry, one pair of lines per group, averaged over the group's runs. A collapsed group
     * shows d(A,N) falling to 0 with d(A,P): every face maps to nearly the same point.
     */
    public static BufferedImage validationDistances(Map<String, Map<String, List<Path>>> panels) {
        return validationFigure(panels).render();
    }

    /** As {@link #validationDistances}, as panels. */
    public static Figure validationFigure(Map<String, Map<String, List<Path>>> panels) {
        Map<String, Color> colours = colours(panels);
        List<Chart> charts = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<Path>>> p : panels.entrySet()) {
            // One legend entry per group (its d(A,N) line), right of the plot: inside it would cover some group's
            // lines wherever it went (they span the whole range). The title says which style is which distance.
            Chart c = new Chart(p.getKey() + ": d(A,N) solid, d(A,P) dashed").yLabel("mean squared distance").xLabel("epoch")
                    .legendOutside(true);
            for (Map.Entry<String, List<Path>> g : p.getValue().entrySet()) {
                double[][] an = meanCurve(g.getValue(), RunFiles.EPOCHS, "epoch", "val_mean_d_an");
                double[][] ap = meanCurve(g.getValue(), RunFiles.EPOCHS, "epoch", "val_mean_d_ap");
                Color col = colours.get(g.getKey());
                c.add(new Chart.Series(g.getKey(), an[0], an[1], col, false, 2f));
                c.add(new Chart.Series("", ap[0], ap[1], col, true, 1.5f));
            }
            charts.add(c);
        }
        return new Figure(charts, Math.max(1, Math.min(3, panels.size())), 540, 320);
    }

    private static Map<String, Color> colours(Map<String, Map<String, List<Path>>> panels) {
        Map<String, Color> colours = new LinkedHashMap<>();
        for (Map<String, List<Path>> p : panels.values()) {
            for (String g : p.keySet()) {
                colours.computeIfAbsent(g, k -> Chart.PALETTE[colours.size() % Chart.PALETTE.length]);
            }
        }
        return colours;
    }

    /**
     * {x, mean y}: for every x value that some run's {@code file} has, the mean of {@code yColumn} over
     * the runs with a finite value there, x ascending. Exposed to the package for tests.
     */
    static double[][] meanCurve(List<Path> runs, String file, String xColumn, String yColumn) {
        TreeMap<Double, double[]> sums = new TreeMap<>();
        for (Path run : runs) {
            Path f = run.resolve(file);
            if (!Files.isRegularFile(f)) {
                continue;
            }
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
