package org.tripletlab.plot;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tripletlab.benchmark.LfwBenchmark;
import org.tripletlab.data.protocol.PublishedRoc;
import org.tripletlab.run.RunFiles;
import org.tripletlab.run.RunFinder;
import org.tripletlab.util.FileReads;
import org.tripletlab.component.ConfigException;

/**
 * PNG (or SVG) figures from the CSV files a run writes: per run {@code plots/training.png} and
 * {@code plots/distances.png}; per experiment folder {@code training-compare.png} and {@code roc-lfw.png}.
 */
public final class RunPlots {
    /**
     * Published LFW ROC curves drawn next to the runs: a substring (lower case) of the file name → legend label.
     * At most one file each, in this order.
     */
    static final Map<String, String> PUBLISHED = publishedLabels();
    /**
     * Published curves are dashed and drawn in greys and dark gold, never in the runs' palette, so a published
     * Eigenfaces curve is not mistaken for a measured run of the same colour.
     */
    static final Color[] PUBLISHED_COLORS = {new Color(0x000000), new Color(0x6b6b6b), new Color(0xa8a8a8),
            new Color(0x9c7a1a)};
    static final Color AP = new Color(0x2ca02c);
    static final Color AN = new Color(0xd62728);

    private RunPlots() {
    }

    private static Map<String, String> publishedLabels() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("deepface", "DeepFace ensemble");
        m.put("dlib", "dlib ResNet");
        m.put("high_dim_lbp_unrestricted", "high-dim LBP");
        m.put("eigenfaces-original", "Eigenfaces, Turk & Pentland");
        return Collections.unmodifiableMap(m);
    }

    /** A CSV file as header → column of cells. */
    record Table(List<String> header, List<List<String>> rows) {
        static Table read(Path file) {
            List<List<String>> all = FileReads.csv(file, FileReads.RUN_FILE_FIX);
            return new Table(all.get(0), all.subList(1, all.size()));
        }

        double[] column(String name) {
            int c = header.indexOf(name);
            double[] out = new double[rows.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = c < 0 || c >= rows.get(i).size() ? Double.NaN : number(rows.get(i).get(c));
            }
            return out;
        }

        String cell(int row, String name) {
            int c = header.indexOf(name);
            return c < 0 || c >= rows.get(row).size() ? "" : rows.get(row).get(c);
        }
    }

    static double number(String s) {
        try {
            return s.isBlank() ? Double.NaN : Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Centred moving average over a window of {@code w} points; NaN values are skipped. */
    static double[] movingAverage(double[] v, int w) {
        double[] out = new double[v.length];
        int half = Math.max(0, w / 2);
        for (int i = 0; i < v.length; i++) {
            double sum = 0;
            int n = 0;
            for (int j = Math.max(0, i - half); j <= Math.min(v.length - 1, i + half); j++) {
                if (Double.isFinite(v[j])) {
                    sum += v[j];
                    n++;
                }
            }
            out[i] = n == 0 ? Double.NaN : sum / n;
        }
        return out;
    }

    static int window(int n) {
        return Math.max(1, Math.min(101, n / 25) | 1);
    }

    private static Color light(Color c) {
        return new Color((c.getRed() + 2 * 255) / 3, (c.getGreen() + 2 * 255) / 3, (c.getBlue() + 2 * 255) / 3);
    }

    /** Whether {@code dir} looks like one run folder (it has steps.csv or COMPLETE). */
    public static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(RunFiles.STEPS)) || Files.isRegularFile(dir.resolve(RunFiles.COMPLETE));
    }

    /** Writes a run's figures into {@code <run>/plots/} as PNG and returns the files written. */
    public static List<Path> plotRun(Path run) {
        return plotRun(run, "png");
    }

    /** Writes a run's figures into {@code <run>/plots/} as {@code png} or {@code svg} and returns the files written. */
    public static List<Path> plotRun(Path run, String format) {
        List<Path> written = new ArrayList<>();
        Path plots = run.resolve("plots");
        if (Files.isRegularFile(run.resolve(RunFiles.STEPS))) {
            Table steps = Table.read(run.resolve(RunFiles.STEPS));
            if (!steps.rows().isEmpty()) {
                double[] x = steps.column("step");
                Chart loss = trainingPanel("Training loss", "loss", x, steps.column("loss"), Chart.PALETTE[0]);
                Chart active = trainingPanel("Active triplets (loss > 0)", "active share", x, steps.column("active_share"),
                        Chart.PALETTE[1]).xLabel("step");
                written.add(Chart.writeGrid(plots, "training", format, List.of(loss, active), 1, 900, 320));
            }
        }
        if (Files.isRegularFile(run.resolve(RunFiles.DISTANCES))) {
            List<Chart> panels = distances(Table.read(run.resolve(RunFiles.DISTANCES)));
            if (!panels.isEmpty()) {
                written.add(Chart.writeGrid(plots, "distances", format, panels, Math.min(4, panels.size()), 340, 240));
            }
        }
        return written;
    }

    private static Chart trainingPanel(String title, String yLabel, double[] x, double[] y, Color c) {
        int w = window(y.length);
        return new Chart(title).yLabel(yLabel)
                .add(new Chart.Series("per step", x, y, light(c), false, 1f))
                .add(new Chart.Series("moving average (" + w + " steps)", x, movingAverage(y, w), c, false, 2f));
    }

    /** Small multiples of the d(A,P) / d(A,N) histograms, one panel per validation; empty without bins. */
    static List<Chart> distances(Table t) {
        List<Integer> binCols = new ArrayList<>();
        List<Double> starts = new ArrayList<>();
        for (int c = 0; c < t.header().size(); c++) {
            String h = t.header().get(c);
            if (h.startsWith("bin_")) {
                binCols.add(c);
                starts.add(number(h.substring(4)));
            }
        }
        if (binCols.isEmpty()) {
            return List.of();
        }
        // epoch → pairs kind → counts, in file order
        Map<String, Map<String, double[]>> byEpoch = new LinkedHashMap<>();
        int lastNonZero = 0;
        for (int r = 0; r < t.rows().size(); r++) {
            String pairs = t.cell(r, "pairs");
            if (!pairs.equals("ap") && !pairs.equals("an")) {
                continue;
            }
            double[] counts = new double[binCols.size()];
            for (int b = 0; b < counts.length; b++) {
                int c = binCols.get(b);
                counts[b] = c < t.rows().get(r).size() ? Math.max(0, number(t.rows().get(r).get(c))) : 0;
                if (counts[b] > 0) {
                    lastNonZero = Math.max(lastNonZero, b);
                }
            }
            byEpoch.computeIfAbsent(t.cell(r, "epoch"), k -> new LinkedHashMap<>()).put(pairs, counts);
        }
        if (byEpoch.isEmpty()) {
            return List.of();
        }
        double[] binStarts = starts.stream().mapToDouble(Double::doubleValue).toArray();
        double width = binStarts.length > 1 ? binStarts[1] - binStarts[0] : 1;
        double xMax = binStarts[Math.min(binStarts.length - 1, lastNonZero)] + width;
        Map<String, Color> colours = Map.of("d(A,P)", AP, "d(A,N)", AN);
        List<Chart> panels = new ArrayList<>();
        for (Map.Entry<String, Map<String, double[]>> e : byEpoch.entrySet()) {
            Map<String, double[]> named = new LinkedHashMap<>();
            if (e.getValue().containsKey("ap")) {
                named.put("d(A,P)", e.getValue().get("ap"));
            }
            if (e.getValue().containsKey("an")) {
                named.put("d(A,N)", e.getValue().get("an"));
            }
            panels.add(Histograms.panel("epoch " + e.getKey(), binStarts, named, colours).xRange(binStarts[0], xMax));
        }
        return panels;
    }

    /** {@code miner.strategy} from a run's config.yaml, or null when it cannot be read. */
    static String strategy(Path run) {
        Path f = run.resolve(RunFiles.CONFIG);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return org.tripletlab.config.Config.load(f, List.of()).getString("miner.strategy");
        } catch (org.tripletlab.component.ConfigException e) {
            return null;
        }
    }

    /** Legend labels: the miner strategy, with the run id added where two runs share one. */
    static Map<Path, String> labels(List<Path> runs) {
        Map<Path, String> base = new LinkedHashMap<>();
        Map<String, Integer> uses = new HashMap<>();
        for (Path r : runs) {
            String s = strategy(r);
            String id = r.getFileName().toString();
            base.put(r, s == null ? id : s);
            uses.merge(base.get(r), 1, Integer::sum);
        }
        // runs trained for different budgets are never drawn as if alike: each label then names its budget
        Map<Path, String> budgets = new LinkedHashMap<>();
        for (Path r : runs) {
            try {
                budgets.put(r, org.tripletlab.report.RunResult.budget(org.tripletlab.config.Config.ofRun(r).asMap()));
            } catch (RuntimeException e) {
                budgets.put(r, null);
            }
        }
        boolean mixed = budgets.values().stream().filter(java.util.Objects::nonNull).distinct().count() > 1;
        Map<Path, String> out = new LinkedHashMap<>();
        for (Path r : runs) {
            String b = base.get(r);
            String id = r.getFileName().toString();
            String label = uses.get(b) > 1 && !b.equals(id) ? b + " (" + id + ")" : b;
            out.put(r, mixed && budgets.get(r) != null ? label + ", " + budgets.get(r) : label);
        }
        return out;
    }

    /**
     * Figures of every completed run under {@code experiment} and the comparisons between them.
     *
     * @param publishedRoc folder of published LFW ROC curves, or null to draw none
     */
    public static List<Path> plotExperiment(Path experiment, Path publishedRoc) {
        return plotExperiment(experiment, publishedRoc, "png");
    }

    /** As {@link #plotExperiment(Path, Path)}, as {@code png} or {@code svg} files. */
    public static List<Path> plotExperiment(Path experiment, Path publishedRoc, String format) {
        List<Path> runs = RunFinder.ofExperiment(experiment);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException(experiment + ": neither a run folder (steps.csv) nor an experiment folder "
                    + "(run folders with COMPLETE)");
        }
        List<Path> written = new ArrayList<>();
        for (Path r : runs) {
            written.addAll(plotRun(r, format));
        }
        Map<Path, String> labels = labels(runs);

        Chart loss = new Chart("Training loss (moving average)").yLabel("loss");
        Chart active = new Chart("Active triplets (moving average)").yLabel("active share").xLabel("step");
        int k = 0;
        for (Path r : runs) {
            if (!Files.isRegularFile(r.resolve(RunFiles.STEPS))) {
                continue;
            }
            Table t = Table.read(r.resolve(RunFiles.STEPS));
            double[] x = t.column("step");
            Color c = Chart.PALETTE[k++ % Chart.PALETTE.length];
            loss.add(new Chart.Series(labels.get(r), x, movingAverage(t.column("loss"), window(x.length)), c, false, 1.8f));
            active.add(new Chart.Series(labels.get(r), x, movingAverage(t.column("active_share"), window(x.length)), c, false, 1.8f));
        }
        if (k > 0) {
            written.add(Chart.writeGrid(experiment, "training-compare", format, List.of(loss, active), 1, 900, 360));
        }

        Map<String, Path> rocs = new LinkedHashMap<>();
        for (Path r : runs) {
            Path f = RunFiles.roc(r, LfwBenchmark.VIEW2_NAME);
            if (Files.isRegularFile(f)) {
                rocs.put(labels.get(r), f);
            }
        }
        if (!rocs.isEmpty()) {
            written.add(Chart.writeGrid(experiment, "roc-lfw", format, List.of(lfwRoc(rocs, publishedRoc)), 1, 1150, 600));
        }
        return written;
    }

    /**
     * The LFW ROC overlay: each run's {@code eval/lfw-roc.csv} (solid, in legend order) on a log FPR axis,
     * plus the published curves named in {@link #PUBLISHED} (dashed, in greys, "(published)"), at most one file
     * each. The legend sits right of the plot: at the lower right, where it would otherwise go, the curves rise.
     *
     * @param rocCsvByLabel legend label → a run's {@code lfw-roc.csv}
     * @param publishedRoc  folder of published curves ({@code <data root>/lfw/published-roc}); null or
     *                      missing: no published curves are drawn
     */
    public static Chart lfwRoc(Map<String, Path> rocCsvByLabel, Path publishedRoc) {
        Chart roc = new Chart("LFW ROC").xLabel("false positive rate").yLabel("true positive rate")
                .logX(true).xRange(1e-4, 1).yRange(0, 1).legendOutside(true);
        int k = 0;
        for (Map.Entry<String, Path> e : rocCsvByLabel.entrySet()) {
            // <run>/eval/lfw-roc.csv of a run whose provenance says its LFW numbers are not test numbers: not a test result
            Path run = e.getValue().toAbsolutePath().normalize().getParent().getParent();
            String why = run == null ? null : org.tripletlab.report.RunResult.notTestNumberReason(run, LfwBenchmark.VIEW2_NAME);
            if (why != null) {
                System.err.println("Note: " + run.getFileName() + " (" + e.getKey() + ") left out of the LFW ROC, not a test number for lfw: " + why);
                continue;
            }
            Table t = Table.read(e.getValue());
            Color c = Chart.PALETTE[k++ % Chart.PALETTE.length];
            roc.add(new Chart.Series(e.getKey(), t.column("fpr"), t.column("tpr"), c, false, 2f));
        }
        if (publishedRoc != null && Files.isDirectory(publishedRoc)) {
            int p = 0;
            List<PublishedRoc.Curve> curves = PublishedRoc.readAll(publishedRoc);
            for (Map.Entry<String, String> want : PUBLISHED.entrySet()) {
                for (PublishedRoc.Curve c : curves) {
                    if (c.name().toLowerCase(Locale.ROOT).contains(want.getKey())) {
                        double[] xs = c.points().stream().mapToDouble(PublishedRoc.Point::fpr).toArray();
                        double[] ys = c.points().stream().mapToDouble(PublishedRoc.Point::tpr).toArray();
                        Color col = PUBLISHED_COLORS[p++ % PUBLISHED_COLORS.length];
                        roc.add(new Chart.Series(want.getValue() + " (published)", xs, ys, col, true, 1.5f));
                        break;
                    }
                }
            }
        }
        return roc;
    }
}
