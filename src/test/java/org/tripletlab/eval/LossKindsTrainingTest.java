package org.tripletlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.train.TrainingRun;

/**
 * loss.kind softmax and contrastive train the same encoder on the same PK batches, record the same
 * tables, and their checkpoints are evaluated by the same pipeline.
 */
class LossKindsTrainingTest {
    private static final String YAML = "name: lk\nseed: 3\ndata: {source: synthetic, image_size: 32, val_images: 80, "
            + "synthetic: {identities: 40, images_per_identity: 4}}\n"
            + "sampler: {identities: 8, images: 4}\nencoder: {width: 8, embedding: 16}\n"
            + "optimizer: {lr: 0.003}\ntrain: {steps: 6, steps_per_epoch: 3}\neval: {benchmarks: [lfw-dev]}\n";

    private static TrainingRun.Outcome train(Path tmp, Path root, String... overrides) {
        ExperimentConfig cfg = ExperimentConfig.from(Config.parse(YAML, "lk.yaml", List.of(overrides)));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        TrainingRun.Outcome o = TrainingRun.run(cfg, new TrainingRun.Options(tmp.resolve("out"), root, false,
                new PrintStream(console, true, StandardCharsets.UTF_8)));
        assertTrue(console.toString().contains("loss)"), console.toString());
        return o;
    }

    private static void checkRun(TrainingRun.Outcome o) throws Exception {
        assertEquals(6, o.steps());
        assertEquals(3, o.validations().size(), "untrained + 2 epochs");
        List<String> steps = Files.readAllLines(o.runDir().resolve("steps.csv"));
        assertEquals(7, steps.size());
        for (String line : steps.subList(1, steps.size())) {
            double loss = Double.parseDouble(line.split(",")[2]);
            assertTrue(Double.isFinite(loss) && loss >= 0, line);
        }
        assertTrue(Files.isRegularFile(o.runDir().resolve("eval/lfw-dev.json")), "benchmarked from the best checkpoint");
        assertTrue(Files.isRegularFile(o.runDir().resolve("COMPLETE")));
    }

    @Test
    void softmaxTrainsTheEncoderAndCheckpointsOnlyTheEncoder(@TempDir Path tmp) throws Exception {
        Path root = RunEvaluatorTest.fixtureLfw(tmp.resolve("data"));
        checkRun(train(tmp, root, "loss.kind=softmax"));
    }

    @Test
    void contrastiveTrainsOnPairsOfThePkBatch(@TempDir Path tmp) throws Exception {
        Path root = RunEvaluatorTest.fixtureLfw(tmp.resolve("data"));
        checkRun(train(tmp, root, "loss.kind=contrastive", "loss.margin=1.0"));
        checkRun(train(tmp, root, "loss.kind=contrastive", "loss.margin=1.0", "loss.negatives=hardest"));
    }
}
