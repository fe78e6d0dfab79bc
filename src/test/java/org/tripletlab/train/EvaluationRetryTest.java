package org.tripletlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.eval.RunEvaluatorTest;
import org.tripletlab.run.RunDirectory;

/** Training completion and benchmark evaluation are separate states: a failed evaluation is retried, not retrained (issue 11). */
class EvaluationRetryTest {
    @Test
    void failedEvaluationIsRetriedWithoutRetraining(@TempDir Path tmp) throws Exception {
        Path root = RunEvaluatorTest.fixtureLfw(tmp.resolve("data"));
        Path pairs = root.resolve("lfw/pairsDevTest.txt");
        Path aside = tmp.resolve("pairsDevTest.txt");
        ExperimentConfig cfg = ExperimentConfig.from(Config.parse(
                "name: ev\ndata: {source: synthetic, image_size: 32, synthetic: {identities: 40, images_per_identity: 4}}\n"
                        + "sampler: {identities: 8, images: 4}\nencoder: {width: 8, embedding: 16}\n"
                        + "train: {steps: 2, steps_per_epoch: 2}\neval: {benchmarks: [lfw-dev]}\n",
                "ev.yaml", List.of()));
        Path out = tmp.resolve("out");
        ByteArrayOutputStream c1 = new ByteArrayOutputStream();
        // The protocol is read before training; take its file away once training has started, so the evaluation after it fails.
        RuntimeException e = assertThrows(RuntimeException.class, () -> TrainingRun.run(cfg,
                new TrainingRun.Options(out, root, false, new PrintStream(c1, true, StandardCharsets.UTF_8)), o -> {
                    try {
                        Files.move(pairs, aside);
                    } catch (IOException x) {
                        throw new UncheckedIOException(x);
                    }
                    return o;
                }));
        Path dir = out.resolve("ev").resolve(RunDirectory.runId(cfg.raw()));
        assertTrue(Files.isRegularFile(dir.resolve("TRAINED")), "training finished: " + e + "\n" + c1);
        assertFalse(Files.exists(dir.resolve(RunDirectory.COMPLETE_MARKER)));
        assertTrue(Files.readString(dir.resolve("provenance.json")).contains("\"status\": \"trained; evaluation failed"),
                Files.readString(dir.resolve("provenance.json")));
        FileTime stepsWritten = Files.getLastModifiedTime(dir.resolve("steps.csv"));
        String steps = Files.readString(dir.resolve("steps.csv"));

        Files.move(aside, pairs);
        ByteArrayOutputStream c2 = new ByteArrayOutputStream();
        TrainingRun.Outcome again = TrainingRun.run(cfg, new TrainingRun.Options(out, root, false,
                new PrintStream(c2, true, StandardCharsets.UTF_8)));
        assertEquals(dir, again.runDir(), c2.toString());
        assertEquals(0, again.steps(), "no retraining\n" + c2);
        assertTrue(c2.toString().contains("evaluating it again (no retraining)"), c2.toString());
        assertEquals(stepsWritten, Files.getLastModifiedTime(dir.resolve("steps.csv")));
        assertEquals(steps, Files.readString(dir.resolve("steps.csv")));
        assertFalse(Files.exists(out.resolve("ev").resolve(RunDirectory.runId(cfg.raw()) + "-2")), "no new attempt folder");
        assertTrue(Files.isRegularFile(dir.resolve(RunDirectory.COMPLETE_MARKER)));
        assertTrue(Files.isRegularFile(dir.resolve("eval/lfw-dev.json")));
        String prov = Files.readString(dir.resolve("provenance.json"));
        assertTrue(prov.contains("\"status\": \"complete\"") && prov.contains("\"benchmark_accuracy\"") && prov.contains("\"manifest_sha256\""), prov);

        ByteArrayOutputStream c3 = new ByteArrayOutputStream();
        assertTrue(TrainingRun.run(cfg, new TrainingRun.Options(out, root, false, new PrintStream(c3, true, StandardCharsets.UTF_8))).skipped(),
                c3.toString());
    }
}
