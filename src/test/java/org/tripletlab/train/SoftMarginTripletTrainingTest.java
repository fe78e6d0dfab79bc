package org.tripletlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;
import org.tripletlab.run.RunDirectory;

/** A short synthetic training run with the soft-margin triplet loss learns, and its run id reproduces from config.yaml. */
class SoftMarginTripletTrainingTest {
    @Test
    void learnsOnSyntheticFaces(@TempDir Path out) throws Exception {
        TrainingRun.Outcome o = TrainingEndToEndTest.train(out, TrainingEndToEndTest.SMALL,
                "loss.kind=soft-margin-triplet", "miner.strategy=batch-all", "train.epochs=8");
        double untrained = o.validations().get(0).accuracy();
        double trained = o.last().accuracy();
        System.out.printf("soft-margin triplet, batch-all, 8 epochs: validation accuracy %.3f → %.3f%n", untrained, trained);
        assertTrue(trained > 0.75, "validation accuracy after training: " + trained + " (untrained " + untrained + ")");
        assertTrue(trained - untrained > 0.15, "learned " + untrained + " → " + trained);
        assertTrue(o.last().negatives().mean() > o.last().positives().mean() + 0.2, "d(A,N) pulled away from d(A,P)");
        String yaml = Files.readString(o.runDir().resolve("config.yaml"));
        assertTrue(yaml.contains("kind: soft-margin-triplet"), yaml);
        Config resolved = Config.load(o.runDir().resolve("config.yaml"), List.of());
        assertEquals(o.runId(), RunDirectory.runId(resolved));
    }
}
