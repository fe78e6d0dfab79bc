package org.tripletlab.report;

import org.apache.commons.math3.distribution.TDistribution;
import org.tripletlab.eval.MeanSe;

/**
 * The paired t-test on per-seed differences: with the mean d̄ and standard error s/√n of n paired differences,
 * t = d̄ / (s/√n) has Student's t distribution with n − 1 degrees of freedom when the true difference is 0, and the
 * two-sided p-value is 2·(1 − F<sub>n−1</sub>(|t|)). A difference is called real at the 5 % level when p &lt; 0.05,
 * i.e. when its 95 % confidence interval d̄ ± t<sub>0.975, n−1</sub>·s/√n excludes 0 (t<sub>0.975, 2</sub> = 4.30 for
 * 3 seeds). No correction for the number of rows compared: that is said where the marks are shown.
 *
 * <p>The seeds are the replicates: the test asks whether a change of configuration moves the score by more than
 * retraining with another seed does, on the same test pairs. It says nothing about the test set's own sampling error.
 */
public final class PairedTest {
    /** The level below which {@link #significant} marks a difference. */
    public static final double LEVEL = 0.05;

    private PairedTest() {
    }

    /**
     * Two-sided p-value of the paired differences summarised in {@code d}; NaN with fewer than 2 differences. All
     * differences equal (s = 0) give 0 when they are not 0 and 1 when they are.
     */
    public static double pValue(MeanSe d) {
        if (d.n() < 2 || Double.isNaN(d.mean())) {
            return Double.NaN;
        }
        if (d.standardError() == 0) {
            return d.mean() == 0 ? 1 : 0;
        }
        double t = Math.abs(d.mean() / d.standardError());
        return 2 * (1 - new TDistribution(null, d.n() - 1).cumulativeProbability(t));
    }

    /** Whether the paired differences differ from 0 at the 5 % level (two-sided); false with fewer than 2. */
    public static boolean significant(MeanSe d) {
        double p = pValue(d);
        return !Double.isNaN(p) && p < LEVEL;
    }
}
