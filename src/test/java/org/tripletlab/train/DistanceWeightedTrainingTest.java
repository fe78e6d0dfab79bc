package org.tripletlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.run.RunDirectory;
import org.tripletlab.config.Config;

/** A short synthetic training run with distance-weighted mining learns, and its run id reproduces from config.yaml. */
class DistanceWeightedTrainingTest {
    @Test
    void learnsOnSyntheticFaces(@TempDir Path out) throws Exception {
        TrainingRun.Outcome o = TrainingEndToEndTest.train(out, TrainingEndToEndTest.SMALL,
                "miner.strategy=distance-weighted", "train.epochs=8");
        double untrained = o.validations().get(0).accuracy();
        double trained = o.last().accuracy();
        System.out.printf("distance-weighted, 8 epochs: validation accuracy %.3f → %.3f%n", untrained, trained);
        assertTrue(trained > 0.75, "validation accuracy after training: " + trained + " (untrained " + untrained + ")");
        assertTrue(trained - untrained > 0.15, "learned " + untrained + " → " + trained);
        assertTrue(o.last().negatives().mean() > o.last().positives().mean() + 0.2, "d(A,N) pulled away from d(A,P)");
        String yaml = Files.readString(o.runDir().resolve("config.yaml"));
        assertTrue(yaml.contains("strategy: distance-weighted"), yaml);
        Config resolved = Config.load(o.runDir().resolve("config.yaml"), List.of());
        assertEquals(o.runId(), RunDirectory.runId(resolved));
    }
}
