package org.tripletlab.train;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short synthetic training run with the soft-margin triplet loss learns, and its run id reproduces from config.yaml. */
class SoftMarginTripletTrainingTest {
    @Test
    void learnsOnSyntheticFaces(@TempDir Path out) throws Exception {
        TrainingRun.Outcome o = TrainingEndToEndTest.train(out, TrainingEndToEndTest.SMALL,
                "loss.kind=soft-margin-triplet", "miner.strategy=batch-all", "train.epochs=8");
        TrainingEndToEndTest.assertLearned(o, "soft-margin triplet, batch-all, 8 epochs", "kind: soft-margin-triplet");
    }
}
