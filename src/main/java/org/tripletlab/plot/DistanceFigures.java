package org.tripletlab.plot;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tripletlab.run.RunFiles;

/**
 * The d(A,P) / d(A,N) figures from {@code distances.csv}: one row per group (a miner, an encoder, or one run), one
 * histogram panel per validation epoch, and a last panel with the percentiles of both distributions on a log axis.
 *
 * <p>Why the percentile panel: the histograms have 40 fixed bins on [0, 4] (the range of a squared distance between
 * unit vectors), so a collapsed embedding (d ≈ 0.003) is one spike in the first bin, d(A,P) hidden under d(A,N).
 * The percentiles the run recorded (5th, 25th, 50th, 75th, 95th) are exact, and on a log axis from 1e-4 to 4 a
 * collapsed run and a healthy one are both readable, with both distributions visible.
 *
 * <p>Axes are shared so panels and runs can be compared by eye: x is always the full [0, 4] of the bins (the
 * percentile panels always [1e-4, 4]); y is one density scale for the whole figure (or the caller's, shared across
 * a study). Panels where one bin holds most of the pairs (an untrained or collapsed encoder) would flatten every
 * other panel, so the scale is set by the others and such a spike is cut off and its height written in the panel.
 */
final class DistanceFigures {
    static final Color AP = RunPlots.AP;
    static final Color AN = RunPlots.AN;
    static final String X_LABEL = "squared distance ‖f(A) − f(·)‖²";
    /** Log range of the percentile panels: below the smallest committed 5th percentile (5.9e-4) up to the largest possible (4). */
    static final double LOG_MIN = 1e-4;
    static final double LOG_MAX = 4;
    /** Lowest left end of the log axis, however far a collapse goes (float32 distances of unit vectors bottom out near here). */
    static final double LOG_FLOOR = 1e-9;
    /** A distribution with more than this share of its pairs in one bin is a spike: it does not set the shared y scale. */
    static final double SPIKE_SHARE = 0.5;
    /** Panels per row of a one-run figure. */
    static final int MAX_COLUMNS = 6;
    /** At most this many histogram panels per row: a 22-epoch study drawn at every validation was 7,200 px wide. */
    static final int HISTOGRAM_EPOCHS = 5;
    private static final String[] PERCENTILES = {"p5", "p25", "p50", "p75", "p95"};

    private DistanceFigures() {
    }

    /** One distribution at one validation: counts per bin and the 5th, 25th, 50th, 75th, 95th percentiles. */
    record Dist(double[] counts, double[] percentiles) {
        double total() {
            return Arrays.stream(counts).sum();
        }

        /** Highest density of the histogram (counts / (total × bin width)). */
        double peak(double binWidth) {
            double t = total();
            return t > 0 ? Arrays.stream(counts).max().orElse(0) / (t * binWidth) : 0;
        }

        boolean spike() {
            double t = total();
            return t > 0 && Arrays.stream(counts).max().orElse(0) / t > SPIKE_SHARE;
        }
    }

    /**
     * Distributions of several groups: group → epoch → "ap"/"an" → pooled distribution (counts summed over the
     * group's runs, percentiles averaged over them), plus how many runs each group pooled.
     */
    record Pooled(double[] binStarts, Map<String, TreeMap<Double, Map<String, Dist>>> groups, Map<String, Integer> runs, TreeSet<Double> common) {
        double binWidth() {
            return binStarts.length > 1 ? binStarts[1] - binStarts[0] : 1;
        }

        /** Every epoch any pooled run validated. */
        TreeSet<Double> epochs() {
            TreeSet<Double> e = new TreeSet<>();
            groups.values().forEach(g -> e.addAll(g.keySet()));
            return e;
        }

        /**
         * The epochs every pooled run validated: the figure shows only these, so that a panel pools the same runs at every
         * epoch (with a fixed step budget a seed whose split has fewer training images has shorter epochs and one more
         * validation than the others).
         */
        TreeSet<Double> commonEpochs() {
            // runs with no validation in common (one stopped before its first): every epoch rather than an empty figure
            return common == null || common.isEmpty() ? epochs() : common;
        }

        /**
         * The highest peak of a non-spike distribution, 0 when all are spikes: what a shared scale is made of, so one
         * collapsed run does not flatten the others.
         */
        double spreadPeak() {
            double spread = 0;
            for (TreeMap<Double, Map<String, Dist>> g : groups.values()) {
                for (Map<String, Dist> byPairs : g.values()) {
                    for (Dist d : byPairs.values()) {
                        spread = d.spike() ? spread : Math.max(spread, d.peak(binWidth()));
                    }
                }
            }
            return spread;
        }

