package org.tripletlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.cli.Main;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.eval.RunEvaluator;
import org.tripletlab.eval.RunEvaluatorTest;
import org.tripletlab.model.encoder.EncoderSpec;
import org.tripletlab.train.TrainingRun;
import org.tripletlab.util.Hashing;

/**
 * Issue 11, checked checkpoints: every checkpoint carries a fingerprint of what was saved and the config it
 * was trained with, and evaluation refuses — before reading any benchmark image, writing nothing — a checkpoint
 * that is damaged or would be evaluated under another config, naming the file and the fix.
 */
class CheckedCheckpointsTest {
    /** Trains in about two seconds: two epochs of two steps on 40 synthetic identities, a narrow small-conv net. */
    static final String TINY = """
            name: ck
            seed: 3
            data: {source: synthetic, image_size: 32, synthetic: {identities: 40, images_per_identity: 4}}
            sampler: {identities: 8, images: 4}
            encoder: {width: 8, embedding: 16}
            train: {steps: 4, steps_per_epoch: 2}
            """;

    static Path train(Path out, String... overrides) {
        ExperimentConfig cfg = ExperimentConfig.from(Config.parse(TINY, "ck.yaml", List.of(overrides)));
        return TrainingRun.run(cfg, new TrainingRun.Options(out, null, false, quiet())).runDir();
    }

    static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    static EncoderSpec specOf(Path runDir) {
        ExperimentConfig cfg = ExperimentConfig.from(Config.load(runDir.resolve("config.yaml"), List.of()));
        return new EncoderSpec(cfg.encoder().architecture(), cfg.encoder().embedding(), cfg.encoder().width(),
                cfg.data().channels(), cfg.data().imageSize());
    }

    static Path params(Path runDir, String name) throws Exception {
        try (Stream<Path> s = Files.list(Checkpoints.dir(runDir, name))) {
            return s.filter(p -> p.toString().endsWith(".params")).findFirst().orElseThrow();
        }
    }

