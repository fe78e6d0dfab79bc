package org.tripletlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void etaIsTheRemainingStepsAtThePaceOfTheStepsTakenHere() {
        assertEquals(300.0, ProgressBar.eta(10.0, 100, 3000), 1e-9);
        assertEquals(0.0, ProgressBar.eta(10.0, 0, 3000), 1e-9);
    }

    @Test
    void aResumedRunCountsOnlyTheStepsItTookItself() {
        ProgressBar bar = new ProgressBar(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), 27000);
        bar.update(19001, 70, 99, 0.03, 0.3, 1000); // the first step after resuming from step 19,000
        assertEquals(100, bar.stepsTaken(19100));
        ProgressBar fresh = new ProgressBar(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), 27000);
        fresh.update(1, 1, 99, 0.1, 0.9, 1000);
        assertEquals(100, fresh.stepsTaken(100));
    }
}
