package org.tripletlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;
import org.tripletlab.run.RunDirectory;

/** Training in bf16 mixed precision learns, reproduces itself, and is a different run from fp32. */
class Bf16TrainingTest {
    @Test
    void learnsOnSyntheticFacesInBf16(@TempDir Path out) throws Exception {
        TrainingRun.Outcome o = TrainingEndToEndTest.train(out, TrainingEndToEndTest.SMALL, "train.precision=bf16", "train.epochs=8");
        TrainingEndToEndTest.assertLearned(o, "semi-hard, bf16, 8 epochs", "precision: bf16");
    }

    @Test
    void sameConfigAndSeedGiveIdenticalLogsInBf16(@TempDir Path out) throws Exception {
        String[] set = {"train.precision=bf16", "train.steps=10", "train.steps_per_epoch=5", "train.checkpoints=false"};
        TrainingRun.Outcome a = TrainingEndToEndTest.train(out.resolve("a"), TrainingEndToEndTest.SMALL, set);
        TrainingRun.Outcome b = TrainingEndToEndTest.train(out.resolve("b"), TrainingEndToEndTest.SMALL, set);
        assertEquals(a.runId(), b.runId());
        assertEquals(TrainingEndToEndTest.withoutLastColumn(a.runDir().resolve("steps.csv")),
                TrainingEndToEndTest.withoutLastColumn(b.runDir().resolve("steps.csv")));
        assertEquals(Files.readString(a.runDir().resolve("distances.csv")), Files.readString(b.runDir().resolve("distances.csv")));
        // fp32 is another run (id) with other numbers; at fp32 the key stays out of config.yaml (run ids unchanged)
        TrainingRun.Outcome fp32 = TrainingEndToEndTest.train(out.resolve("c"), TrainingEndToEndTest.SMALL,
                "train.steps=10", "train.steps_per_epoch=5", "train.checkpoints=false");
        assertNotEquals(a.runId(), fp32.runId());
        assertFalse(Files.readString(fp32.runDir().resolve("config.yaml")).contains("precision"));
        assertNotEquals(TrainingEndToEndTest.withoutLastColumn(a.runDir().resolve("steps.csv")),
                TrainingEndToEndTest.withoutLastColumn(fp32.runDir().resolve("steps.csv")));
    }

    @Test
    void autoIsResolvedWhenTheConfigIsReadAndRecordedAsTheChoice() {
        Config c = Config.parse(TrainingEndToEndTest.SMALL, "e2e.yaml", List.of("train.precision=auto", "eval.precision=auto"));
        String chosen = c.getString("train.precision");
        assertTrue(chosen.equals("bf16") || chosen.equals("fp32"), chosen);
        assertFalse(c.toYaml().contains("auto"), c.toYaml());
        assertTrue(c.autoChoices().get("train.precision").startsWith(chosen + " (auto: the CPU reports"), c.autoChoices().toString());
        // the resolved config is a plain fp32/bf16 config: reading it back gives the same run id, with no auto left
        Config again = Config.parse(c.toYaml(), "config.yaml", List.of());
        assertEquals(RunDirectory.runId(c), RunDirectory.runId(again));
        assertTrue(again.autoChoices().isEmpty());
    }
}
