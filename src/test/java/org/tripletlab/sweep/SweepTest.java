package org.tripletlab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.component.ConfigException;
import org.tripletlab.config.ExperimentConfig;

/** Sweep files: grid order, validation through Config, stable run ids. No training here. */
class SweepTest {
    static final String BASE = """
            name: tiny
            seed: 1
            data:
              source: synthetic
              image_size: 32
              split: {val_fraction: 0.25}
              val_images: 40
              synthetic: {identities: 40, images_per_identity: 4}
            sampler: {identities: 4, images: 2}
            encoder: {architecture: small-conv, embedding: 16, width: 8}
            train: {steps: 4, steps_per_epoch: 2, checkpoints: false}
            """;

    static Path write(Path dir, String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    static Path sweepFile(Path dir, String axesAndSet) throws Exception {
        write(dir, "exp/tiny.yaml", BASE);
        return write(dir, "exp/sweeps/grid.yaml", "base: ../tiny.yaml\n" + axesAndSet);
    }

    @Test
    void fullGridInNestedLoopOrderWithSetAppliedToEveryPoint(@TempDir Path dir) throws Exception {
        Path f = sweepFile(dir, """
                set: {optimizer.lr: 0.002}
                axes:
                  miner.strategy: [random, semi-hard, hardest, batch-all]
                  loss: {margin: [0.05, 0.2, 0.5]}
                  seed: [1, 2, 3]
                """);
        Sweep s = Sweep.load(f);
        assertEquals("grid", s.name(), "the file name without .yaml");
        assertEquals(List.of("miner.strategy", "loss.margin", "seed"), List.copyOf(s.axes().keySet()));
        List<Sweep.Point> points = s.expand(0);
        assertEquals(4 * 3 * 3, points.size());
        assertEquals(36, s.size());
        // First axis outermost, last fastest.
        assertEquals("miner.strategy=random loss.margin=0.05 seed=1", points.get(0).label());
        assertEquals("miner.strategy=random loss.margin=0.05 seed=2", points.get(1).label());
        assertEquals("miner.strategy=random loss.margin=0.2 seed=1", points.get(3).label());
        assertEquals("miner.strategy=semi-hard loss.margin=0.05 seed=1", points.get(9).label());
        assertEquals("miner.strategy=batch-all loss.margin=0.5 seed=3", points.get(35).label());
        for (int i = 0; i < points.size(); i++) {
            Sweep.Point p = points.get(i);
            assertEquals(i + 1, p.index());
            assertEquals(0.002, p.config().getDouble("optimizer.lr"));
            assertEquals(p.axisValues().get("miner.strategy"), p.config().getString("miner.strategy"));
            assertEquals(((Number) p.axisValues().get("loss.margin")).doubleValue(), p.config().getDouble("loss.margin"));
            assertEquals(((Number) p.axisValues().get("seed")).longValue(), p.config().getLong("seed"));
            assertEquals("tiny", p.experiment());
        }
        assertEquals(36, points.stream().map(Sweep.Point::runId).distinct().count(), "every grid point its own run id");
    }

    @Test
    void sameSweepSameRunIdsAndThreadsAreInTheConfigButNotTheId(@TempDir Path dir) throws Exception {
        Path f = sweepFile(dir, "axes: {miner.strategy: [random, hardest], seed: [1, 2]}\n");
        List<String> a = Sweep.load(f).expand(1).stream().map(Sweep.Point::runId).toList();
        List<String> b = Sweep.load(f).expand(1).stream().map(Sweep.Point::runId).toList();
        assertEquals(a, b, "loading and expanding again gives the same run ids");
        List<Sweep.Point> two = Sweep.load(f).expand(2);
        assertEquals(2, two.get(0).config().getInt("train.threads"));
        assertEquals(a, two.stream().map(Sweep.Point::runId).toList(), "train.threads is in the resolved config, but not in the id");
        assertEquals(a, Sweep.load(f).expand(0).stream().map(Sweep.Point::runId).toList(), "nor is the base file's default thread count");
        // A grid point is the same config as `tripletlab train base --set …`: the same run id.
        Sweep.Point p = Sweep.load(f).expand(1).get(3);
        assertEquals(p.runId(), org.tripletlab.run.RunDirectory.runId(
                org.tripletlab.config.Config.load(dir.resolve("exp/tiny.yaml"), List.of("miner.strategy=hardest", "seed=2", "train.threads=1"))));
        // The sweep's own train.threads wins over the worker split.
        Path fixed = write(dir, "exp/sweeps/fixed.yaml", "base: ../tiny.yaml\nset: {train.threads: 1}\naxes: {seed: [1, 2]}\n");
        assertTrue(Sweep.load(fixed).expand(2).stream().allMatch(q -> q.config().getInt("train.threads") == 1));
    }

    @Test
    void errorsNameTheSweepFileTheKeyAndTheValue(@TempDir Path dir) throws Exception {
        Path typo = sweepFile(dir, "axes: {miner.stratgy: [random, hardest]}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Sweep.load(typo));
        assertTrue(e.getMessage().startsWith(typo.toString() + ": axes.miner.stratgy: unknown key 'miner.stratgy'")
                && e.getMessage().contains("did you mean 'miner.strategy'"), e.getMessage());

        Path badValue = sweepFile(dir, "axes: {loss.margin: [0.2, -1]}\n");
        e = assertThrows(ConfigException.class, () -> Sweep.load(badValue));
        assertTrue(e.getMessage().startsWith(badValue.toString() + ": axes.loss.margin value -1: -1 is not allowed; expected a number in [0, 4]"), e.getMessage());

        Path badChoice = sweepFile(dir, "axes: {miner.strategy: [random, hardst]}\n");
        e = assertThrows(ConfigException.class, () -> Sweep.load(badChoice));
        assertTrue(e.getMessage().contains("axes.miner.strategy value hardst") && e.getMessage().contains("semi-hard"), e.getMessage());

        Path badSet = sweepFile(dir, "set: {sampler.images: 1}\naxes: {seed: [1]}\n");
        e = assertThrows(ConfigException.class, () -> Sweep.load(badSet));
        assertTrue(e.getMessage().contains("set.sampler.images"), e.getMessage());

        Path notList = sweepFile(dir, "axes: {seed: 3}\n");
        e = assertThrows(ConfigException.class, () -> Sweep.load(notList));
        assertTrue(e.getMessage().contains("axes.seed") && e.getMessage().contains("list"), e.getMessage());

        Path both = sweepFile(dir, "set: {seed: 1}\naxes: {seed: [1, 2]}\n");
        assertThrows(ConfigException.class, () -> Sweep.load(both));

        Path unknownTop = sweepFile(dir, "axis: {seed: [1]}\n");
        e = assertThrows(ConfigException.class, () -> Sweep.load(unknownTop));
        assertTrue(e.getMessage().contains("unknown key 'axis'"), e.getMessage());

        Path noBase = write(dir, "exp/sweeps/nobase.yaml", "base: ../missing.yaml\naxes: {seed: [1]}\n");
        e = assertThrows(ConfigException.class, () -> Sweep.load(noBase));
        assertTrue(e.getMessage().contains("missing.yaml"), e.getMessage());

        // Cross-key rules are checked per grid point: train.steps together with train.epochs.
        Path cross = sweepFile(dir, "axes: {train.epochs: [1, 2]}\n");
        Sweep s = Sweep.load(cross);
        e = assertThrows(ConfigException.class, () -> s.expand(0));
        assertTrue(e.getMessage().startsWith(cross.toString()) && e.getMessage().contains("grid point 1")
                && e.getMessage().contains("train.steps"), e.getMessage());
    }

    /** A fitted baseline (nothing trained) and a trained one beside the tiny base, in exp/baselines/. */
    static void writeBaselines(Path dir) throws Exception {
        write(dir, "exp/baselines/pixels.yaml", """
                name: tiny-pixels
                seed: 7
                data:
                  source: synthetic
                  image_size: 32
                  split: {val_fraction: 0.25}
                  val_images: 40
                  synthetic: {identities: 40, images_per_identity: 4}
                sampler: {identities: 4, images: 2}
                baseline: {kind: pixels}
                """);
        write(dir, "exp/baselines/softmax.yaml", BASE.replace("name: tiny", "name: tiny-softmax") + "loss: {kind: softmax}\n");
    }

    @Test
    void baselinesRunForEverySeedAfterTheGridWithTheirOwnSetOnly(@TempDir Path dir) throws Exception {
        writeBaselines(dir);
        String grid = """
                set: {optimizer.lr: 0.002}
                axes:
                  miner.strategy: [random, hardest]
                  seed: [1, 2]
                """;
        Path plain = sweepFile(dir, grid);
        Path with = write(dir, "exp/sweeps/with.yaml", "base: ../tiny.yaml\n" + grid + """
                baselines:
                  - ../baselines/pixels.yaml
                  - {file: ../baselines/softmax.yaml, set: {train.steps: 2, optimizer: {warmup_steps: 1}}}
                """);
        Sweep s = Sweep.load(with);
        assertEquals(4, s.size(), "size() counts the grid only");
        assertEquals(4, s.baselineRuns(), "2 entries × 2 seeds");
        for (int threads : new int[] {0, 1, 2}) {
            List<Sweep.Point> points = s.expand(threads);
            assertEquals(8, points.size());
            assertEquals(Sweep.load(plain).expand(threads).stream().map(Sweep.Point::runId).toList(),
                    points.subList(0, 4).stream().map(Sweep.Point::runId).toList(), "adding baselines changes no grid run id (threads " + threads + ")");
        }
        List<Sweep.Point> points = s.expand(2);
        assertEquals(List.of(5, 6, 7, 8), points.subList(4, 8).stream().map(Sweep.Point::index).toList(), "numbered after the grid");
        assertEquals(List.of("tiny-pixels seed=1", "tiny-pixels seed=2", "tiny-softmax seed=1", "tiny-softmax seed=2"),
                points.subList(4, 8).stream().map(Sweep.Point::label).toList());
        assertTrue(points.subList(0, 4).stream().noneMatch(Sweep.Point::isBaseline));
        Sweep.Point pixels1 = points.get(4);
        assertEquals(dir.resolve("exp/baselines/pixels.yaml").toAbsolutePath().normalize(), pixels1.experimentFile());
        assertEquals(1L, pixels1.config().getLong("seed"), "the grid's seeds replace the file's seed 7");
        assertEquals(2, pixels1.config().getInt("train.threads"), "the same thread split as the grid");
        assertEquals(List.of("seed=1", "train.threads=2"), pixels1.overrides());
        Sweep.Point softmax2 = points.get(7);
        assertEquals(List.of("train.steps=2", "optimizer.warmup_steps=1", "seed=2", "train.threads=2"), softmax2.overrides());
        assertEquals(0.001, softmax2.config().getDouble("optimizer.lr"), "the sweep's top-level set is not applied to baselines");
        assertEquals(0.002, points.get(0).config().getDouble("optimizer.lr"));
        assertEquals(2, softmax2.config().getInt("train.steps"));
        assertEquals("tiny-softmax", softmax2.experiment());
        assertEquals(softmax2.runId(), org.tripletlab.run.RunDirectory.runId(org.tripletlab.config.Config.load(
                dir.resolve("exp/baselines/softmax.yaml"), List.of("train.steps=2", "optimizer.warmup_steps=1", "seed=2", "train.threads=2"))),
                "a baseline run is the config of `tripletlab train <file> --set …`");

        // Without a seed axis each baseline runs once, with its file's own seed.
        Path noSeed = write(dir, "exp/sweeps/noseed.yaml", "base: ../tiny.yaml\naxes: {loss.margin: [0.1, 0.3]}\nbaselines: [../baselines/pixels.yaml]\n");
        List<Sweep.Point> once = Sweep.load(noSeed).expand(0);
        assertEquals(3, once.size());
        assertEquals(7L, once.get(2).config().getLong("seed"));
        assertEquals("tiny-pixels", once.get(2).label());
        assertEquals(List.of(), once.get(2).overrides());
    }

    @Test
    void baselineErrorsNameTheSweepFileAndTheEntry(@TempDir Path dir) throws Exception {
        writeBaselines(dir);
        Path missing = sweepFile(dir, "axes: {seed: [1]}\nbaselines: [../baselines/pixles.yaml]\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Sweep.load(missing));
        assertTrue(e.getMessage().startsWith(missing + ": baselines entry 1: ") && e.getMessage().contains("pixles.yaml does not exist"), e.getMessage());

        Path badKey = sweepFile(dir, "axes: {seed: [1]}\nbaselines:\n  - ../baselines/pixels.yaml\n  - {file: ../baselines/softmax.yaml, set: {train.epochz: 3}}\n");
        e = assertThrows(ConfigException.class, () -> Sweep.load(badKey));
        assertTrue(e.getMessage().startsWith(badKey + ": baselines entry 2 (../baselines/softmax.yaml): set.train.epochz: unknown key"), e.getMessage());

        Path badValue = sweepFile(dir, "axes: {seed: [1]}\nbaselines: [{file: ../baselines/softmax.yaml, set: {optimizer.lr: -1}}]\n");
        e = assertThrows(ConfigException.class, () -> Sweep.load(badValue));
        assertTrue(e.getMessage().startsWith(badValue + ": baselines entry 1 (../baselines/softmax.yaml): set.optimizer.lr: -1 is not allowed"), e.getMessage());

        Path seed = sweepFile(dir, "axes: {seed: [1, 2]}\nbaselines: [{file: ../baselines/pixels.yaml, set: {seed: 3}}]\n");
        e = assertThrows(ConfigException.class, () -> Sweep.load(seed));
        assertTrue(e.getMessage().contains("baselines entry 1 (../baselines/pixels.yaml): set.seed") && e.getMessage().contains("seed axis"), e.getMessage());

        Path twice = sweepFile(dir, "axes: {seed: [1]}\nbaselines: [../baselines/pixels.yaml, ../baselines/../baselines/pixels.yaml]\n");
        Sweep s = Sweep.load(twice);
        e = assertThrows(ConfigException.class, () -> s.expand(0));
        assertTrue(e.getMessage().startsWith(twice + ": baselines entry 2 (../baselines/../baselines/pixels.yaml) (tiny-pixels seed=1) resolves to the same config")
                && e.getMessage().contains("baselines entry 1"), e.getMessage());

        Path notList = sweepFile(dir, "axes: {seed: [1]}\nbaselines: ../baselines/pixels.yaml\n");
        e = assertThrows(ConfigException.class, () -> Sweep.load(notList));
        assertTrue(e.getMessage().startsWith(notList + ": key 'baselines': expected a list"), e.getMessage());

        Path unknown = sweepFile(dir, "axes: {seed: [1]}\nbaselines: [{path: ../baselines/pixels.yaml}]\n");
        e = assertThrows(ConfigException.class, () -> Sweep.load(unknown));
        assertTrue(e.getMessage().contains("baselines entry 1: unknown key 'path'"), e.getMessage());

        // Cross-key rules of the baseline's own file are checked per run: train.epochs beside the file's train.steps.
        Path cross = sweepFile(dir, "axes: {seed: [1]}\nbaselines: [{file: ../baselines/softmax.yaml, set: {train.epochs: 2}}]\n");
        Sweep c = Sweep.load(cross);
        e = assertThrows(ConfigException.class, () -> c.expand(0));
        assertTrue(e.getMessage().startsWith(cross + ": baselines entry 1 (../baselines/softmax.yaml) with train.epochs=2, seed=1: ")
                && e.getMessage().contains("train.steps"), e.getMessage());
    }

    /**
     * Issue 16's studies on outside-data protocol v2: the miner study (5 miners at α = 0.2, two of them at two more margins,
     * a warm start and a large batch, × 3 seeds, then six baselines per seed on the same data and budget) and the encoder
     * study, both on the 1-hour recipe at 6,000 steps of small-conv (the other encoders at the same wall-clock budget).
     */
    @Test
    void protocolV2StudiesAreTheirDesign() {
        Path root = Path.of("experiments/sweeps");
        Sweep mm = Sweep.load(root.resolve("mining-margin-v2.yaml"));
        assertEquals(Path.of("experiments/lfw-1h.yaml").toAbsolutePath().normalize(), mm.base());
        List<Sweep.Point> all = mm.expand(1);
        assertEquals(33 + 18, all.size());
        List<Sweep.Point> grid = all.subList(0, 33);
        assertTrue(grid.stream().noneMatch(Sweep.Point::isBaseline));
        Map<String, Long> perMiner = grid.stream().collect(Collectors.groupingBy(p -> p.config().getString("miner.strategy"), Collectors.counting()));
        assertEquals(Map.of("random", 3L, "semi-hard", 12L, "hardest", 6L, "batch-all", 9L, "distance-weighted", 3L), perMiner);
        for (Sweep.Point p : grid) {
            ExperimentConfig c = ExperimentConfig.from(p.config());
            assertEquals(List.of("celeba", "celeba-test", "cfp"), c.data().sources().names(), p.label());
            assertEquals(List.of("lfw", "lfw-dev"), c.eval().benchmarks(), p.label());
            int batch = p.config().getInt("sampler.identities") * p.config().getInt("sampler.images");
            // equal images: 6,000 steps of 96 faces, or 320 of 1,800
            assertEquals(6000 * 96, p.config().getInt("train.steps") * batch, p.label());
        }
        assertEquals(33, grid.stream().map(Sweep.Point::runId).distinct().count());
        for (Sweep.Point b : all.subList(33, 51)) {
            ExperimentConfig c = ExperimentConfig.from(b.config());
            assertEquals(List.of("celeba", "celeba-test", "cfp"), c.data().sources().names(), b.label() + ": the grid's protocol");
            assertTrue(b.config().getString("name").startsWith("baseline-") && b.config().getString("name").endsWith("-v2"), b.label());
            assertEquals(List.of(), c.eval().allowTestOverlap(), b.label());
            if (!c.baseline().fitted()) {
                assertEquals(6000, b.config().getInt("train.steps"), b.label() + ": the grid's budget");
                assertEquals("bf16", b.config().getString("train.precision"), b.label());
            }
        }
        Sweep arch = Sweep.load(root.resolve("architectures-v2.yaml"));
        List<Sweep.Point> archPoints = arch.expand(1);
        assertEquals(15, archPoints.size());
        Map<String, Long> perEncoder = archPoints.stream().collect(Collectors.groupingBy(p -> p.config().getString("encoder.architecture"), Collectors.counting()));
        assertEquals(Map.of("small-conv", 9L, "resnet", 3L, "inception-small", 3L), perEncoder);
        for (Sweep.Point p : archPoints) {
            ExperimentConfig c = ExperimentConfig.from(p.config());
            assertEquals(List.of("celeba", "celeba-test", "cfp"), c.data().sources().names(), p.label());
            assertEquals("architectures-v2", p.config().getString("name"), p.label());
        }
    }

    /**
     * The 1-hour recipe's sweeps: the ablation chooses on View 1 and validation only (no point evaluates LFW View 2),
     * every probe in bf16 on one thread; the recipe's seed sweep is seeds 42-44 of experiments/lfw-1h.yaml, which
     * reports View 2, View 1 and CFP-FP (the last marked not a test number) and trains in bf16 for a step budget.
     */
    @Test
    void lfw1hSweepsChooseOnView1AndReportView2() {
        Path root = Path.of("experiments/sweeps");
        List<Sweep.Point> probes = Sweep.load(root.resolve("lfw-1h-ablation.yaml")).expand(2);
        assertEquals(7, probes.size());
        for (Sweep.Point p : probes) {
            ExperimentConfig c = ExperimentConfig.from(p.config());
            assertEquals(List.of("lfw-dev"), c.eval().benchmarks(), p.label());
            assertEquals("bf16", p.config().getString("train.precision"), p.label());
            assertEquals(1, p.config().getInt("train.threads"), p.label() + ": the probe's own thread count, not cores / workers");
            assertEquals("lfw-1h", p.config().getString("name"), p.label());
        }
        assertEquals(7, probes.stream().map(Sweep.Point::runId).distinct().count(), "seven distinct probes");
        List<Sweep.Point> seeds = Sweep.load(root.resolve("lfw-1h-seeds.yaml")).expand(1);
        assertEquals(List.of(42L, 43L, 44L), seeds.stream().map(p -> p.config().getLong("seed")).toList());
        for (Sweep.Point p : seeds) {
            ExperimentConfig c = ExperimentConfig.from(p.config());
            assertEquals(List.of("lfw", "lfw-dev", "cfp-fp"), c.eval().benchmarks(), p.label());
            assertEquals(List.of("cfp-fp"), c.eval().allowTestOverlap(), p.label());
            assertEquals("bf16", p.config().getString("train.precision"), p.label());
            assertEquals(27000, p.config().getInt("train.steps"), p.label());
        }
    }
}
