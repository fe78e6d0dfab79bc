package org.tripletlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.loss.Loss;
import org.tripletlab.model.Checkpoints;
import org.tripletlab.run.RunDirectory;

/**
 * A run stopped mid-epoch and trained again continues from its last resume state and ends exactly as an
 * uninterrupted run of the same config: the same tables (timing columns aside) and the same checkpoint bytes
 * (issue 11, "Resume"). The stop is an objective that throws at a chosen step (in process, cheap); the kill -9
 * of a child JVM is {@link KilledRunResumeTest}.
 */
class ResumeTest {
    /** 3 epochs × 6 steps, resume states every 4 steps and at each epoch end; flips and shifts draw from the rng. */
    static final String YAML = "name: rs\nseed: 5\ndata: {source: synthetic, image_size: 16, val_images: 40, "
            + "augment: {flip: true, shift: 2}, synthetic: {identities: 24, images_per_identity: 4}}\n"
            + "sampler: {identities: 4, images: 2}\nencoder: {width: 4, embedding: 8}\noptimizer: {lr: 0.01}\n"
            + "train: {epochs: 3, steps_per_epoch: 6, checkpoint_every: 4, checkpoints: true, threads: 1}\n";

    static ExperimentConfig config(String... overrides) {
        return ExperimentConfig.from(Config.parse(YAML, "rs.yaml", List.of(overrides)));
    }

    static TrainingRun.Options options(Path out, ByteArrayOutputStream console, boolean restart) {
        return new TrainingRun.Options(out, null, false, new PrintStream(console, true, StandardCharsets.UTF_8), restart);
    }

    /** The loss, throwing when called for step {@code failAt} (1-based). */
    static java.util.function.UnaryOperator<Loss> failingAt(int failAt) {
        return o -> {
            AtomicInteger calls = new AtomicInteger();
            return (out, labels, rng, sm) -> {
                if (calls.incrementAndGet() == failAt) {
                    throw new IllegalStateException("test stop at step " + failAt);
                }
                return o.compute(out, labels, rng, sm);
            };
        };
    }

    /** Trains {@code cfg} stopped at {@code failAt}, then again (resuming), and once uninterrupted elsewhere; compares. */
    private static void resumesExactly(Path tmp, int failAt, String... overrides) throws IOException {
        ExperimentConfig cfg = config(overrides);
        Path out = tmp.resolve("resumed");
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        RuntimeException stop = assertThrows(RuntimeException.class, () -> TrainingRun.run(cfg, options(out, first, false), failingAt(failAt)));
        assertTrue(stop.getMessage().contains("test stop"), stop.toString());
        Path dir = out.resolve("rs").resolve(RunDirectory.runId(cfg.raw()));
        assertTrue(Files.isRegularFile(ResumeState.dir(dir).resolve("state.json")), "resume state after the stop");

        ByteArrayOutputStream second = new ByteArrayOutputStream();
        TrainingRun.Outcome resumed = TrainingRun.run(cfg, options(out, second, false));
        int from = failAt - 1;
        while (from % 4 != 0 && from % 6 != 0) {
            from--; // the last step with a resume state: every 4 steps and every epoch end (6)
        }
        assertTrue(second.toString().contains("Resuming run " + dir.getFileName() + " in " + dir + " from step " + from + " of 18"),
                second.toString());
        assertEquals(dir, resumed.runDir(), "resumed in the same folder");
        assertFalse(Files.exists(ResumeState.dir(dir)), "resume state deleted once trained");
        assertFalse(Files.exists(dir.resolve(".training.lock")), "lock file removed once trained");
        assertTrue(Files.isRegularFile(dir.resolve(RunDirectory.COMPLETE_MARKER)));

        Path refOut = tmp.resolve("uninterrupted");
        TrainingRun.Outcome ref = TrainingRun.run(cfg, options(refOut, new ByteArrayOutputStream(), false));
        assertSameRun(ref.runDir(), dir);
        assertEquals(ref.validations().size(), resumed.validations().size());
        for (int i = 0; i < ref.validations().size(); i++) {
            assertEquals(ref.validations().get(i).accuracy(), resumed.validations().get(i).accuracy(), 0.0);
            assertEquals(ref.validations().get(i).negatives().mean(), resumed.validations().get(i).negatives().mean(), 0.0);
        }
        assertEquals(ref.bestAccuracy(), resumed.bestAccuracy(), 0.0);
        String prov = Files.readString(dir.resolve("provenance.json"));
        assertTrue(prov.contains("\"resumed\"") && prov.contains("\"from_step\": " + from) && prov.contains("\"status\": \"complete\""), prov);
    }

