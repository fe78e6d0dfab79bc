package org.tripletlab.mining;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tripletlab.config.Config;
import org.tripletlab.component.ConfigException;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.distance.DistanceMatrix;

/**
 * Distance-weighted sampling against a brute-force oracle: the exact probability of every negative is
 * computed here from the paper's formula in plain doubles (no logs, the normaliser by numerical
 * integration), and the miner's empirical frequencies over many seeded draws must pass a chi-square test.
 */
class MinerDistanceWeightedTest {
    /** Chi-square critical values at p = 0.001 (upper tail) for the degrees of freedom used here. */
    private static final double CHI2_999_DF40 = 73.402;
    private static final double CHI2_999_DF4 = 18.467;

    /** ∫₀² d^(n−2) (1 − d²/4)^((n−3)/2) dd by composite Simpson, for the oracle (shares nothing with the miner's Γ formula). */
    static double normaliserBySimpson(int n, int intervals) {
        double h = 2.0 / intervals;
        double s = 0;
        for (int i = 0; i <= intervals; i++) {
            double d = i * h;
            double f = Math.pow(d, n - 2) * Math.pow(Math.max(0, 1 - d * d / 4), (n - 3) / 2.0);
            s += f * (i == 0 || i == intervals ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return s * h / 3;
    }

    /** The oracle: Pr(negative j | anchor a) for every batch index j (0 for non-negatives), straight from the definition. */
    static double[] oracle(DistanceMatrix dm, int[] labels, int a, int dim, double cutoff, Double cap, Double nonzero) {
        int n = labels.length;
        double z = normaliserBySimpson(dim, 200_000);
        double[] w = new double[n];
        double total = 0;
        for (int j = 0; j < n; j++) {
            if (labels[j] == labels[a]) {
                continue;
            }
            double d = Math.sqrt(dm.get(a, j)); // D holds squared distances
            if (nonzero != null && d >= nonzero) {
                continue;
            }
            d = Math.max(d, cutoff);
            double q = Math.pow(d, dim - 2) * Math.pow(1 - d * d / 4, (dim - 3) / 2.0) / z;
            w[j] = cap == null ? 1 / q : Math.min(cap, 1 / q);
            total += w[j];
        }
        for (int j = 0; j < n; j++) {
            w[j] /= total;
        }
        return w;
    }

    static float[] unitVectors(Random r, int n, int dim) {
        float[] e = new float[n * dim];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int k = 0; k < dim; k++) {
                double x = r.nextGaussian();
                e[i * dim + k] = (float) x;
                norm += x * x;
            }
            for (int k = 0; k < dim; k++) {
                e[i * dim + k] /= (float) Math.sqrt(norm);
            }
        }
        return e;
    }

