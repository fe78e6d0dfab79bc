package org.tripletlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.train.TrainingRun;

/**
 * Issue 11: a full disk while a checkpoint is written leaves no temporary folder, keeps the previous
 * checkpoint, and the error names the checkpoint being written and the cause — also when it surfaces through
 * the training loop, whose own bookkeeping (steps.csv, provenance.json) fails on the same full disk.
 */
class CheckpointSaveFailureTest {
    /** A small block whose parameter writer runs out of space half-way once {@link #full} is set. */
    static final class FillingDiskBlock extends SequentialBlock {
        volatile boolean full;

        FillingDiskBlock() {
            add(Linear.builder().setUnits(8).build());
        }

        @Override
        public void saveParameters(DataOutputStream os) throws IOException {
            if (full) {
                os.write(new byte[4096]);
                os.flush();
                throw new IOException("No space left on device");
            }
            super.saveParameters(os);
        }
    }

    @Test
    void aFullDiskWhileSavingRemovesTheTemporaryFolderAndKeepsThePreviousCheckpoint(@TempDir Path run) throws Exception {
        FillingDiskBlock block = new FillingDiskBlock();
        try (Model model = Model.newInstance("encoder")) {
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 4));
            Checkpoints.save(model, run, Checkpoints.LAST, 1);
            Path previous = Checkpoints.dir(run, Checkpoints.LAST);
            byte[] before = Files.readAllBytes(previous.resolve("encoder-0001.params"));

            block.full = true;
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Checkpoints.save(model, run, Checkpoints.LAST, 2));
            assertTrue(e.getMessage().contains(previous.resolve("encoder-0002.params").toString())
                    && e.getMessage().contains("No space left on device"), "names the checkpoint being written and the cause: " + e.getMessage());
            assertEquals(List.of("last"), children(run.resolve("checkpoints")), "no temporary folder left behind");
            assertEquals(List.of("encoder-0001.params", "fingerprint.json"), children(previous), "the previous checkpoint as it was");
            assertTrue(Arrays.equals(before, Files.readAllBytes(previous.resolve("encoder-0001.params"))));
            assertEquals(1, CheckpointFingerprint.read(previous.resolve(Checkpoints.FINGERPRINT)).epoch());
        }
    }

    @Test
    void aFullDiskInTheTrainingLoopIsReportedAsTheCheckpointNotAsStepsCsv(@TempDir Path tmp) throws Exception {
        ExperimentConfig cfg = ExperimentConfig.from(Config.parse(CheckedCheckpointsTest.TINY, "ck.yaml", List.of()));
        Path[] runDir = new Path[1];
        // The disk fills while the first checkpoint is written: the params do not fit, and neither does the
        // next rewrite of steps.csv (here: a folder in its place, so the rewrite fails whoever runs the test).
        Checkpoints.saveHook = tmpDir -> {
            runDir[0] = tmpDir.getParent().getParent();
            Path steps = runDir[0].resolve("steps.csv");
            Files.delete(steps);
            Files.createDirectories(steps.resolve("x"));
            throw new IOException("No space left on device");
        };
        try {
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> TrainingRun.run(cfg, new TrainingRun.Options(tmp, null, false, CheckedCheckpointsTest.quiet())));
            Path params = Checkpoints.dir(runDir[0], Checkpoints.LAST).resolve("encoder-0001.params");
            assertTrue(e.getMessage().startsWith("cannot save checkpoint " + params + " (epoch 1): No space left on device"), e.getMessage());
            assertTrue(Arrays.stream(e.getSuppressed()).anyMatch(s -> s.getMessage().contains("steps.csv")),
                    "the failed rewrite of steps.csv is attached, not thrown instead");
            assertEquals(List.of(), children(runDir[0].resolve("checkpoints")), "no temporary folder left behind");
            String prov = Files.readString(runDir[0].resolve("provenance.json"));
            assertTrue(prov.contains("\"status\": \"failed: java.io.UncheckedIOException: cannot save checkpoint " + params), prov);
        } finally {
            Checkpoints.saveHook = null;
        }
    }

    /**
     * The real thing where the machine allows it (root, tmpfs): training into a 160 kB file system, which
     * holds the run's tables and one tiny checkpoint but not a second.
     */
    @Test
    void aRealFullDiskDuringTrainingNamesTheCheckpoint(@TempDir Path tmp) throws Exception {
        Path mnt = Files.createTempDirectory("tripletlab-full-disk");
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=160k", "tmpfs", mnt.toString()), "cannot mount a tmpfs here (not root?)");
        try {
            ExperimentConfig cfg = ExperimentConfig.from(Config.parse(CheckedCheckpointsTest.TINY, "ck.yaml", List.of()));
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> TrainingRun.run(cfg, new TrainingRun.Options(mnt, null, false, CheckedCheckpointsTest.quiet())));
            assertTrue(e.getMessage().matches("(?s)cannot save checkpoint \\S+/checkpoints/(best|last)/encoder-\\d{4}\\.params "
                    + "\\(epoch \\d\\): No space left on device.*"), e.getMessage());
            try (Stream<Path> s = Files.walk(mnt)) {
                assertFalse(s.anyMatch(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("checkpoints")
                        && p.getFileName().toString().startsWith(".")), "no temporary checkpoint folder left on the full disk");
            }
        } finally {
            run("umount", mnt.toString());
            Files.deleteIfExists(mnt);
        }
    }

    private static boolean run(String... cmd) throws Exception {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> children(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
