package org.tripletlab.train;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class CollapseWatchTest {
    @Test
    void warnsOnceAfterPatienceAndAgainAfterRecovery() {
        CollapseWatch w = new CollapseWatch(0.2, 3);
        assertNull(w.observe(1, 10, 0.001, 0.001));
        assertNull(w.observe(2, 10, 0.001, 0.0011));
        assertNotNull(w.observe(3, 10, 0.001, 0.001));
        assertNull(w.observe(4, 10, 0.001, 0.001), "warn once per streak");
        assertNull(w.observe(5, 10, 0.5, 1.2), "healthy step resets");
        assertNull(w.observe(6, 10, 0.0, 0.0));
        assertNull(w.observe(7, 10, 0.0, 0.0));
        assertNotNull(w.observe(8, 10, 0.0, 0.0));
    }

    @Test
    void healthyOrEmptyStepsNeverWarn() {
        CollapseWatch w = new CollapseWatch(0.2, 1);
        assertNull(w.observe(1, 10, 0.3, 0.45));
        assertNull(w.observe(2, 0, 0, 0), "a batch without triplets is not a collapse");
    }
}
