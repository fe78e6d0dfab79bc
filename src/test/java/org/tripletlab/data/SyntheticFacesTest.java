package org.tripletlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SyntheticFacesTest {
    private static final int IDS = 60;
    private static final int PER_ID = 8;
    private static final int SIZE = 64;

    @Test
    void sameArgumentsGiveIdenticalBytesAndSeedMatters() {
        SyntheticFaces a = new SyntheticFaces(7);
        SyntheticFaces b = new SyntheticFaces(7);
        for (int ch : new int[] {1, 3}) {
            assertArrayEquals(a.render(3, 5, 64, ch), a.render(3, 5, 64, ch));
            assertArrayEquals(a.render(3, 5, 64, ch), b.render(3, 5, 64, ch));
            assertArrayEquals(a.renderCanonical(3, 48, ch), b.renderCanonical(3, 48, ch));
            assertFalse(Arrays.equals(a.render(3, 5, 64, ch), new SyntheticFaces(8).render(3, 5, 64, ch)));
            assertFalse(Arrays.equals(a.renderCanonical(3, 64, ch), new SyntheticFaces(8).renderCanonical(3, 64, ch)));
        }
    }

    @Test
    void threadsGiveTheSameBytesAsSerialRendering() throws Exception {
        SyntheticFaces faces = new SyntheticFaces(11);
        int n = 48;
        byte[][] serial = new byte[n][];
        for (int i = 0; i < n; i++) {
            serial[i] = faces.render(i % 6, i / 6, 48, 3);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> futures = new ArrayList<>();
            // Reverse order so threads interleave differently from the serial pass.
            for (int i = n - 1; i >= 0; i--) {
                int k = i;
                futures.add(pool.submit(() -> faces.render(k % 6, k / 6, 48, 3)));
            }
            for (int i = 0; i < n; i++) {
                assertArrayEquals(serial[n - 1 - i], futures.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shapeLengthAndBroadValueRange() {
        SyntheticFaces faces = new SyntheticFaces(1);
        for (int size : new int[] {32, 48, 64, 96, 128}) {
            for (int ch : new int[] {1, 3}) {
                byte[] img = faces.render(2, 3, size, ch);
                assertEquals(size * size * ch, img.length);
                int min = 255, max = 0;
                boolean[] seen = new boolean[256];
                int distinct = 0;
                for (byte p : img) {
                    int u = p & 0xFF;
                    min = Math.min(min, u);
                    max = Math.max(max, u);
                    if (!seen[u]) {
                        seen[u] = true;
                        distinct++;
                    }
                }
                assertTrue(max - min > 120, "range " + min + ".." + max + " at " + size + "x" + ch);
                assertTrue(distinct > 60, "only " + distinct + " distinct values at " + size + "x" + ch);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> faces.render(0, 0, 64, 2));
        assertThrows(IllegalArgumentException.class, () -> faces.render(0, 0, 8, 1));
        assertThrows(IllegalArgumentException.class, () -> faces.render(0, 0, 64, 1, -0.5));
    }

    @Test
    void greyIsLuminanceOfTheRgbRender() {
        SyntheticFaces faces = new SyntheticFaces(5);
        byte[] rgb = faces.render(4, 9, 64, 3);
        byte[] grey = faces.render(4, 9, 64, 1);
        for (int i = 0; i < grey.length; i++) {
            double lum = 0.299 * (rgb[3 * i] & 0xFF) + 0.587 * (rgb[3 * i + 1] & 0xFF) + 0.114 * (rgb[3 * i + 2] & 0xFF);
            assertTrue(Math.abs(lum - (grey[i] & 0xFF)) <= 1.0, "pixel " + i);
        }
    }

    @Test
    void imagesOfOneIdentityVary() {
        SyntheticFaces faces = new SyntheticFaces(3);
        for (int id = 0; id < 5; id++) {
            byte[] a = faces.render(id, 0, 64, 1);
            byte[] b = faces.render(id, 1, 64, 1);
            assertTrue(meanAbsDiff(a, b) > 8.0, "identity " + id + " images nearly identical: " + meanAbsDiff(a, b));
        }
    }

    @Test
    void rawPixelsVerifyPoorly() {
        SyntheticFaces faces = new SyntheticFaces(2024);
        double[] r = verification(faces, IDS, 1.0, 0.0);
        System.out.printf("raw pixels, full variation: AUC %.3f, balanced accuracy %.3f%n", r[0], r[1]);
        // A generator without pose/lighting variation scores ~1.0 here (see the canonical test).
        assertTrue(r[0] < 0.80, "raw-pixel AUC too high: " + r[0]);
        assertTrue(r[0] > 0.5, "raw-pixel AUC at chance or below: " + r[0]);
    }

    @Test
    void identityInformationIsPresentWithoutNuisances() {
        SyntheticFaces faces = new SyntheticFaces(2024);
        byte[][] canon = new byte[20][];
        for (int i = 0; i < canon.length; i++) {
            canon[i] = faces.renderCanonical(i, SIZE, 1);
        }
        double minDiff = Double.MAX_VALUE;
        for (int i = 0; i < canon.length; i++) {
            for (int j = i + 1; j < canon.length; j++) {
                minDiff = Math.min(minDiff, meanAbsDiff(canon[i], canon[j]));
            }
        }
        System.out.printf("canonical faces: smallest mean |diff| between identities %.1f grey levels%n", minDiff);
        assertTrue(minDiff > 4.0, "two identities look almost the same: " + minDiff);

        double[] canonical = verification(faces, IDS, 0.0, 6.0);
        double[] mild = verification(faces, 30, 0.25, 0.0);
        System.out.printf("canonical + noise: AUC %.3f, balanced accuracy %.3f%n", canonical[0], canonical[1]);
        System.out.printf("variation 0.25:    AUC %.3f, balanced accuracy %.3f%n", mild[0], mild[1]);
        assertTrue(canonical[0] > 0.95, "canonical AUC " + canonical[0]);
    }

    @Test
    void renderingIsFast() {
        SyntheticFaces faces = new SyntheticFaces(9);
        long sink = 0;
        for (int i = 0; i < 150; i++) {
            sink += faces.render(i % 10, i, 64, 3)[0];
        }
        int n = 400;
        // Thread CPU time, not wall time: the build machine is shared, wall time measures the neighbours.
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            sink += faces.render(i % 50, i, 64, 3)[100];
        }
        double ms = (mx.getCurrentThreadCpuTime() - t0) / 1e6 / n;
        System.out.printf("render 64x64 RGB: %.3f ms/image CPU (sink %d)%n", ms, sink);
        // Generous bound (about 10x the measured cost): only catches an order-of-magnitude regression.
        assertTrue(ms < 10.0, "rendering too slow: " + ms + " ms");
    }

    // --- helpers ---------------------------------------------------------------------------------

    /**
     * Verification with raw grey pixels: squared L2 between mean-centred, unit-norm vectors over
     * all pairs of ids×PER_ID images. Returns {AUC, best balanced accuracy over one threshold}.
     * {@code extraNoise} (grey levels, sigma) is added by the test on top of the render.
     */
    private static double[] verification(SyntheticFaces faces, int ids, double variation, double extraNoise) {
        int n = ids * PER_ID;
        int dim = SIZE * SIZE;
        float[][] x = new float[n][];
        SplittableRandom noise = new SplittableRandom(99);
        for (int id = 0; id < ids; id++) {
            for (int k = 0; k < PER_ID; k++) {
                byte[] img = faces.render(id, k, SIZE, 1, variation);
                float[] f = new float[dim];
                double mean = 0;
                for (int p = 0; p < dim; p++) {
                    f[p] = (img[p] & 0xFF) + (float) (extraNoise * noise.nextGaussian());
                    mean += f[p];
                }
                mean /= dim;
                double norm = 0;
                for (int p = 0; p < dim; p++) {
                    f[p] -= (float) mean;
                    norm += f[p] * f[p];
                }
                float inv = (float) (1.0 / Math.sqrt(Math.max(norm, 1e-12)));
                for (int p = 0; p < dim; p++) {
                    f[p] *= inv;
                }
                x[id * PER_ID + k] = f;
            }
        }
        int pairs = n * (n - 1) / 2;
        double[] dist = new double[pairs];
        boolean[] same = new boolean[pairs];
        int m = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                float[] a = x[i], b = x[j];
                // Four partial sums break the dependency chain; float is plenty for unit vectors.
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int p = 0; p < dim; p += 4) {
                    s0 += a[p] * b[p];
                    s1 += a[p + 1] * b[p + 1];
                    s2 += a[p + 2] * b[p + 2];
                    s3 += a[p + 3] * b[p + 3];
                }
                dist[m] = 2 - 2 * ((double) s0 + s1 + s2 + s3);
                same[m] = i / PER_ID == j / PER_ID;
                m++;
            }
        }
        return aucAndAccuracy(dist, same);
    }

    /** AUC of "same" scoring lower distance (ties count half) and best balanced accuracy. */
    static double[] aucAndAccuracy(double[] dist, boolean[] same) {
        Integer[] order = new Integer[dist.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Double.compare(dist[p], dist[q]));
        long pos = 0, neg = 0;
        for (boolean s : same) {
            if (s) {
                pos++;
            } else {
                neg++;
            }
        }
        double auc = 0;
        double bestAcc = 0;
        long posBelow = 0, negBelow = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            long p = 0, q = 0;
            while (j < order.length && dist[order[j]] == dist[order[i]]) {
                if (same[order[j]]) {
                    p++;
                } else {
                    q++;
                }
                j++;
            }
            // Each negative in this tie group is beaten by all positives strictly below it and half the tied ones.
            auc += q * (posBelow + 0.5 * p);
            posBelow += p;
            negBelow += q;
            double acc = 0.5 * ((double) posBelow / pos + (double) (neg - negBelow) / neg);
            bestAcc = Math.max(bestAcc, acc);
            i = j;
        }
        return new double[] {auc / ((double) pos * neg), bestAcc};
    }

    private static double meanAbsDiff(byte[] a, byte[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
        }
        return s / a.length;
    }
}
