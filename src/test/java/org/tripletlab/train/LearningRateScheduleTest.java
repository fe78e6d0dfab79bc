package org.tripletlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;

class LearningRateScheduleTest {
    private static LearningRateSchedule schedule(String overrides, int total) {
        ExperimentConfig c = ExperimentConfig.from(Config.parse("", "t.yaml", List.of(overrides.split(" "))));
        return new LearningRateSchedule(c.optimizer(), total);
    }

    @Test
    void cosineWarmsUpThenDecaysToTheFinalFraction() {
        LearningRateSchedule s = schedule("optimizer.lr=0.1 optimizer.schedule=cosine optimizer.warmup_steps=10 optimizer.final_lr_fraction=0", 110);
        assertEquals(0.01, s.at(0), 1e-12);
        assertEquals(0.1, s.at(9), 1e-12);
        assertEquals(0.1, s.at(10), 1e-12);
        assertEquals(0.05, s.at(60), 1e-12, "half way through the decay");
        assertEquals(0.0, s.at(110), 1e-12);
        assertEquals((float) s.at(0), s.getNewValue(1), "DJL's first update uses step 0's rate");
    }

    @Test
    void stepScheduleMultipliesEveryStepSize() {
        LearningRateSchedule s = schedule("optimizer.lr=1 optimizer.schedule=step optimizer.step_size=5 optimizer.step_factor=0.5", 100);
        assertEquals(1.0, s.at(4), 1e-12);
        assertEquals(0.5, s.at(5), 1e-12);
        assertEquals(0.25, s.at(12), 1e-12);
    }

    @Test
    void constantIsConstant() {
        LearningRateSchedule s = schedule("optimizer.lr=0.003", 100);
        assertEquals(0.003, s.at(0), 1e-12);
        assertEquals(0.003, s.at(99), 1e-12);
    }
}
