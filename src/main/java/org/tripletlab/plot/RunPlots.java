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
     * Published curves are drawn in greys, each with its own non-solid pattern, never in the runs' saturated palette,
     * so measured and published curves are two visibly different families.
     */
    static final Color[] PUBLISHED_COLORS = {new Color(0x202020), new Color(0x505050), new Color(0x7a7a7a), new Color(0x9a9a9a)};
    static final float[][] PUBLISHED_DASHES = {Chart.DASHED, Chart.DASH_DOT, Chart.DOTTED, {10f, 3f}};
    /** Top of the active-share axis: a little above 1, so a share of 1 is a line below the frame, not hidden in it. */
    static final double SHARE_TOP = 1.05;
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

    /**
     * Trailing moving average: at point i the mean of the finite values among the last {@code w} points (i − w + 1 … i).
     * Causal, so a curve's first steps are not pulled towards later values (a centred window at step 0 averages only
     * the steps after it); the first w − 1 points average the fewer points there are.
     */
    static double[] trailingMean(double[] v, int w) {
        double[] out = new double[v.length];
        int span = Math.max(1, w);
        for (int i = 0; i < v.length; i++) {
            double sum = 0;
            int n = 0;
            for (int j = Math.max(0, i - span + 1); j <= i; j++) {
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
        return plotRun(run, format, Double.NaN);
    }

    /**
     * As {@link #plotRun(Path, String)}, with the distance histograms on the density scale {@code yMax} (shared with the
     * other runs of an experiment; NaN: the run's own). Figures name the run by its configuration, never its folder.
     */
    static List<Path> plotRun(Path run, String format, double yMax) {
        List<Path> written = new ArrayList<>();
        Path plots = run.resolve("plots");
        String label = RunLabel.full(run);
        if (Files.isRegularFile(run.resolve(RunFiles.STEPS))) {
            Table steps = Table.read(run.resolve(RunFiles.STEPS));
            if (!steps.rows().isEmpty()) {
                written.add(trainingSheet(label, steps).write(plots, "training", format));
            }
        }
        DistanceFigures.Pooled d = distances(run);
        if (d != null) {
            written.add(DistanceFigures.sheet(d, "Validation squared distances: " + label, List.of(), yMax).write(plots, "distances", format));
        }
        return written;
    }

    /** A run's {@code distances.csv} as one row labelled by the run's method; null without one. */
    static DistanceFigures.Pooled distances(Path run) {
        Map<String, List<Path>> one = new LinkedHashMap<>();
        one.put(RunLabel.method(run), List.of(run));
        return DistanceFigures.pool(one);
    }

    /** Loss and active share per step (light) and their trailing mean (dark), the window stated in the legend. */
    private static Sheet trainingSheet(String label, Table steps) {
        double[] x = steps.column("step");
        Chart loss = trainingPanel("Training loss", "loss", x, steps.column("loss"), Chart.PALETTE[0]);
        Chart active = trainingPanel("Active triplets (loss > 0)", "active share", x, steps.column("active_share"), Chart.PALETTE[1])
                .xLabel("step").yRange(0, SHARE_TOP);
        int w = window(x.length);
        // one legend above both panels, in neutral greys: the panels' colours differ, the light/dark meaning does not
        List<Sheet.Entry> legend = List.of(Sheet.Entry.line("per step (light)", light(Color.DARK_GRAY), null, 1f),
                Sheet.Entry.line("trailing mean of the last " + w + " steps (dark)", Color.DARK_GRAY, null, 2f));
        return new Sheet("Training: " + label, List.of(), List.of(loss, active), 1, 900, 300).legend(legend);
    }

    private static Chart trainingPanel(String title, String yLabel, double[] x, double[] y, Color c) {
        int w = window(y.length);
        return new Chart(title).yLabel(yLabel)
                .add(new Chart.Series("per step", x, y, light(c), false, 1f))
                .add(new Chart.Series("trailing mean of the last " + w + " steps", x, trailingMean(y, w), c, false, 2f));
    }

    /**
     * Legend labels from each run's config: its method ("triplet, semi-hard, α = 0.2", as the results tables name it);
     * where two runs share a method, or the runs were trained for different budgets, the fuller label with encoder,
     * seed and epochs ({@link RunLabel#full}). Never the run's folder hash.
     */
    static Map<Path, String> labels(List<Path> runs) {
        Map<Path, String> method = new LinkedHashMap<>();
        Map<String, Integer> uses = new HashMap<>();
        Map<Path, String> budgets = new LinkedHashMap<>();
        for (Path r : runs) {
            method.put(r, RunLabel.method(r));
            uses.merge(method.get(r), 1, Integer::sum);
            try {
                budgets.put(r, org.tripletlab.report.RunResult.budget(org.tripletlab.config.Config.ofRun(r).asMap()));
            } catch (RuntimeException e) {
                budgets.put(r, null);
            }
        }
        boolean mixed = budgets.values().stream().filter(java.util.Objects::nonNull).distinct().count() > 1;
        Map<Path, String> out = new LinkedHashMap<>();
        for (Path r : runs) {
            out.put(r, mixed || uses.get(method.get(r)) > 1 ? RunLabel.full(r) : method.get(r));
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

    /**
     * As {@link #plotExperiment(Path, Path)}, as {@code png} or {@code svg} files. The runs' distance histograms share one
     * density scale, so runs compare by eye.
     */
    public static List<Path> plotExperiment(Path experiment, Path publishedRoc, String format) {
        List<Path> runs = RunFinder.ofExperiment(experiment);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException(experiment + ": neither a run folder (steps.csv) nor an experiment folder "
                    + "(run folders with COMPLETE)");
        }
        double yMax = 0;
        for (Path r : runs) {
            DistanceFigures.Pooled d = distances(r);
            yMax = d == null ? yMax : Math.max(yMax, d.spreadPeak());
        }
        List<Path> written = new ArrayList<>();
        for (Path r : runs) {
            written.addAll(plotRun(r, format, yMax > 0 ? yMax : Double.NaN));
        }
        Map<Path, String> labels = labels(runs);
        Sheet training = trainingCompare(runs, labels);
        if (training != null) {
            written.add(training.write(experiment, "training-compare", format));
        }
        Map<String, Path> rocs = new LinkedHashMap<>();
        for (Path r : runs) {
            Path f = RunFiles.roc(r, LfwBenchmark.VIEW2_NAME);
            if (Files.isRegularFile(f)) {
                rocs.put(labels.get(r), f);
            }
        }
        if (!rocs.isEmpty()) {
            written.add(lfwRocSheet(rocs, publishedRoc, List.of("One run per curve (" + String.join("; ", distinctFull(runs)) + ").")).write(
                    experiment, "roc-lfw", format));
        }
        return written;
    }

    /** The runs' full labels without their method part, deduplicated: what they have in common or differ in. */
    private static List<String> distinctFull(List<Path> runs) {
        List<String> out = new ArrayList<>();
        for (Path r : runs) {
            String full = RunLabel.full(r);
            String rest = full.startsWith(RunLabel.method(r) + " · ") ? full.substring(RunLabel.method(r).length() + 3) : full;
            if (!out.contains(rest)) {
                out.add(rest);
            }
        }
        return out;
    }

    /** Every run's loss and active share (trailing mean) in one pair of panels; null when no run has steps. */
    private static Sheet trainingCompare(List<Path> runs, Map<Path, String> labels) {
        Chart loss = new Chart("Training loss").yLabel("loss");
        Chart active = new Chart("Active triplets (loss > 0)").yLabel("active share").xLabel("step").yRange(0, SHARE_TOP);
        int k = 0;
        int window = 1;
        for (Path r : runs) {
            if (!Files.isRegularFile(r.resolve(RunFiles.STEPS))) {
                continue;
            }
            Table t = Table.read(r.resolve(RunFiles.STEPS));
            double[] x = t.column("step");
            int w = window(x.length);
            window = Math.max(window, w);
            Color c = Chart.PALETTE[k++ % Chart.PALETTE.length];
            loss.add(new Chart.Series(labels.get(r), x, trailingMean(t.column("loss"), w), c, false, 1.8f));
            active.add(new Chart.Series(labels.get(r), x, trailingMean(t.column("active_share"), w), c, false, 1.8f));
        }
        if (k == 0) {
            return null;
        }
        List<Chart> panels = List.of(loss, active);
        String note = "One run per line (" + String.join("; ", distinctFull(runs)) + "), trailing mean over the last " + window + " steps.";
        return new Sheet("Training loss and active triplets", List.of(note), panels, 1, 900, 330).legend(Sheet.entriesOf(panels));
    }

    /**
     * The LFW ROC overlay as a figure: {@link #lfwRoc} with one legend above the plot in two families — measured
     * (saturated colours, solid) and published (greys, dashed/dotted) — a title naming the protocol, and notes on
     * how the curves were chosen ({@code notes}) and where the FPR axis starts.
     */
    public static Sheet lfwRocSheet(Map<String, Path> rocCsvByLabel, Path publishedRoc, List<String> notes) {
        Chart roc = lfwRoc(rocCsvByLabel, publishedRoc);
        List<Sheet.Entry> legend = new ArrayList<>();
        List<Sheet.Entry> published = new ArrayList<>();
        for (Chart.Series s : roc.series()) {
            boolean pub = s.name().endsWith(PUBLISHED_SUFFIX);
            String name = pub ? s.name().substring(0, s.name().length() - PUBLISHED_SUFFIX.length()) : s.name();
            (pub ? published : legend).add(Sheet.Entry.line(name, s.color(), s.dash(), s.width()));
        }
        legend.add(0, Sheet.Entry.heading("measured (solid):"));
        if (!published.isEmpty()) {
            legend.add(Sheet.Entry.heading("published (grey, dashed/dotted):"));
            legend.addAll(published);
        }
        List<String> all = new ArrayList<>(notes);
        double lo = roc.xRangeShown()[0];
        all.add(String.format(Locale.ROOT, "All %s pairs pooled, one threshold swept; the FPR axis starts at %s = 1/%,d, "
                + "the smallest non-zero rate of the %,d different pairs.", LFW_PAIRS, scientific(lo), Math.round(1 / lo), Math.round(1 / lo)));
        return new Sheet("ROC on " + LfwBenchmark.VIEW2.description(), all, List.of(roc), 1, 900, 560).legend(legend);
    }

    /** 3.33e-4 → "3.3e-4", as the log axis labels its ticks (no zero-padded exponent). */
    static String scientific(double v) {
        int e = (int) Math.floor(Math.log10(v));
        return String.format(Locale.ROOT, "%.1fe%d", v / Math.pow(10, e), e);
    }

    /** How a published curve's legend label ends. */
    static final String PUBLISHED_SUFFIX = " (published)";
    /** LFW View 2's pair count, written as the figures state it. */
    private static final String LFW_PAIRS = "6,000";

    /**
     * The LFW ROC overlay: each run's {@code eval/lfw-roc.csv} (solid, saturated colours; a plain miner in its colour of every figure, {@link MinerColours}) on a log FPR
     * axis from the smallest non-zero FPR a run has (about 1 / its number of different pairs: no curve has a point
     * further left), plus the published curves named in {@link #PUBLISHED} (greys, each its own dash pattern,
     * "(published)"), at most one file each.
     *
     * @param rocCsvByLabel legend label → a run's {@code lfw-roc.csv}
     * @param publishedRoc  folder of published curves ({@code <data root>/lfw/published-roc}); null or
     *                      missing: no published curves are drawn
     */
    public static Chart lfwRoc(Map<String, Path> rocCsvByLabel, Path publishedRoc) {
        Chart roc = new Chart("").xLabel("false positive rate (log)").yLabel("true positive rate").logX(true).legendBottom(true);
        Map<String, Color> colours = MinerColours.of(rocCsvByLabel.keySet());
        double smallest = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, Path> e : rocCsvByLabel.entrySet()) {
            // <run>/eval/lfw-roc.csv of a run whose provenance says its LFW numbers are not test numbers: not a test result
            Path run = e.getValue().toAbsolutePath().normalize().getParent().getParent();
            String why = run == null ? null : org.tripletlab.report.RunResult.notTestNumberReason(run, LfwBenchmark.VIEW2_NAME);
            if (why != null) {
                System.err.println("Note: " + run.getFileName() + " (" + e.getKey() + ") left out of the LFW ROC, not a test number for lfw: " + why);
                continue;
            }
            Table t = Table.read(e.getValue());
            double[] fpr = t.column("fpr");
            for (double f : fpr) {
                smallest = f > 0 ? Math.min(smallest, f) : smallest;
            }
            roc.add(new Chart.Series(e.getKey(), fpr, t.column("tpr"), colours.get(e.getKey()), false, 2f));
        }
        roc.xRange(Double.isFinite(smallest) ? smallest : 1e-4, 1).yRange(0, 1);
        if (publishedRoc != null && Files.isDirectory(publishedRoc)) {
            int p = 0;
            List<PublishedRoc.Curve> curves = PublishedRoc.readAll(publishedRoc);
            for (Map.Entry<String, String> want : PUBLISHED.entrySet()) {
                for (PublishedRoc.Curve c : curves) {
                    if (c.name().toLowerCase(Locale.ROOT).contains(want.getKey())) {
                        double[] xs = c.points().stream().mapToDouble(PublishedRoc.Point::fpr).toArray();
                        double[] ys = c.points().stream().mapToDouble(PublishedRoc.Point::tpr).toArray();
                        int i = p++;
                        roc.add(new Chart.Series(want.getValue() + PUBLISHED_SUFFIX, xs, ys, PUBLISHED_COLORS[i % PUBLISHED_COLORS.length],
                                PUBLISHED_DASHES[i % PUBLISHED_DASHES.length], 1.6f));
                        break;
                    }
                }
            }
        }
        return roc;
    }
}
