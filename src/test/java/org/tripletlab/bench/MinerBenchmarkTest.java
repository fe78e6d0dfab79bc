package org.tripletlab.bench;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tripletlab.mining.Miners;

/** Smoke test only (tiny sizes): the benchmark helper runs every strategy and validates its input. */
class MinerBenchmarkTest {
    @Test
    void runsEveryStrategy() {
        for (String s : Miners.STRATEGIES) {
            double ms = MiningBenchmark.timePerStep(s, 32, 8, 16, 3);
            assertTrue(ms >= 0 && Double.isFinite(ms), s + ": " + ms);
        }
    }

    @Test
    void rejectsNonPkBatch() {
        assertThrows(IllegalArgumentException.class, () -> MiningBenchmark.timePerStep("hardest", 30, 8, 16, 3));
        assertThrows(IllegalArgumentException.class, () -> MiningBenchmark.timePerStep("nope", 32, 8, 16, 3));
    }
}