    /** Counts[a][j]: how often negative j was drawn for anchor a over {@code rounds} mines (one positive per anchor here). */
    static long[][] counts(TripletMiner m, DistanceMatrix dm, int[] labels, int rounds, long seed) {
        int n = labels.length;
        long[][] c = new long[n][n];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int r = 0; r < rounds; r++) {
            Triplets t = m.mine(dm, labels, rng);
            for (int k = 0; k < t.size(); k++) {
                assertEquals(labels[t.anchor(k)], labels[t.positive(k)]);
                assertNotEquals(labels[t.anchor(k)], labels[t.negative(k)]);
                c[t.anchor(k)][t.negative(k)]++;
            }
        }
        return c;
    }

    /** Σ over anchors and their negatives of (observed − expected)² / expected. */
    static double chiSquare(long[][] counts, double[][] p, int[] labels) {
        double chi = 0;
        for (int a = 0; a < labels.length; a++) {
            long rows = 0;
            for (long x : counts[a]) {
                rows += x;
            }
            for (int j = 0; j < labels.length; j++) {
                if (labels[j] != labels[a]) {
                    double expected = rows * p[a][j];
                    assertTrue(expected >= 5, "chi-square needs expected counts ≥ 5, got " + expected);
                    chi += (counts[a][j] - expected) * (counts[a][j] - expected) / expected;
                }
            }
        }
        return chi;
    }

    @Test
    void normaliserMatchesNumericalIntegration() {
        // Z(n) = 2^(n−2) Γ((n−1)/2)² / Γ(n−1): π for n = 2 (a singular integrand, so exact only), 4/3 for n = 5.
        assertEquals(Math.log(Math.PI), DistanceWeightedMiner.logNormaliser(2), 1e-12);
        assertEquals(Math.log(4.0 / 3), DistanceWeightedMiner.logNormaliser(5), 1e-12);
        for (int n = 3; n <= 40; n++) {
            double simpson = normaliserBySimpson(n, 400_000);
            assertEquals(Math.log(simpson), DistanceWeightedMiner.logNormaliser(n), 1e-5, "n = " + n);
        }
        assertTrue(Double.isFinite(DistanceWeightedMiner.logNormaliser(4096)));
    }

    /**
     * 8 random unit vectors in 5 dimensions, 4 identities × 2: each anchor has one positive and 6 negatives.
     * 20 000 seeded mines give 20 000 draws per anchor; the chi-square over 8 anchors × 6 negatives
     * (40 degrees of freedom) must stay below its 0.999 quantile 73.4, and the same counts must be far from
     * uniform (so the test can tell the weighting from plain random negatives).
     */
    @Test
    void samplingDistributionMatchesBruteForceOracle() {
        int dim = 5;
        int[] labels = {0, 0, 1, 1, 2, 2, 3, 3};
        DistanceMatrix dm = DistanceMatrix.fromEmbeddings(unitVectors(new Random(7), labels.length, dim), labels.length, dim);
        for (Double cap : new Double[] {null, 3.0}) {
            DistanceWeightedMiner miner = new DistanceWeightedMiner(dim, 0.5, cap, null);
            double[][] p = new double[labels.length][];
            double[][] uniform = new double[labels.length][labels.length];
            for (int a = 0; a < labels.length; a++) {
                p[a] = oracle(dm, labels, a, dim, 0.5, cap, null);
                for (int j = 0; j < labels.length; j++) {
                    uniform[a][j] = labels[j] == labels[a] ? 0 : 1.0 / 6;
                }
            }
            long[][] c = counts(miner, dm, labels, 20_000, 2017);
            double chi = chiSquare(c, p, labels);
            double chiUniform = chiSquare(c, uniform, labels);
            System.out.printf("distance-weighted, cap %s: chi-square %.2f vs oracle (df 40, 0.999 quantile %.1f), %.0f vs uniform%n",
                    cap, chi, CHI2_999_DF40, chiUniform);
            assertTrue(chi < CHI2_999_DF40, "cap " + cap + ": chi-square " + chi + " against the oracle");
            assertTrue(chiUniform > 10 * CHI2_999_DF40, "cap " + cap + ": draws indistinguishable from uniform, " + chiUniform);
        }
    }

    @Test
    void capAndNonzeroLossCutoffFollowTheOracle() {
        int dim = 5;
        int[] labels = {0, 0, 1, 1, 2, 2, 3, 3};
        DistanceMatrix dm = DistanceMatrix.fromEmbeddings(unitVectors(new Random(7), labels.length, dim), labels.length, dim);
        DistanceWeightedMiner miner = new DistanceWeightedMiner(dim, 0.5, 2.0, 1.6);
        long[][] c = counts(miner, dm, labels, 5_000, 99);
        for (int a = 0; a < labels.length; a++) {
            double[] p = oracle(dm, labels, a, dim, 0.5, 2.0, 1.6);
            for (int j = 0; j < labels.length; j++) {
                if (p[j] == 0) {
                    assertEquals(0, c[a][j], "anchor " + a + ": negative " + j + " is beyond the nonzero-loss cutoff");
                } else {
                    assertEquals(p[j], c[a][j] / 5000.0, 0.03, "anchor " + a + ", negative " + j);
                }
            }
        }
    }

    @Test
    void allNegativesWithinTheCutoffAreDrawnUniformly() {
        // Every negative closer than the cutoff has the same weight 1/q(c): a uniform draw among them.
        int[] labels = {0, 0, 1, 1, 1, 2, 2};
        int n = labels.length;
        float[] v = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                v[i * n + j] = i == j ? 0f : 0.01f * (1 + (i * 7 + j * 3) % 5); // all < 0.5² = 0.25
            }
        }
        DistanceMatrix dm = new DistanceMatrix(v, n);
        DistanceWeightedMiner miner = new DistanceWeightedMiner(128, 0.5, null, null);
        long[][] c = counts(miner, dm, labels, 6_000, 5);
        // anchor 0: one positive, negatives 2..6 (five): chi-square vs uniform, 4 degrees of freedom
        double chi = 0;
        for (int j = 2; j < n; j++) {
            chi += (c[0][j] - 1200.0) * (c[0][j] - 1200.0) / 1200.0;
        }
        assertTrue(chi < CHI2_999_DF4, "uniform within the cutoff: chi-square " + chi);
        assertEquals(miner.logWeight(0.0), miner.logWeight(0.24), 0.0);
    }

    @Test
    void noNegativesSingletonsAndFallback() {
        DistanceWeightedMiner miner = new DistanceWeightedMiner(16, 0.5, null, null);
        float[] v = new float[16];
        java.util.Arrays.fill(v, 1f);
        // One identity: 4·3 ordered pairs, none has a negative.
        Triplets one = miner.mine(new DistanceMatrix(v.clone(), 4), new int[] {3, 3, 3, 3}, new SplittableRandom(1));
        assertTrue(one.isEmpty());
        assertEquals(12, one.skipped());
        // Singletons only: no pair at all.
        Triplets singles = miner.mine(new DistanceMatrix(v.clone(), 4), new int[] {0, 1, 2, 3}, new SplittableRandom(1));
        assertTrue(singles.isEmpty());
        assertEquals(0, singles.skipped());
        // Every negative beyond the nonzero-loss cutoff: uniform fallback, counted.
        DistanceWeightedMiner cut = new DistanceWeightedMiner(16, 0.5, null, 0.8); // 0.8² = 0.64 < D = 1
        Triplets fb = cut.mine(new DistanceMatrix(v.clone(), 4), new int[] {0, 0, 1, 1}, new SplittableRandom(1));
        assertEquals(4, fb.size());
        assertEquals(4, fb.fallbacks());
    }

    @Test
    void antipodalAndRoundedUpDistancesStayFinite() {
        DistanceWeightedMiner miner = new DistanceWeightedMiner(128, 0.5, null, null);
        for (float d2 : new float[] {0f, 0.25f, 2f, 3.99f, 4f, 4.0001f, 5f}) {
            double lw = miner.logWeight(d2);
            assertFalse(Double.isNaN(lw) || Double.isInfinite(lw), d2 + " → " + lw);
        }
        // Far and near negatives weigh more than ones at the mode √2 of the density.
        assertTrue(miner.logWeight(0.3) > miner.logWeight(2.0));
        assertTrue(miner.logWeight(3.0) > miner.logWeight(2.0));
        DistanceWeightedMiner capped = new DistanceWeightedMiner(128, 0.5, 10.0, null);
        assertEquals(Math.log(10.0), capped.logWeight(0.3), 1e-12);
    }

    @Test
    void sameSeedSameTriplets() {
        int[] labels = {0, 0, 0, 1, 1, 2, 2, 2, 3, 3};
        DistanceMatrix dm = DistanceMatrix.fromEmbeddings(unitVectors(new Random(3), labels.length, 32), labels.length, 32);
        DistanceWeightedMiner miner = new DistanceWeightedMiner(32, 0.5, null, null);
        Triplets a = miner.mine(dm, labels, new SplittableRandom(8));
        Triplets b = miner.mine(dm, labels, new SplittableRandom(8));
        assertEquals(3 * 2 * 2 + 2 * 2, a.size());
        assertArrayEquals(a.anchorNegativeFlat(10), b.anchorNegativeFlat(10));
        assertArrayEquals(a.anchorPositiveFlat(10), b.anchorPositiveFlat(10));
    }

    @Test
    void builtFromConfigWithItsKeysLeftOutOfConfigYamlAtDefaults() {
        Config c = Config.parse("", "t", List.of("miner.strategy=distance-weighted", "encoder.embedding=64"));
        DistanceWeightedMiner m = assertInstanceOf(DistanceWeightedMiner.class, Miners.create(c));
        assertEquals(64, m.dimension());
        assertEquals(0.5, m.cutoff());
        assertEquals(null, m.weightCap());
        assertFalse(c.toYaml().contains("cutoff") || c.toYaml().contains("weight_cap"), c.toYaml());
        Config set = c.with(List.of("miner.cutoff=0.6", "miner.weight_cap=5", "miner.nonzero_loss_cutoff=1.4"));
        DistanceWeightedMiner s = (DistanceWeightedMiner) Miners.create(set);
        assertEquals(0.6, s.cutoff());
        assertEquals(5.0, s.weightCap());
        assertEquals(1.4, s.nonzeroLossCutoff());
        assertTrue(set.toYaml().contains("cutoff: 0.6"), set.toYaml());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ExperimentConfig.from(c.with(List.of("miner.nonzero_loss_cutoff=0.5"))));
        assertTrue(e.getMessage().contains("miner.cutoff"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DistanceWeightedMiner(1, 0.5, null, null));
    }
}
