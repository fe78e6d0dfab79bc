package org.tripletlab.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mean, sample standard deviation and standard error of the mean of a few values (folds, draws).
 * The standard error is {@code std / sqrt(n)} with the sample (n − 1) standard deviation — what
 * FaceNet reports as "± s.e." for LFW. NaN values (e.g. a fold without same pairs) are left out and
 * {@link #n} counts only the values used.
 *
 * @param mean arithmetic mean (NaN when no values)
 * @param std sample standard deviation (NaN when fewer than 2 values)
 * @param standardError {@code std / sqrt(n)} (NaN when fewer than 2 values)
 * @param n number of values used
 */
public record MeanSe(double mean, double std, double standardError, int n) {

    public static MeanSe of(double[] values) {
        int n = 0;
        double sum = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        if (n == 0) {
            return new MeanSe(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double mean = sum / n;
        if (n < 2) {
            return new MeanSe(mean, Double.NaN, Double.NaN, n);
        }
        double ss = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                ss += (v - mean) * (v - mean);
            }
        }
        double std = Math.sqrt(ss / (n - 1));
        return new MeanSe(mean, std, std / Math.sqrt(n), n);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", mean);
        m.put("std", std);
        m.put("se", standardError);
        m.put("n", n);
        return m;
    }

    /** "0.9863 ± 0.0041" (mean ± standard error). */
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.4f ± %.4f", mean, standardError);
    }
}
