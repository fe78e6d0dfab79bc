package org.tripletlab.distance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The float[] side of the distance package: the on-demand path and {@link PairDistances} share one loop and so
 * agree bit for bit; the precomputed (tensor expansion) path agrees with the definition to float rounding.
 */
class SquaredDistancesTest {
    /** n random unit vectors of dimension dim, row-major (as embeddings are: many near-cancellations in distances). */
    static float[] embeddings(RandomGenerator r, int n, int dim) {
        float[] e = new float[n * dim];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int k = 0; k < dim; k++) {
                e[i * dim + k] = (float) r.nextGaussian();
                norm += e[i * dim + k] * e[i * dim + k];
            }
            for (int k = 0; k < dim; k++) {
                e[i * dim + k] /= (float) Math.sqrt(norm);
            }
        }
        return e;
    }

    @Test
    void onDemandPairsAndPrecomputedAgreeWithTheDefinition() {
        Random r = new Random(3);
        int n = 9;
        int dim = 5;
        float[] e = embeddings(r, n, dim);
        int[] labels = {1, 1, 2, 2, 2, 3, 3, 4, 1};
        SquaredDistances onDemand = SquaredDistances.of(e, n, dim);
        SquaredDistances precomputed = SquaredDistances.precompute(e, n, dim);
        PairDistances pairs = PairDistances.of(e, n, dim, labels);
        int s = 0;
        int d = 0;
        for (int i = 0; i < n; i++) {
            assertEquals(0f, precomputed.at(i, i), "diagonal set to exactly 0");
            for (int j = 0; j < n; j++) {
                double exact = 0;
                for (int k = 0; k < dim; k++) {
                    double diff = (double) e[i * dim + k] - e[j * dim + k];
                    exact += diff * diff;
                }
                assertEquals(exact, onDemand.at(i, j), 1e-6, i + "," + j);
                assertEquals(exact, precomputed.at(i, j), 1e-5, i + "," + j);
                if (j > i) {
                    float expected = SquaredDistances.between(e, i, j, dim);
                    float got = labels[i] == labels[j] ? pairs.same()[s++] : pairs.different()[d++];
                    assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(got), "same loop, same bits: " + i + "," + j);
                    assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(onDemand.at(i, j)));
                }
            }
        }
        assertEquals(pairs.same().length, s);
        assertEquals(pairs.different().length, d);
    }

    @Test
    void wrongSizesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> SquaredDistances.of(new float[7], 2, 4));
    }
}
