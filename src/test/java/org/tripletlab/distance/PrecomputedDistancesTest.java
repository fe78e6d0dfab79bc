package org.tripletlab.distance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SquaredDistances#precompute} combines the engine's norms and Gram matrix element by element in Java; every
 * committed identification number was computed with the whole expression on tensors ({@link PairwiseDistances#squared},
 * diagonal set to 0). Both must give the same bits.
 */
class PrecomputedDistancesTest {
    private static float[] tensorExpression(float[] e, int n, int dim) {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] v = PairwiseDistances.toDistanceMatrix(PairwiseDistances.squared(m.create(e, new Shape(n, dim)))).values();
            for (int i = 0; i < n; i++) {
                v[i * n + i] = 0f;
            }
            return v;
        }
    }

    @Test
    void sameBitsAsTheTensorExpression() {
        SplittableRandom r = new SplittableRandom(5);
        for (int[] s : new int[][] {{300, 128}, {97, 64}, {40, 4096}, {3, 1}}) {
            int n = s[0];
            int dim = s[1];
            float[] e = SquaredDistancesTest.embeddings(r, n, dim);
            System.arraycopy(e, 0, e, dim, dim); // a duplicate: its distance to its twin is clamped or 0
            float[] expected = tensorExpression(e, n, dim);
            SquaredDistances got = SquaredDistances.precompute(e, n, dim);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(Float.floatToIntBits(expected[i * n + j]), Float.floatToIntBits(got.at(i, j)),
                            n + "×" + dim + " at (" + i + ", " + j + "): " + expected[i * n + j] + " vs " + got.at(i, j));
                }
            }
        }
    }
}
