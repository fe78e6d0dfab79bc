package org.tripletlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tripletlab.eval.MeanSe;

/**
 * The paired t-test against the closed forms of Student's t distribution: with 1 degree of freedom
 * F(t) = 1/2 + atan(t)/π, with 2 degrees of freedom F(t) = 1/2 + t / (2√(2 + t²)).
 */
class PairedTestTest {
    @Test
    void twoSeedsUseTheCauchyDistribution() {
        // Differences 1 and 3: mean 2, s = √2, s.e. = 1, t = 2 → p = 1 − 2·atan(2)/π.
        MeanSe d = MeanSe.of(new double[] {1, 3});
        assertEquals(1 - 2 * Math.atan(2) / Math.PI, PairedTest.pValue(d), 1e-9);
        assertFalse(PairedTest.significant(d), "p = 0.295");
    }

    @Test
    void threeSeedsUseTwoDegreesOfFreedom() {
        // Differences 1, 2, 3: mean 2, s = 1, s.e. = 1/√3, t = 2√3 → p = 1 − t/√(2 + t²) = 1 − √12/√14 = 0.0742.
        MeanSe d = MeanSe.of(new double[] {1, 2, 3});
        double t = 2 * Math.sqrt(3);
        assertEquals(1 - t / Math.sqrt(2 + t * t), PairedTest.pValue(d), 1e-9);
        assertFalse(PairedTest.significant(d), "p = 0.074 is not below 0.05");
        // The sign does not matter: the test is two-sided.
        assertEquals(PairedTest.pValue(d), PairedTest.pValue(MeanSe.of(new double[] {-1, -2, -3})), 1e-12);
    }

    @Test
    void theMarkNeedsMoreThanFourPointThreeStandardErrorsWithThreeSeeds() {
        // t_{0.975, 2} = 4.303: t = 4.5 is marked, t = 4.1 is not. Differences m − 1, m, m + 1 have s.e. 1/√3.
        double se = 1 / Math.sqrt(3);
        assertTrue(PairedTest.significant(MeanSe.of(new double[] {4.5 * se - 1, 4.5 * se, 4.5 * se + 1})));
        assertFalse(PairedTest.significant(MeanSe.of(new double[] {4.1 * se - 1, 4.1 * se, 4.1 * se + 1})));
    }

    @Test
    void degenerateCases() {
        assertTrue(Double.isNaN(PairedTest.pValue(MeanSe.of(new double[] {5}))), "one seed: no test");
        assertFalse(PairedTest.significant(MeanSe.of(new double[] {5})));
        assertTrue(Double.isNaN(PairedTest.pValue(MeanSe.of(new double[0]))));
        assertEquals(0, PairedTest.pValue(MeanSe.of(new double[] {0.5, 0.5, 0.5})), "equal, non-zero differences");
        assertEquals(1, PairedTest.pValue(MeanSe.of(new double[] {0, 0, 0})), "no difference at all");
    }
}
