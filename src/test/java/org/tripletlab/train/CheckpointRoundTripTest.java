package org.tripletlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.data.IdentitySplit;
import org.tripletlab.data.source.DataSources;
import org.tripletlab.model.Checkpoints;
import org.tripletlab.model.encoder.EncoderSpec;

/** A saved checkpoint reproduces exactly what the trainer measured with the same weights. */
class CheckpointRoundTripTest {
    @Test
    void lastCheckpointReproducesTheFinalValidation(@TempDir Path out) {
        TrainingRun.Outcome o = TrainingEndToEndTest.train(out, TrainingEndToEndTest.SMALL, "train.steps=6",
                "train.steps_per_epoch=3");
        ExperimentConfig cfg = ExperimentConfig.from(Config.load(o.runDir().resolve("config.yaml"), List.of()));
        FaceDataset ds = DataSources.load(cfg.data(), null).dataset();
        IdentitySplit split = IdentitySplit.of(ds, cfg.data().valFraction(), cfg.seed());
        int[] val = split.validationImages(ds, cfg.data().valImages(), 10, cfg.seed());
        int[] labels = new int[val.length];
        for (int i = 0; i < val.length; i++) {
            labels[i] = ds.label(val[i]);
        }
        EncoderSpec spec = new EncoderSpec(cfg.encoder().architecture(), cfg.encoder().embedding(), cfg.encoder().width(),
                cfg.data().channels(), cfg.data().imageSize());
        try (Model m = Checkpoints.load(o.runDir(), Checkpoints.LAST, spec)) {
            ValidationResult v = ValidationResult.of(Checkpoints.embedder(m).embed(ds, val, 64), labels);
            assertEquals(o.last().accuracy(), v.accuracy(), 1e-9);
            assertEquals(o.last().auc(), v.auc(), 1e-9);
            assertEquals(o.last().positives().mean(), v.positives().mean(), 1e-6);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoints.load(o.runDir(), "nope", spec));
        assertTrue(e.getMessage().contains("no such checkpoint") && e.getMessage().contains("best (epoch 2), last (epoch 2)"), e.getMessage());
    }
}
