package org.tripletlab.train;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short synthetic training run with distance-weighted mining learns, and its run id reproduces from config.yaml. */
class DistanceWeightedTrainingTest {
    @Test
    void learnsOnSyntheticFaces(@TempDir Path out) throws Exception {
        TrainingRun.Outcome o = TrainingEndToEndTest.train(out, TrainingEndToEndTest.SMALL,
                "miner.strategy=distance-weighted", "train.epochs=8");
        TrainingEndToEndTest.assertLearned(o, "distance-weighted, 8 epochs", "strategy: distance-weighted");
    }
}
