package org.tripletlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.eval.RunEvaluatorTest;
import org.tripletlab.experiment.ExperimentRun;
import org.tripletlab.projection.LinearProjection;
import org.tripletlab.run.RunDirectory;
import org.tripletlab.train.ChildJvm;
import org.tripletlab.train.TrainingRun;

/**
 * A fitted baseline has the states of a trained run (issue 11): TRAINED after the fit, COMPLETE after its
 * benchmark evaluation (a failed evaluation is retried without refitting), and SIGTERM recorded as
 * {@code interrupted: SIGTERM}. Before, a baseline whose evaluation failed was fitted again from scratch, and a
 * signalled one kept saying "running".
 */
class BaselineRunStatesTest {
    static ExperimentConfig config(String name, String benchmarks) {
        return ExperimentConfig.from(Config.parse("name: " + name + "\ndata: {source: synthetic, image_size: 32, val_images: 80, "
                + "synthetic: {identities: 40, images_per_identity: 4}}\nsampler: {identities: 8, images: 4}\n"
                + "baseline: {kind: eigenfaces, components: 8}\neval: {benchmarks: " + benchmarks + "}\n", name + ".yaml", List.of()));
    }

    @Test
    void failedEvaluationLeavesTrainedAndIsRetriedWithoutRefitting(@TempDir Path tmp) throws Exception {
        Path root = RunEvaluatorTest.fixtureLfw(tmp.resolve("data"));
        Path pairs = root.resolve("lfw/pairsDevTest.txt");
        Path aside = tmp.resolve("pairsDevTest.txt");
        ExperimentConfig cfg = config("blev", "[lfw-dev]");
        Path out = tmp.resolve("out");
        ByteArrayOutputStream c1 = new ByteArrayOutputStream();
        // The protocol is read before the fit; take its file away after the fit, so the evaluation fails.
        assertThrows(RuntimeException.class, () -> BaselineRun.fit(cfg,
                new TrainingRun.Options(out, root, false, new PrintStream(c1, true, StandardCharsets.UTF_8)), () -> {
                    try {
                        Files.move(pairs, aside);
                    } catch (IOException x) {
                        throw new UncheckedIOException(x);
                    }
                }));
        Path dir = out.resolve("blev").resolve(RunDirectory.runId(cfg.raw()));
        assertTrue(Files.isRegularFile(dir.resolve(RunDirectory.TRAINED_MARKER)), c1.toString());
        assertFalse(Files.exists(dir.resolve(RunDirectory.COMPLETE_MARKER)));
        assertTrue(Files.readString(dir.resolve("provenance.json")).contains("\"status\": \"trained; evaluation failed"),
                Files.readString(dir.resolve("provenance.json")));
        assertTrue(c1.toString().contains("rerun the same command to evaluate it again without training"), c1.toString());
        FileTime fitted = Files.getLastModifiedTime(dir.resolve(LinearProjection.FILE));
        String epochs = Files.readString(dir.resolve("epochs.csv"));

        Files.move(aside, pairs);
        ByteArrayOutputStream c2 = new ByteArrayOutputStream();
        TrainingRun.Outcome again = BaselineRun.run(cfg, new TrainingRun.Options(out, root, false,
                new PrintStream(c2, true, StandardCharsets.UTF_8)));
        assertEquals(dir, again.runDir(), c2.toString());
        assertTrue(c2.toString().contains("evaluating it again (no retraining)"), c2.toString());
        assertFalse(c2.toString().contains("fitting eigenfaces"), "not fitted again\n" + c2);
        assertEquals(fitted, Files.getLastModifiedTime(dir.resolve(LinearProjection.FILE)));
        assertEquals(epochs, Files.readString(dir.resolve("epochs.csv")));
        assertFalse(Files.exists(dir.resolveSibling(dir.getFileName() + "-2")), "no new attempt folder");
        assertTrue(Files.isRegularFile(dir.resolve(RunDirectory.COMPLETE_MARKER)));
        assertTrue(Files.readString(dir.resolve("eval/lfw-dev.json")).contains("\"baseline\": \"eigenfaces\""));
        String prov = Files.readString(dir.resolve("provenance.json"));
        assertTrue(prov.contains("\"status\": \"complete\"") && prov.contains("\"benchmark_accuracy\""), prov);
        assertTrue(BaselineRun.run(cfg, new TrainingRun.Options(out, root, false, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8))).skipped());
    }

    @Test
    void withoutBenchmarksTheFitIsTrainedThenComplete(@TempDir Path tmp) throws Exception {
        TrainingRun.Outcome o = BaselineRun.run(config("blplain", "[]"), new TrainingRun.Options(tmp, null, false,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertTrue(Files.isRegularFile(o.runDir().resolve(RunDirectory.TRAINED_MARKER)));
        assertTrue(Files.isRegularFile(o.runDir().resolve(RunDirectory.COMPLETE_MARKER)));
        assertTrue(Files.readString(o.runDir().resolve("provenance.json")).contains("\"status\": \"complete\""));
    }

    /** The choice between training and fitting is ExperimentRun's: TrainingRun never trains a baseline config. */
    @Test
    void onlyExperimentRunChoosesFitting(@TempDir Path tmp) {
        ExperimentConfig cfg = config("blchoice", "[]");
        TrainingRun.Options opt = new TrainingRun.Options(tmp, null, false,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> TrainingRun.run(cfg, opt));
        TrainingRun.Outcome o = ExperimentRun.run(cfg, opt);
        assertTrue(Files.isRegularFile(o.runDir().resolve(LinearProjection.FILE)));
        assertEquals(0, o.steps());
    }

    /** Child JVM: a baseline fit into {@code args[0]} held after fitting (a long fit) until it is signalled. */
    public static void main(String[] args) {
        BaselineRun.fit(config("blsig", "[]"), new TrainingRun.Options(Path.of(args[0]), null, false,
                new PrintStream(System.out, true, StandardCharsets.UTF_8)), () -> {
                    System.out.println("FITTED");
                    try {
                        Thread.sleep(600_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
    }

    @Test
    void sigtermDuringTheFitIsRecordedAsInterrupted(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(List.of(), BaselineRunStatesTest.class, out.toString()))
                .redirectErrorStream(true);
        pb.directory(new File(System.getProperty("user.dir")));
        Process child = pb.start();
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = ChildJvm.output(child)) {
            ChildJvm.readUntil(r, "FITTED", log);
            child.destroy(); // SIGTERM
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child did not stop on SIGTERM\n" + log);
        } finally {
            child.destroyForcibly();
        }
        Path dir;
        try (var s = Files.list(out.resolve("blsig"))) {
            dir = s.findFirst().orElseThrow();
        }
        String prov = Files.readString(dir.resolve("provenance.json"));
        assertTrue(prov.contains("\"status\": \"interrupted: SIGTERM\""), prov + "\n" + log);
        assertTrue(prov.contains("\"finished\""), prov);
        assertFalse(Files.exists(dir.resolve(RunDirectory.COMPLETE_MARKER)));
        assertFalse(Files.exists(dir.resolve(RunDirectory.TRAINED_MARKER)));
    }
}