        /**
         * The left end of the percentile panels' log axis: {@link #LOG_MIN}, or lower, to the decade below the smallest
         * 5th percentile, when a collapsed run's distances lie below it (a collapse reaches 1e-5 and less): the bands
         * of both distributions stay in view instead of being cut off at the axis.
         */
        double logMin() {
            double min = LOG_MIN;
            for (TreeMap<Double, Map<String, Dist>> g : groups.values()) {
                for (Map<String, Dist> byPairs : g.values()) {
                    for (Dist d : byPairs.values()) {
                        double p5 = d.percentiles()[0];
                        if (Double.isFinite(p5) && p5 > 0 && p5 < min) {
                            min = Math.max(LOG_FLOOR, Math.pow(10, Math.floor(Math.log10(p5))));
                        }
                    }
                }
            }
            return min;
        }

        /** The y scale this figure would choose alone: the highest peak of a non-spike distribution (else of any). */
        double peak() {
            double spread = 0;
            double any = 0;
            for (TreeMap<Double, Map<String, Dist>> g : groups.values()) {
                for (Map<String, Dist> byPairs : g.values()) {
                    for (Dist d : byPairs.values()) {
                        any = Math.max(any, d.peak(binWidth()));
                        if (!d.spike()) {
                            spread = Math.max(spread, d.peak(binWidth()));
                        }
                    }
                }
            }
            return spread > 0 ? spread : any;
        }

        /** "3 seeds" when every group pooled 3 runs, "1–3 runs" when they differ. */
        String pooling() {
            int lo = runs.values().stream().mapToInt(Integer::intValue).min().orElse(0);
            int hi = runs.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            return lo == hi ? lo + (lo == 1 ? " run" : " runs") : lo + "–" + hi + " runs";
        }
    }

    /** Pools the groups' {@code distances.csv}; null when no run has one. */
    static Pooled pool(Map<String, List<Path>> groups) {
        Map<String, TreeMap<Double, Map<String, Dist>>> out = new LinkedHashMap<>();
        Map<String, Integer> runs = new LinkedHashMap<>();
        double[] binStarts = null;
        TreeSet<Double> common = null;
        for (Map.Entry<String, List<Path>> g : groups.entrySet()) {
            TreeMap<Double, Map<String, List<Dist>>> perRun = new TreeMap<>();
            int n = 0;
            for (Path run : g.getValue()) {
                Path f = run.resolve(RunFiles.DISTANCES);
                if (!Files.isRegularFile(f)) {
                    continue;
                }
                RunPlots.Table t = RunPlots.Table.read(f);
                double[] starts = binStarts(t);
                if (binStarts == null) {
                    binStarts = starts;
                } else if (!Arrays.equals(binStarts, starts)) {
                    throw new IllegalArgumentException(f + ": histogram bins " + Arrays.toString(starts) + " differ from the other runs'; "
                            + "pooled histograms need the same bins");
                }
                TreeMap<Double, Map<String, List<Dist>>> one = new TreeMap<>();
                read(t, starts.length, one);
                if (common == null) {
                    common = new TreeSet<>(one.keySet());
                } else {
                    common.retainAll(one.keySet());
                }
                one.forEach((epoch, byPairs) -> byPairs.forEach((pairs, list) ->
                        perRun.computeIfAbsent(epoch, k -> new LinkedHashMap<>()).computeIfAbsent(pairs, k -> new ArrayList<>()).addAll(list)));
                n++;
            }
            if (n > 0) {
                out.put(g.getKey(), combine(perRun));
                runs.put(g.getKey(), n);
            }
        }
        return binStarts == null || binStarts.length == 0 ? null : new Pooled(binStarts, out, runs, common);
    }

    private static double[] binStarts(RunPlots.Table t) {
        return t.header().stream().filter(h -> h.startsWith("bin_")).mapToDouble(h -> RunPlots.number(h.substring(4))).toArray();
    }

