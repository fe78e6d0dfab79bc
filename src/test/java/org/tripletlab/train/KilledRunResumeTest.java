package org.tripletlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.run.RunDirectory;

/**
 * Issue 11, "Resume", exactly: a child JVM trains a small config; the test kills it with {@code kill -9} at a random
 * step, trains the same config again, which resumes from the last resume state in the same folder, and compares
 * with an uninterrupted run of the config in another results folder: {@code steps.csv} and {@code epochs.csv}
 * identical but for their timing columns, {@code distances.csv}, {@code events.csv} and the last and best
 * checkpoints byte-identical.
 */
class KilledRunResumeTest {
    /** 3 epochs × 8 steps, a resume state every 2 steps. */
    static final String YAML = "name: kr\nseed: 11\ndata: {source: synthetic, image_size: 16, val_images: 40, "
            + "augment: {flip: true, shift: 2}, synthetic: {identities: 24, images_per_identity: 4}}\n"
            + "sampler: {identities: 4, images: 2}\nencoder: {width: 4, embedding: 8}\noptimizer: {lr: 0.01, schedule: cosine}\n"
            + "train: {epochs: 3, steps_per_epoch: 8, checkpoint_every: 2, checkpoints: true, threads: 1}\n";
    static final int TOTAL = 24;

    static ExperimentConfig config() {
        return ExperimentConfig.from(Config.parse(YAML, "kr.yaml", List.of()));
    }

    /** Child JVM: trains {@link #YAML} into {@code args[0]}, each step slowed a little so the kill lands near its step. */
    public static void main(String[] args) {
        TrainingRun.run(config(), new TrainingRun.Options(Path.of(args[0]), null, false, new PrintStream(System.out, true, StandardCharsets.UTF_8)),
                o -> (out, labels, rng, sm) -> {
                    try {
                        Thread.sleep(150);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return o.compute(out, labels, rng, sm);
                });
    }

    @Test
    void aRunKilledAtARandomStepResumesToTheSameResultsAsAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        // A new kill point every run, printed; -Dtripletlab.killSeed=<seed> repeats one.
        long seed = Long.getLong("tripletlab.killSeed", System.nanoTime());
        Random random = new Random(seed);
        int killAfter = 3 + random.nextInt(TOTAL - 6); // rows of steps.csv seen before the kill: 3..20
        int delayMs = random.nextInt(300); // then up to two steps more, so the kill may land mid-step or mid-save
        System.out.println("KilledRunResumeTest: seed " + seed + ", kill -9 " + delayMs + " ms after steps.csv has "
                + killAfter + " rows");
        ExperimentConfig cfg = config();
        Path out = tmp.resolve("killed");
        Path dir = out.resolve("kr").resolve(RunDirectory.runId(cfg.raw()));
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(List.of(), KilledRunResumeTest.class, out.toString()))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile());
        pb.directory(new File(System.getProperty("user.dir")));
        Process child = pb.start();
        int rowsAtKill;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (rows(dir.resolve("steps.csv")) < killAfter) {
                assertTrue(child.isAlive(), "child ended before the kill:\n" + Files.readString(tmp.resolve("child.log")));
                assertTrue(System.nanoTime() < deadline, "no progress:\n" + Files.readString(tmp.resolve("child.log")));
                Thread.sleep(5);
            }
            Thread.sleep(delayMs);
            child.destroyForcibly(); // SIGKILL: no shutdown hook, nothing flushed
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            rowsAtKill = rows(dir.resolve("steps.csv"));
        } finally {
            child.destroyForcibly();
        }
        assertFalse(Files.exists(dir.resolve(RunDirectory.TRAINED_MARKER)), "killed before the end");
        ResumeState saved = ResumeState.read(ResumeState.find(dir));
        System.out.println("KilledRunResumeTest: killed with " + rowsAtKill + " rows in steps.csv; last resume state at step " + saved.step());

        ByteArrayOutputStream console = new ByteArrayOutputStream();
        TrainingRun.Outcome resumed = TrainingRun.run(cfg, new TrainingRun.Options(out, null, false,
                new PrintStream(console, true, StandardCharsets.UTF_8)));
        assertTrue(console.toString().contains("Resuming run " + dir.getFileName() + " in " + dir + " from step " + saved.step() + " of " + TOTAL),
                console.toString());
        assertEquals(dir, resumed.runDir());

        TrainingRun.Outcome ref = TrainingRun.run(cfg, new TrainingRun.Options(tmp.resolve("uninterrupted"), null, false,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        ResumeTest.assertSameRun(ref.runDir(), dir);
    }

    private static int rows(Path csv) throws IOException {
        try {
            return Math.max(0, Files.readAllLines(csv).size() - 1);
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        }
    }
}
