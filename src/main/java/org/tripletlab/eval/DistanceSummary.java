package org.tripletlab.eval;

import java.util.Arrays;

/**
 * Histogram over fixed bins and percentiles of a set of squared distances. Squared distances of
 * unit vectors lie in [0, 4], so fixed bins over that range make histograms comparable across
 * epochs and runs.
 *
 * @param counts count per bin; bin b covers [4b/bins, 4(b+1)/bins), the last bin includes 4
 * @param percentiles the 5th, 25th, 50th, 75th and 95th percentiles (linear interpolation)
 * @param mean arithmetic mean
 */
public record DistanceSummary(long[] counts, double[] percentiles, double mean, int n) {
    public static final double RANGE = 4.0;
    public static final double[] LEVELS = {5, 25, 50, 75, 95};

    public static DistanceSummary of(float[] values, int bins) {
        long[] counts = new long[bins];
        double sum = 0;
        for (float v : values) {
            int b = (int) Math.floor(v / RANGE * bins);
            counts[Math.max(0, Math.min(bins - 1, b))]++;
            sum += v;
        }
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] pct = new double[LEVELS.length];
        for (int i = 0; i < LEVELS.length; i++) {
            pct[i] = percentile(sorted, LEVELS[i]);
        }
        return new DistanceSummary(counts, pct, values.length == 0 ? Double.NaN : sum / values.length, values.length);
    }

    /** Percentile of sorted values with linear interpolation between closest ranks (NumPy's default). */
    public static double percentile(float[] sorted, double level) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = level / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        double f = pos - lo;
        return sorted[lo] + f * (sorted[hi] - sorted[lo]);
    }
}