    /** Adds one run's ap/an rows to epoch → pairs → the runs' distributions. */
    private static void read(RunPlots.Table t, int bins, TreeMap<Double, Map<String, List<Dist>>> into) {
        List<Integer> binCols = new ArrayList<>();
        for (int c = 0; c < t.header().size(); c++) {
            if (t.header().get(c).startsWith("bin_")) {
                binCols.add(c);
            }
        }
        for (int r = 0; r < t.rows().size(); r++) {
            String pairs = t.cell(r, "pairs");
            if (!pairs.equals("ap") && !pairs.equals("an")) {
                continue;
            }
            List<String> row = t.rows().get(r);
            double[] counts = new double[bins];
            for (int b = 0; b < bins; b++) {
                int c = binCols.get(b);
                counts[b] = c < row.size() ? Math.max(0, RunPlots.number(row.get(c))) : 0;
            }
            double[] pct = new double[PERCENTILES.length];
            for (int k = 0; k < pct.length; k++) {
                pct[k] = RunPlots.number(t.cell(r, PERCENTILES[k]));
            }
            into.computeIfAbsent(RunPlots.number(t.cell(r, "epoch")), k -> new LinkedHashMap<>())
                    .computeIfAbsent(pairs, k -> new ArrayList<>()).add(new Dist(counts, pct));
        }
    }

    /** Counts summed over runs (each measures the same pairs, so the sum is the pooled histogram), percentiles averaged. */
    private static TreeMap<Double, Map<String, Dist>> combine(TreeMap<Double, Map<String, List<Dist>>> perRun) {
        TreeMap<Double, Map<String, Dist>> out = new TreeMap<>();
        perRun.forEach((epoch, byPairs) -> byPairs.forEach((pairs, list) -> {
            double[] counts = new double[list.get(0).counts().length];
            double[] pct = new double[PERCENTILES.length];
            int[] finite = new int[pct.length];
            for (Dist d : list) {
                for (int b = 0; b < counts.length; b++) {
                    counts[b] += d.counts()[b];
                }
                for (int k = 0; k < pct.length; k++) {
                    if (Double.isFinite(d.percentiles()[k])) {
                        pct[k] += d.percentiles()[k];
                        finite[k]++;
                    }
                }
            }
            for (int k = 0; k < pct.length; k++) {
                pct[k] = finite[k] == 0 ? Double.NaN : pct[k] / finite[k];
            }
            out.computeIfAbsent(epoch, k -> new LinkedHashMap<>()).put(pairs, new Dist(counts, pct));
        }));
        return out;
    }

    /**
     * The figure: per group a row of histogram panels (one per epoch) and a percentile panel.
     *
     * @param yMax the shared density scale (e.g. {@link Pooled#peak} over all figures of a study), NaN for this figure's own
     */
    static Sheet sheet(Pooled p, String title, List<String> notes, double yMax) {
        double top = 1.05 * (Double.isFinite(yMax) && yMax > 0 ? yMax : p.peak());
        List<Double> epochs = new ArrayList<>(p.commonEpochs());
        List<Double> shown = shownEpochs(epochs, HISTOGRAM_EPOCHS);
        double logMin = p.logMin();
        List<Chart> panels = new ArrayList<>();
        // one group (one run): the figure's title names it, so the panels need not repeat it
        boolean one = p.groups().size() == 1;
        for (Map.Entry<String, TreeMap<Double, Map<String, Dist>>> g : p.groups().entrySet()) {
            String prefix = one ? "" : g.getKey() + ", ";
            for (double epoch : shown) {
                panels.add(histogram(prefix + "epoch " + epochLabel(epoch), p, g.getValue().getOrDefault(epoch, Map.of()), top));
            }
            panels.add(percentiles(one ? "percentiles per epoch" : g.getKey() + ": percentiles", g.getValue(), epochs, logMin));
        }
        List<String> all = new ArrayList<>(notes);
        if (p.epochs().size() > epochs.size() && !epochs.isEmpty()) {
            all.add("Shown up to epoch " + epochLabel(epochs.get(epochs.size() - 1)) + ", the last every run validated: some seeds' "
                    + "splits give shorter epochs and one more validation in the same steps, left out so every epoch pools the same runs.");
        }
        if (logMin < LOG_MIN) {
            all.add("Percentile axis extended to 1e" + Math.round(Math.log10(logMin)) + " (from 1e" + Math.round(Math.log10(LOG_MIN))
                    + "): a collapsed run's distances lie that low.");
        }
        if (shown.size() < epochs.size()) {
            all.add("Histograms at " + shown.size() + " of the " + epochs.size() + " validations (epochs "
                    + String.join(", ", shown.stream().map(DistanceFigures::epochLabel).toList())
                    + ", spaced geometrically: the distributions move fastest early); the percentile panel shows every validation.");
        }
        all.add("Histograms: density of pairs, bins " + number(p.binWidth()) + " wide, one y scale for every panel"
                + " (a taller spike is cut off, its height noted). Last panel of a row: 5th–95th (thin) and 25th–75th (thick) percentile, | median, log scale.");
        List<Sheet.Entry> legend = List.of(Sheet.Entry.line("d(A,P): same person", AP, null, 2f),
                Sheet.Entry.line("d(A,N): different people", AN, null, 2f));
        // one row per group; a single group (one run) with many validations wraps instead of growing one long row
        int columns = p.groups().size() == 1 ? Math.min(shown.size() + 1, MAX_COLUMNS) : shown.size() + 1;
        return new Sheet(title, all, panels, columns, 300, 210).legend(legend);
    }

