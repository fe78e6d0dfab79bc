package org.tripletlab.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class ReductionLossTest {
    @Test
    void configNamesRoundTrip() {
        assertEquals("sum", Reduction.SUM.configName());
        assertEquals("mean", Reduction.MEAN.configName());
        assertEquals("mean-nonzero", Reduction.MEAN_NONZERO.configName());
        for (Reduction r : Reduction.values()) {
            assertEquals(r, Reduction.fromConfig(r.configName()));
        }
    }

    @Test
    void unknownNameListsAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Reduction.fromConfig("mean_nonzero"));
        assertEquals("unknown loss reduction 'mean_nonzero'; allowed: sum, mean, mean-nonzero", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Reduction.fromConfig(null));
    }

    @Test
    void javaSideReductionNeverDividesByZero() {
        assertEquals(6f, Reduction.SUM.apply(6f, 4, 3));
        assertEquals(1.5f, Reduction.MEAN.apply(6f, 4, 3));
        assertEquals(2f, Reduction.MEAN_NONZERO.apply(6f, 4, 3));
        assertEquals(0f, Reduction.MEAN.apply(0f, 0, 0));
        assertEquals(0f, Reduction.MEAN_NONZERO.apply(0f, 5, 0));
    }

    @Test
    void tensorSideReductionFollowsEachFormula() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] terms = {0.5f, 0f, 1.5f, 0f};
            assertEquals(2f, Reduction.SUM.reduce(m.create(terms)).getFloat(), "Σ L");
            assertEquals(0.5f, Reduction.MEAN.reduce(m.create(terms)).getFloat(), "Σ L / T");
            assertEquals(1f, Reduction.MEAN_NONZERO.reduce(m.create(terms)).getFloat(), "Σ L / #{L > 0}");
            assertEquals(0f, Reduction.MEAN_NONZERO.reduce(m.create(new float[] {0f, 0f})).getFloat(), "all easy: 0, not NaN");
        }
    }
}
