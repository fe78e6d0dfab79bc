package org.tripletlab.mining;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tripletlab.distance.DistanceMatrix;

/**
 * Random batches and brute-force oracles for the miner tests. The oracles are deliberately naive
 * (triple loops over every index, lists, sorting) so they share no code or tricks with the miners.
 */
public final class MiningFixtures {
    private MiningFixtures() {
    }

    /** A batch: labels, distances and (for geometric batches) the embeddings. */
    static final class Batch {
        final int[] labels;
        final DistanceMatrix d;
        final String description;

        Batch(int[] labels, DistanceMatrix d, String description) {
            this.labels = labels;
            this.d = d;
            this.description = description;
        }

        int n() {
            return labels.length;
        }

        float d(int i, int j) {
            return d.values()[i * labels.length + j];
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** B in 6..16, 2–5 identities (random assignment, so singletons happen), unit vectors in 2–8 dims. */
    static Batch geometric(Random r) {
        int n = 6 + r.nextInt(11);
        int dim = 2 + r.nextInt(7);
        int[] labels = randomLabels(r, n, 2 + r.nextInt(4));
        float[] e = unitEmbeddings(r, n, dim);
        boolean duplicates = r.nextInt(3) == 0;
        if (duplicates) {
            // Copying embeddings onto other rows creates bitwise-equal distances: deliberate ties.
            for (int c = 0; c < 3; c++) {
                int src = r.nextInt(n);
                int dst = r.nextInt(n);
                System.arraycopy(e, src * dim, e, dst * dim, dim);
            }
        }
        return new Batch(labels, DistanceMatrix.fromEmbeddings(e, n, dim),
                "geometric n=" + n + " dim=" + dim + (duplicates ? " with duplicates" : ""));
    }

    /** A symmetric D with entries in {1,2,3,4} (zero diagonal): ties everywhere. */
    static Batch tied(Random r) {
        int n = 6 + r.nextInt(11);
        int[] labels = randomLabels(r, n, 2 + r.nextInt(4));
        float[] v = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                float x = 1 + r.nextInt(4);
                v[i * n + j] = x;
                v[j * n + i] = x;
            }
        }
        return new Batch(labels, new DistanceMatrix(v, n), "tied n=" + n);
    }

    /** Mix of both kinds, reproducible from the seed. */
    static List<Batch> manyBatches(long seed, int count) {
        Random r = new Random(seed);
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(i % 3 == 2 ? tied(r) : geometric(r));
        }
        out.addAll(degenerate(r));
        return out;
    }

    /** Batches with no valid triplet or almost none. */
    static List<Batch> degenerate(Random r) {
        List<Batch> out = new ArrayList<>();
        out.add(new Batch(new int[0], new DistanceMatrix(new float[0], 0), "empty batch"));
        out.add(geometricWithLabels(r, new int[] {7}, "single element"));
        out.add(geometricWithLabels(r, new int[] {3, 3, 3, 3, 3, 3}, "one identity"));
        out.add(geometricWithLabels(r, new int[] {0, 1, 2, 3, 4, 5}, "all singletons"));
        out.add(geometricWithLabels(r, new int[] {5, 9, 5, 2}, "one pair among singletons"));
        out.add(geometricWithLabels(r, new int[] {-4, Integer.MIN_VALUE, -4, Integer.MAX_VALUE, Integer.MIN_VALUE},
                "extreme label values"));
        return out;
    }

    static Batch geometricWithLabels(Random r, int[] labels, String description) {
        int dim = 3;
        float[] e = unitEmbeddings(r, labels.length, dim);
        return new Batch(labels, DistanceMatrix.fromEmbeddings(e, labels.length, dim), description);
    }

    static int[] randomLabels(Random r, int n, int identities) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            // Arbitrary, partly negative label values: miners must not assume 0..G-1.
            labels[i] = 1000 - 37 * r.nextInt(identities);
        }
        return labels;
    }

    /** n random unit vectors (normalised Gaussians) in dim dimensions, row-major. */
    public static float[] unitEmbeddings(Random r, int n, int dim) {
        float[] e = new float[n * dim];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            double[] x = new double[dim];
            for (int k = 0; k < dim; k++) {
                x[k] = r.nextGaussian();
                norm += x[k] * x[k];
            }
            norm = Math.sqrt(norm);
            for (int k = 0; k < dim; k++) {
                e[i * dim + k] = (float) (x[k] / norm);
            }
        }
        return e;
    }

    /** Every valid triplet, a then p then n ascending, by the definition and nothing else. */
    static List<int[]> allValidTriplets(int[] labels) {
        List<int[]> out = new ArrayList<>();
        int n = labels.length;
        for (int a = 0; a < n; a++) {
            for (int p = 0; p < n; p++) {
                for (int q = 0; q < n; q++) {
                    if (labels[a] == labels[p] && a != p && labels[q] != labels[a]) {
                        out.add(new int[] {a, p, q});
                    }
                }
            }
        }
        return out;
    }

    /** Ordered anchor–positive pairs, a then p ascending. */
    static List<int[]> orderedPairs(int[] labels) {
        List<int[]> out = new ArrayList<>();
        for (int a = 0; a < labels.length; a++) {
            for (int p = 0; p < labels.length; p++) {
                if (a != p && labels[a] == labels[p]) {
                    out.add(new int[] {a, p});
                }
            }
        }
        return out;
    }

    /** Negatives of anchor a, ascending. */
    static List<Integer> negativesOf(int[] labels, int a) {
        List<Integer> out = new ArrayList<>();
        for (int q = 0; q < labels.length; q++) {
            if (labels[q] != labels[a]) {
                out.add(q);
            }
        }
        return out;
    }

    static List<int[]> asList(Triplets t) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            out.add(new int[] {t.anchor(i), t.positive(i), t.negative(i)});
        }
        return out;
    }

    static String show(List<int[]> triplets) {
        StringBuilder sb = new StringBuilder();
        for (int[] t : triplets) {
            sb.append(java.util.Arrays.toString(t));
        }
        return sb.toString();
    }
}
