package org.tripletlab.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