    /** steps.csv without img/s, epochs.csv without minutes, distances.csv and events.csv whole, checkpoint bytes. */
    static void assertSameRun(Path want, Path got) throws IOException {
        assertEquals(dropColumn(want.resolve("steps.csv"), "img_per_s"), dropColumn(got.resolve("steps.csv"), "img_per_s"), "steps.csv");
        assertEquals(dropColumn(want.resolve("epochs.csv"), "minutes"), dropColumn(got.resolve("epochs.csv"), "minutes"), "epochs.csv");
        assertEquals(Files.readString(want.resolve("distances.csv")), Files.readString(got.resolve("distances.csv")), "distances.csv");
        assertEquals(Files.readString(want.resolve("events.csv")), Files.readString(got.resolve("events.csv")), "events.csv");
        for (String name : List.of(Checkpoints.LAST, Checkpoints.BEST)) {
            List<Path> a = params(Checkpoints.dir(want, name));
            List<Path> b = params(Checkpoints.dir(got, name));
            assertEquals(a.stream().map(p -> p.getFileName().toString()).toList(), b.stream().map(p -> p.getFileName().toString()).toList());
            assertFalse(a.isEmpty(), name + " checkpoint");
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)), a.get(i).getFileName() + " of " + name);
            }
        }
    }

    static List<Path> params(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".params")).sorted().toList();
        }
    }

    /** The table's lines without the named column (a timing), which may differ between runs. */
    static List<String> dropColumn(Path csv, String column) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        int c = List.of(lines.get(0).split(",", -1)).indexOf(column);
        assertTrue(c >= 0, column + " in " + csv);
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
            cells.remove(c);
            out.add(String.join(",", cells));
        }
        return out;
    }

    @Test
    void adamMidEpochAfterAPeriodicState(@TempDir Path tmp) throws IOException {
        resumesExactly(tmp, 11); // states at 4, 6 (epoch end), 8 → resumes from 8, in epoch 2
    }

    @Test
    void sgdWithMomentumRightAfterAnEpochEnd(@TempDir Path tmp) throws IOException {
        resumesExactly(tmp, 7, "optimizer.name=sgd", "optimizer.momentum=0.9", "optimizer.lr=0.05"); // from 6
    }

    @Test
    void adagradInTheLastEpoch(@TempDir Path tmp) throws IOException {
        resumesExactly(tmp, 17, "optimizer.name=adagrad", "optimizer.lr=0.05"); // from 16
    }

    @Test
    void contrastiveLoss(@TempDir Path tmp) throws IOException {
        resumesExactly(tmp, 10, "loss.kind=contrastive", "loss.margin=1.0");
    }

    @Test
    void softmaxLossWithItsClassifierHead(@TempDir Path tmp) throws IOException {
        resumesExactly(tmp, 14, "loss.kind=softmax");
    }

    @Test
    void semiHardMiningWithRandomPicksAndAStepSchedule(@TempDir Path tmp) throws IOException {
        resumesExactly(tmp, 6, "miner.strategy=semi-hard", "miner.pick=random", "optimizer.schedule=step", "optimizer.step_size=5");
    }

    /** Semi-hard (random picks: they draw from the rng) for epoch 1 (steps 1–6), then hardest from step 7. */
    private static final String[] WARM_START = {"miner.strategy=hardest", "miner.warmup.strategy=semi-hard", "miner.warmup.epochs=1",
            "miner.pick=random", "miner.fallback=hardest-negative"};

    @Test
    void minerWarmUpResumedAfterTheSwitch(@TempDir Path tmp) throws IOException {
        resumesExactly(tmp, 11, WARM_START); // from 8: the state was saved by the main miner's second step
        assertOneSwitchAtStep7(tmp);
    }

    @Test
    void minerWarmUpResumedRightBeforeTheSwitch(@TempDir Path tmp) throws IOException {
        resumesExactly(tmp, 7, WARM_START); // stopped in step 7 after its switch row; from 6: step 7 switches again, once
        assertOneSwitchAtStep7(tmp);
    }

    private static void assertOneSwitchAtStep7(Path tmp) throws IOException {
        Path dir = tmp.resolve("resumed").resolve("rs").resolve(RunDirectory.runId(config(WARM_START).raw()));
        List<String> switches = Files.readAllLines(dir.resolve("events.csv")).stream().filter(l -> l.contains("miner-switch")).toList();
        assertEquals(1, switches.size(), switches.toString());
        assertTrue(switches.get(0).startsWith("7,2,miner-switch,") && switches.get(0).contains("from semi-hard to hardest at step 7"),
                switches.get(0));
    }

    /** Stops {@code cfg} at {@code failAt}; returns the stopped run's folder. */
    private static Path stopped(Path out, ExperimentConfig cfg, int failAt) {
        assertThrows(RuntimeException.class, () -> TrainingRun.run(cfg, options(out, new ByteArrayOutputStream(), false), failingAt(failAt)));
        return out.resolve("rs").resolve(RunDirectory.runId(cfg.raw()));
    }

    private static void assertFromStepZero(Path dir) throws IOException {
        List<String> steps = Files.readAllLines(dir.resolve("steps.csv"));
        assertEquals(19, steps.size(), "header + 18 steps");
        assertTrue(steps.get(1).startsWith("1,1,"), steps.get(1));
        String prov = Files.readString(dir.resolve("provenance.json"));
        assertFalse(prov.contains("\"resumed\""), prov);
    }

    @Test
    void restartTrainsANewAttemptFromStepZeroAndKeepsTheStoppedOne(@TempDir Path tmp) throws IOException {
        ExperimentConfig cfg = config();
        Path out = tmp.resolve("out");
        Path dir = stopped(out, cfg, 6);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        TrainingRun.Outcome o = TrainingRun.run(cfg, options(out, console, true));
        assertTrue(console.toString().contains("--restart: not resuming the unfinished attempt"), console.toString());
        assertFalse(console.toString().contains("Resuming"), console.toString());
        assertEquals(dir.resolveSibling(dir.getFileName() + "-2"), o.runDir());
        assertFromStepZero(o.runDir());
        assertTrue(Files.isRegularFile(ResumeState.dir(dir).resolve("state.json")), "the stopped attempt is left as it is");
        assertFalse(Files.exists(dir.resolve(RunDirectory.TRAINED_MARKER)));
    }

    @Test
    void aFolderWithoutResumeStateGetsANewAttemptAsBefore(@TempDir Path tmp) throws IOException {
        ExperimentConfig cfg = config();
        Path out = tmp.resolve("out");
        Path dir = stopped(out, cfg, 3); // before the first resume state (step 4)
        assertFalse(Files.exists(ResumeState.dir(dir)));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        TrainingRun.Outcome o = TrainingRun.run(cfg, options(out, console, false));
        assertTrue(console.toString().contains("without a resume state to continue from"), console.toString());
        assertEquals(dir.resolveSibling(dir.getFileName() + "-2"), o.runDir());
        assertFromStepZero(o.runDir());
    }

    @Test
    void otherDataSinceTheStopGetsANewAttempt(@TempDir Path tmp) throws IOException {
        ExperimentConfig cfg = config();
        Path out = tmp.resolve("out");
        Path dir = stopped(out, cfg, 6);
        // As if the images had changed since: the recorded manifest no longer matches the data read now.
        Path prov = dir.resolve("provenance.json");
        Files.writeString(prov, Files.readString(prov).replaceFirst("\"manifest_sha256\": \"[0-9a-f]+\"", "\"manifest_sha256\": \"0123abcd\""));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        TrainingRun.Outcome o = TrainingRun.run(cfg, options(out, console, false));
        assertTrue(console.toString().contains("Not resuming " + dir + ": it was trained on other data"), console.toString());
        assertEquals(dir.resolveSibling(dir.getFileName() + "-2"), o.runDir());
        assertFromStepZero(o.runDir());
    }

    @Test
    void aFolderAnotherTrainingHoldsIsNotResumed(@TempDir Path tmp) throws Exception {
        ExperimentConfig cfg = config();
        Path out = tmp.resolve("out");
        Path dir = stopped(out, cfg, 6);
        try (java.io.Closeable held = RunDirectory.at(dir).lockForTraining()) {
            assertTrue(held != null);
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            TrainingRun.Outcome o = TrainingRun.run(cfg, options(out, console, false));
            assertTrue(console.toString().contains("Not resuming " + dir + ": another training is running in it."), console.toString());
            assertEquals(dir.resolveSibling(dir.getFileName() + "-2"), o.runDir());
            assertFromStepZero(o.runDir());
        }
    }

    @Test
    void theTrainCommandResumesAndRestartsOnRequest(@TempDir Path tmp) throws Exception {
        ExperimentConfig cfg = config();
        Path file = Files.writeString(tmp.resolve("rs.yaml"), YAML);
        Path resumedOut = tmp.resolve("resumed");
        Path dir = stopped(resumedOut, cfg, 6);
        assertEquals(0, org.tripletlab.cli.Main.execute("train", file.toString(), "--out", resumedOut.toString()));
        assertTrue(Files.isRegularFile(dir.resolve(RunDirectory.COMPLETE_MARKER)), "resumed and finished in its folder");
        assertTrue(Files.readString(dir.resolve("provenance.json")).contains("\"from_step\": 4"));
        assertFalse(Files.exists(dir.resolveSibling(dir.getFileName() + "-2")));

        Path restartedOut = tmp.resolve("restarted");
        Path first = stopped(restartedOut, cfg, 6);
        assertEquals(0, org.tripletlab.cli.Main.execute("train", file.toString(), "--out", restartedOut.toString(), "--restart"));
        assertFalse(Files.exists(first.resolve(RunDirectory.COMPLETE_MARKER)));
        assertTrue(Files.isRegularFile(first.resolveSibling(first.getFileName() + "-2").resolve(RunDirectory.COMPLETE_MARKER)));
        assertFromStepZero(first.resolveSibling(first.getFileName() + "-2"));
    }

    @Test
    void aSweepResumesItsKilledRunAndRestartsItOnRequest(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("exp/sweeps"));
        Files.writeString(tmp.resolve("exp/rs.yaml"), YAML);
        Path f = Files.writeString(tmp.resolve("exp/sweeps/one.yaml"), "base: ../rs.yaml\naxes: {seed: [5]}\n");
        org.tripletlab.sweep.Sweep sweep = org.tripletlab.sweep.Sweep.load(f);
        ExperimentConfig cfg = ExperimentConfig.from(sweep.expand(1).get(0).config());
        for (boolean restart : new boolean[] {false, true}) {
            Path out = tmp.resolve("out-" + restart);
            Path dir = stopped(out, cfg, 6);
            org.tripletlab.sweep.SweepRunner.Result r = org.tripletlab.sweep.SweepRunner.run(sweep, new org.tripletlab.sweep.SweepRunner.Options(
                    out, null, 1, 1, org.tripletlab.sweep.SweepRunner.Launch.IN_PROCESS, new PrintStream(new ByteArrayOutputStream()), restart));
            assertEquals(1, r.trained());
            Path second = dir.resolveSibling(dir.getFileName() + "-2");
            assertEquals(!restart, Files.isRegularFile(dir.resolve(RunDirectory.COMPLETE_MARKER)), "resumed in place unless --restart");
            assertEquals(restart, Files.isRegularFile(second.resolve(RunDirectory.COMPLETE_MARKER)), "a new attempt with --restart");
        }
    }
}
