package org.tripletlab.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClusteringTest {
    private static final double EPS = 1e-12;

    @Test
    void identicalAndPermutedLabelingsScoreOne() {
        int[] a = {0, 0, 1, 1, 2, 2, 2};
        int[] renamed = {5, 5, 9, 9, 1, 1, 1};
        assertEquals(1.0, Clustering.nmi(a, a), EPS);
        assertEquals(1.0, Clustering.nmi(a, renamed), EPS);
        assertEquals(1.0, Clustering.ami(a, renamed), 1e-9);
    }

    @Test
    void independentLabelingsScoreAboutZero() {
        Random rnd = new Random(1);
        int n = 20000;
        int[] a = new int[n];
        int[] b = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextInt(5);
            b[i] = rnd.nextInt(5);
        }
        assertTrue(Clustering.nmi(a, b) < 0.002, "nmi " + Clustering.nmi(a, b));
        assertTrue(Math.abs(Clustering.ami(a, b)) < 0.002, "ami " + Clustering.ami(a, b));
    }

    @Test
    void smallCaseByHand() {
        // U = [0,0,1,1], V = [0,0,0,1], N = 4. Table: (0,0)=2, (1,0)=1, (1,1)=1; a = (2,2), b = (3,1).
        // MI = 2/4 ln(4·2/(2·3)) + 1/4 ln(4·1/(2·3)) + 1/4 ln(4·1/(2·1)) = ½ ln(4/3) + ¼ ln(2/3) + ¼ ln 2
        //    ≈ 0.215762.  H(U) = ln 2 ≈ 0.693147,  H(V) = −(¾ ln ¾ + ¼ ln ¼) ≈ 0.562335.
        // NMI = MI / ((H(U) + H(V))/2) ≈ 0.343712.
        int[] u = {0, 0, 1, 1};
        int[] v = {0, 0, 0, 1};
        double mi = 0.5 * Math.log(4 / 3.0) + 0.25 * Math.log(2 / 3.0) + 0.25 * Math.log(2);
        double hu = Math.log(2);
        double hv = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
        assertEquals(mi, Clustering.mutualInformation(u, v), EPS);
        assertEquals(mi / ((hu + hv) / 2), Clustering.nmi(u, v), EPS);
        assertEquals(0.343712, Clustering.nmi(u, v), 1e-6);
        // E[MI]: a row of size 2 against the column of size 3 holds k = 1 or 2 of it, each with
        // probability C(3,k)·C(1,2−k)/C(4,2) = 3/6 → ½·¼ ln(2/3) + ½·½ ln(4/3); against the column
        // of size 1 it holds k = 1 with probability 3/6 → ½·¼ ln 2. Two rows:
        // E[MI] = ¼ ln(2/3) + ½ ln(4/3) + ¼ ln 2 = MI exactly, so AMI = 0.
        assertEquals(mi, Clustering.expectedMutualInformation(new int[] {2, 2}, new int[] {3, 1}, 4), EPS);
        assertEquals(0.0, Clustering.ami(u, v), 1e-9);
    }

    @Test
    void expectedMutualInformationIsTheAverageOverAllPermutations() {
        int[] u = {0, 0, 0, 1, 1, 2};
        int[] v = {0, 1, 1, 2, 2, 2};
        double[] sum = {0};
        int[] count = {0};
        permute(v.clone(), 0, p -> {
            sum[0] += Clustering.mutualInformation(u, p);
            count[0]++;
        });
        assertEquals(720, count[0]);
        double emi = Clustering.expectedMutualInformation(new int[] {3, 2, 1}, new int[] {1, 2, 3}, 6);
        assertEquals(sum[0] / count[0], emi, 1e-12);
    }

    private static void permute(int[] a, int k, java.util.function.Consumer<int[]> f) {
        if (k == a.length) {
            f.accept(a);
            return;
        }
        for (int i = k; i < a.length; i++) {
            int t = a[k];
            a[k] = a[i];
            a[i] = t;
            permute(a, k + 1, f);
            a[i] = a[k];
            a[k] = t;
        }
    }

    @Test
    void kMeansRecoversSeparatedIdentities() {
        // 4 identities × 5 images in 8-D: identity c near 3·e_c, noise 0.05.
        Random rnd = new Random(2);
        int n = 20;
        int dim = 8;
        float[] e = new float[n * dim];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = 10 + i % 4;
            for (int j = 0; j < dim; j++) {
                e[i * dim + j] = (float) ((j == i % 4 ? 3 : 0) + 0.05 * rnd.nextGaussian());
            }
        }
        Clustering.Result r = Clustering.evaluate(e, n, dim, labels, 42L);
        assertEquals(4, r.k());
        assertEquals(1.0, r.nmi(), 1e-9);
        assertEquals(1.0, r.ami(), 1e-9);
        assertArrayEquals(Clustering.kMeans(e, n, dim, 4, 100, 42L), Clustering.kMeans(e, n, dim, 4, 100, 42L));
    }
}