    /** Evaluates the best checkpoint on the fixture's lfw-dev; the exception a refused checkpoint raises. */
    static CheckpointException refused(Path runDir, Path dataRoot) {
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> RunEvaluator.evaluateRun(runDir, List.of("lfw-dev"), dataRoot, Checkpoints.BEST, true, quiet()));
        assertFalse(Files.exists(runDir.resolve("eval")), "a refused checkpoint writes nothing into the run folder");
        return e;
    }

    @Test
    void everyCheckpointRecordsItsParametersAndTheConfigItWasTrainedWith(@TempDir Path tmp) throws Exception {
        Path run = train(tmp);
        Map<String, long[]> expected = CheckpointFingerprint.expectedParameters(specOf(run));
        for (String name : Checkpoints.NAMES) {
            Path file = Checkpoints.dir(run, name).resolve(Checkpoints.FINGERPRINT);
            assertTrue(Files.isRegularFile(file), file + " written with the checkpoint");
            CheckpointFingerprint fp = CheckpointFingerprint.read(file);
            assertEquals(name, fp.checkpoint());
            Path params = params(run, name);
            assertEquals(String.format("encoder-%04d.params", fp.epoch()), params.getFileName().toString());
            if (name.equals(Checkpoints.LAST)) {
                assertEquals(2, fp.epoch(), "4 steps of 2 an epoch: last saved at epoch 2");
            }
            assertEquals(params.getFileName().toString(), fp.paramsFile());
            assertEquals(Files.size(params), fp.paramsBytes());
            assertEquals(CheckpointFingerprint.sha256(params), fp.paramsSha256());
            assertEquals(List.copyOf(expected.keySet()), List.copyOf(fp.parameters().keySet()), "names, in order");
            expected.forEach((k, shape) -> assertArrayEquals(shape, fp.parameters().get(k), k));
            assertEquals(CheckpointFingerprint.architectureHash(expected), fp.architectureSha256());
            String yaml = Files.readString(run.resolve("config.yaml"));
            assertEquals(yaml, fp.configYaml());
            assertEquals(Hashing.sha256(yaml), fp.configSha256());
            assertEquals(run.getFileName().toString(), fp.runId());
            assertNull(fp.backfilled());
        }
        try (Model m = Checkpoints.load(run, Checkpoints.BEST, specOf(run))) {
            assertTrue(String.valueOf(m.getProperty(Checkpoints.CHECK_PROPERTY)).contains("fingerprint checked"));
        }
        try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
            assertEquals(List.of("best", "last"), s.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary or previous folder is left beside the checkpoints");
        }
    }

    @Test
    void aSoftmaxRunFingerprintsTheEncoderItSavesWithoutTheHead(@TempDir Path tmp) throws Exception {
        Path run = train(tmp, "loss.kind=softmax");
        CheckpointFingerprint fp = CheckpointFingerprint.read(Checkpoints.dir(run, Checkpoints.BEST).resolve(Checkpoints.FINGERPRINT));
        assertEquals(CheckpointFingerprint.architectureHash(CheckpointFingerprint.expectedParameters(specOf(run))), fp.architectureSha256(),
                "the encoder's parameters, as saved, not encoder + classification head");
        Checkpoints.verify(run, Checkpoints.BEST, specOf(run));
    }

    @Test
    void aConfigEditedAfterTrainingIsRefusedNamingTheKeyAndBothValues(@TempDir Path tmp) throws Exception {
        Path data = RunEvaluatorTest.fixtureLfw(tmp.resolve("data"));
        Path run = train(tmp.resolve("out"));
        Path config = run.resolve("config.yaml");
        String trained = Files.readString(config);
        // The case: small-conv ends in global pooling, so the same weights run at 64 px without any shape error.
        Files.writeString(config, trained.replace("image_size: 32", "image_size: 64"));
        CheckpointException e = refused(run, data);
        String msg = e.getMessage();
        assertTrue(msg.contains("data.image_size: trained with 32, config.yaml now says 64"), msg);
        assertTrue(msg.contains(params(run, Checkpoints.BEST).toString()) && msg.contains(config.toString()), "names both files: " + msg);
        assertTrue(msg.contains("Restore") && msg.contains("evaluate the run folder that produced this checkpoint"), msg);
        assertEquals(1, msg.lines().filter(l -> l.startsWith("  ")).count(), "only the key that differs is listed: " + msg);

        // Eval-only keys may differ: how evaluation runs, not what the encoder sees or computes.
        Files.writeString(config, trained.replace("batch: 128", "batch: 7").replace("threads: 0", "threads: 1"));
        RunEvaluator.evaluateRun(run, List.of("lfw-dev"), data, Checkpoints.BEST, true, quiet());
        assertTrue(Files.readString(run.resolve("eval/lfw-dev.json")).contains("\"checkpoint_sha256\": \""
                + CheckpointFingerprint.sha256(params(run, Checkpoints.BEST)) + "\""), "the eval json names the exact weights");
    }

    @Test
    void theProjectionPlotRefusesAnEditedConfigToo(@TempDir Path tmp) throws Exception {
        Path data = RunEvaluatorTest.fixtureLfw(tmp.resolve("data"));
        Path run = train(tmp.resolve("out"));
        Path config = run.resolve("config.yaml");
        Files.writeString(config, Files.readString(config).replace("channels: 1", "channels: 3"));
        String err = stderrOf(() -> assertEquals(2, Main.execute("plot", run.toString(), "--projection", "--benchmark", "lfw-dev",
                "--data-root", data.toString())));
        assertTrue(err.contains("data.channels: trained with 1, config.yaml now says 3") && err.contains("has other parameters"), err);
        assertFalse(Files.exists(run.resolve("plots")), "nothing written into the run folder");
    }

    @Test
    void aCheckpointCopiedFromAnotherRunIsRefused(@TempDir Path tmp) throws Exception {
        Path data = RunEvaluatorTest.fixtureLfw(tmp.resolve("data"));
        Path run = train(tmp.resolve("a"));
        Path other = train(tmp.resolve("b"), "encoder.width=12", "seed=4");

        // The whole folder (params and fingerprint): its recorded config is the other run's.
        Path best = Checkpoints.dir(run, Checkpoints.BEST);
        Path saved = tmp.resolve("saved-best");
        copyTree(best, saved);
        deleteTree(best);
        copyTree(Checkpoints.dir(other, Checkpoints.BEST), best);
        String msg = refused(run, data).getMessage();
        assertTrue(msg.contains("encoder.width: trained with 12, config.yaml now says 8") && msg.contains("seed: trained with 4, config.yaml now says 3"), msg);
        assertTrue(msg.contains("has other parameters than the checkpoint") && msg.contains("in the checkpoint"), msg);

        // The params file alone, under this run's own fingerprint: not the file that was saved.
        deleteTree(best);
        copyTree(saved, best);
        Path mine = params(run, Checkpoints.BEST);
        Files.copy(params(other, Checkpoints.BEST), mine, StandardCopyOption.REPLACE_EXISTING);
        msg = refused(run, data).getMessage();
        assertTrue(msg.contains(mine.toString()) && msg.contains("not the file saved with this checkpoint"), msg);
    }

    @Test
    void randomBytesAreNamedAsNotADjlFileBeforeAnyBenchmarkImageIsRead(@TempDir Path tmp) throws Exception {
        Path run = train(tmp.resolve("out"));
        Path params = params(run, Checkpoints.BEST);
        byte[] junk = new byte[20_000];
        new Random(5).nextBytes(junk);
        Files.write(params, junk);
        // No benchmark data at all: a check after decoding would fail on the missing lfw folder instead.
        Path noData = Files.createDirectories(tmp.resolve("no-data"));
        String msg = refused(run, noData).getMessage();
        assertTrue(msg.startsWith(params + ": not a DJL parameter file (20000 bytes"), msg);

        // Through the CLI: one line on stderr, exit code 2, no stack trace.
        String err = stderrOf(() -> assertEquals(2, Main.execute("eval", run.toString(), "--benchmark", "lfw-dev", "--data-root", noData.toString())));
        assertTrue(err.startsWith("error: " + params + ": not a DJL parameter file") && !err.contains("\tat "), err);
    }

    @Test
    void aTruncatedParamsFileIsNamedWithItsSize(@TempDir Path tmp) throws Exception {
        Path data = RunEvaluatorTest.fixtureLfw(tmp.resolve("data"));
        Path run = train(tmp.resolve("out"));
        Path params = params(run, Checkpoints.BEST);
        long size = Files.size(params);
        truncate(params, size / 2);
        String msg = refused(run, data).getMessage();
        assertTrue(msg.contains(params + ": truncated: " + size / 2 + " bytes, expected " + size), msg);

        // Without a fingerprint (a checkpoint from before them) the load attempt finds the end of the data.
        Files.delete(Checkpoints.dir(run, Checkpoints.BEST).resolve(Checkpoints.FINGERPRINT));
        msg = refused(run, data).getMessage();
        assertTrue(msg.contains(params + ": truncated: " + size / 2 + " bytes") && !msg.contains("(null)"), msg);
    }

    @Test
    void aWrongCheckpointNameListsTheCheckpointsTheRunHas(@TempDir Path tmp) throws Exception {
        Path run = train(tmp.resolve("out"));
        String err = stderrOf(() -> assertEquals(2, Main.execute("eval", run.toString(), "--benchmark", "lfw-dev", "--checkpoint", "bset",
                "--data-root", tmp.toString())));
        int bestEpoch = CheckpointFingerprint.read(Checkpoints.dir(run, Checkpoints.BEST).resolve(Checkpoints.FINGERPRINT)).epoch();
        assertTrue(err.contains(run.resolve("checkpoints/bset") + ": no such checkpoint; this run has best (epoch " + bestEpoch
                + "), last (epoch 2)") && err.contains("checkpoint names are best and last"), err);
        assertFalse(err.contains("train.checkpoints"), "the run has checkpoints: no advice to train with them: " + err);

        Path none = train(tmp.resolve("none"), "train.checkpoints=false");
        err = stderrOf(() -> assertEquals(2, Main.execute("eval", none.toString(), "--benchmark", "lfw-dev", "--data-root", tmp.toString())));
        assertTrue(err.contains("this run has no checkpoint") && err.contains("train.checkpoints: true"), err);
    }

    @Test
    void aCheckpointFromBeforeFingerprintsIsCheckedAgainstTheRecordedRunId(@TempDir Path tmp) throws Exception {
        Path data = RunEvaluatorTest.fixtureLfw(tmp.resolve("data"));
        Path run = train(tmp.resolve("out"));
        for (String name : Checkpoints.NAMES) {
            Files.delete(Checkpoints.dir(run, name).resolve(Checkpoints.FINGERPRINT));
        }
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        RunEvaluator.evaluateRun(run, List.of("lfw-dev"), data, Checkpoints.BEST, true, new PrintStream(console, true, StandardCharsets.UTF_8));
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("saved before fingerprints; parameters fit config.yaml's encoder "
                + "and config.yaml still hashes to the recorded run id " + run.getFileName()), console.toString(StandardCharsets.UTF_8));
        deleteTree(run.resolve("eval"));

        Path config = run.resolve("config.yaml");
        Files.writeString(config, Files.readString(config).replace("image_size: 32", "image_size: 64"));
        String msg = refused(run, data).getMessage();
        assertTrue(msg.contains("has no fingerprint.json") && msg.contains("recorded run id " + run.getFileName())
                && msg.contains(config.toString()), msg);
    }

    @Test
    void theCommittedQuickstartCheckpointPassesItsBackfilledFingerprint() {
        Path run = Path.of("results/quickstart/e858bb434925");
        CheckpointFingerprint fp = CheckpointFingerprint.read(Checkpoints.dir(run, Checkpoints.BEST).resolve(Checkpoints.FINGERPRINT));
        assertTrue(fp.backfilled() != null && fp.backfilled().contains("unchanged in git"), String.valueOf(fp.backfilled()));
        assertEquals("e858bb434925", fp.runId());
        String note = Checkpoints.verify(run, Checkpoints.BEST, specOf(run));
        assertTrue(note.contains("epoch 12") && note.contains("config.yaml as trained"), note);
    }

    static String stderrOf(Runnable r) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    static void truncate(Path file, long size) throws Exception {
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