    /**
     * At most {@code max} of the epochs, first and last always: indices round((n)^(k/(max−1)) − 1) for k = 0 … max−1 of
     * the n validations, geometric because the distributions change most in the first epochs (22 epochs, max 5:
     * 0, 1, 4, 10, 22). All of them when there are no more than {@code max}.
     */
    static List<Double> shownEpochs(List<Double> epochs, int max) {
        int n = epochs.size();
        if (n <= max) {
            return epochs;
        }
        java.util.TreeSet<Integer> idx = new java.util.TreeSet<>();
        for (int k = 0; k < max; k++) {
            idx.add((int) Math.min(n - 1, Math.round(Math.pow(n, k / (double) (max - 1)) - 1)));
        }
        return idx.stream().map(epochs::get).toList();
    }

    /** One histogram panel on the full bin range and the shared y scale. */
    private static Chart histogram(String title, Pooled p, Map<String, Dist> byPairs, double top) {
        Map<String, double[]> named = new LinkedHashMap<>();
        Map<String, Color> colours = Map.of("d(A,P)", AP, "d(A,N)", AN);
        double peak = 0;
        for (String pairs : List.of("ap", "an")) {
            Dist d = byPairs.get(pairs);
            if (d != null) {
                named.put(pairs.equals("ap") ? "d(A,P)" : "d(A,N)", d.counts());
                peak = Math.max(peak, d.peak(p.binWidth()));
            }
        }
        double[] s = p.binStarts();
        Chart c = Histograms.panel(title, s, named, colours).xRange(s[0], s[s.length - 1] + p.binWidth()).yRange(0, top);
        if (peak > top) {
            c.note(String.format(java.util.Locale.ROOT, "peak %.1f, off scale", peak));
        }
        return c;
    }

    /** Percentile bands of both distributions per epoch, epochs as rows (d(A,P) just above d(A,N)), log x. */
    private static Chart percentiles(String title, TreeMap<Double, Map<String, Dist>> byEpoch, List<Double> epochs, double logMin) {
        Chart c = new Chart(title).xLabel(X_LABEL + ", log").yLabel("epoch").logX(true).xRange(logMin, LOG_MAX)
                .yRange(epochs.get(0) - 0.6, epochs.get(epochs.size() - 1) + 0.6);
        // bands thin out as epochs multiply, so d(A,P) and d(A,N) of one epoch never overlap (≈ 150 px of plot height)
        double thick = Math.max(2, Math.min(7, 0.3 * 150 / (epochs.size() + 0.2)));
        for (double epoch : epochs) {
            Map<String, Dist> byPairs = byEpoch.getOrDefault(epoch, Map.of());
            band(c, byPairs.get("ap"), epoch + 0.2, AP, thick);
            band(c, byPairs.get("an"), epoch - 0.2, AN, thick);
        }
        c.integerY(true);
        return c;
    }

    private static void band(Chart c, Dist d, double y, Color colour, double thick) {
        if (d == null) {
            return;
        }
        double[] q = d.percentiles();
        if (Double.isFinite(q[0]) && Double.isFinite(q[4])) {
            c.band(new Chart.Band(q[0], q[4], y, Math.max(1.5, thick / 3.5), colour));
        }
        if (Double.isFinite(q[1]) && Double.isFinite(q[3])) {
            c.band(new Chart.Band(q[1], q[3], y, thick, colour));
        }
        if (Double.isFinite(q[2])) {
            // the median as a black tick across the thick band (a dot in the band's own colour would vanish in it)
            c.band(new Chart.Band(q[2], q[2], y, thick * 1.6, Color.BLACK));
        }
    }

    /** 0.1 → "0.1", 4.0 → "4": a number as a reader writes it. */
    static String number(double v) {
        return java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    static String epochLabel(double e) {
        return e == Math.rint(e) ? String.valueOf((long) e) : String.valueOf(e);
    }
}
