package org.tripletlab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.ConfigException;

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
    void sameSweepSameRunIdsAndThreadsArePartOfTheConfig(@TempDir Path dir) throws Exception {
        Path f = sweepFile(dir, "axes: {miner.strategy: [random, hardest], seed: [1, 2]}\n");
        List<String> a = Sweep.load(f).expand(1).stream().map(Sweep.Point::runId).toList();
        List<String> b = Sweep.load(f).expand(1).stream().map(Sweep.Point::runId).toList();
        assertEquals(a, b, "loading and expanding again gives the same run ids");
        List<Sweep.Point> two = Sweep.load(f).expand(2);
        assertEquals(2, two.get(0).config().getInt("train.threads"));
        assertNotEquals(a, two.stream().map(Sweep.Point::runId).toList(), "train.threads is in the resolved config, hence in the id");
        // A grid point is the same config as `tripletlab train base --set …`: the same run id.
        Sweep.Point p = Sweep.load(f).expand(1).get(3);
        assertEquals(p.runId(), org.tripletlab.train.RunDirectory.runId(
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

    @Test
    void shippedSweepsAreValid() {
        Path root = Path.of("experiments/sweeps");
        Sweep mm = Sweep.load(root.resolve("mining-margin.yaml"));
        assertEquals(4 * 3 * 3, mm.size());
        List<Sweep.Point> points = mm.expand(1);
        Map<String, Long> perMiner = points.stream().collect(Collectors.groupingBy(p -> p.config().getString("miner.strategy"), Collectors.counting()));
        assertEquals(Map.of("random", 9L, "semi-hard", 9L, "hardest", 9L, "batch-all", 9L), perMiner);
        assertEquals(Path.of("experiments/lfw-outside-data.yaml").toAbsolutePath().normalize(), mm.base());
        Sweep arch = Sweep.load(root.resolve("architectures.yaml"));
        assertEquals(List.of("encoder.architecture", "encoder.embedding", "seed"), List.copyOf(arch.axes().keySet()));
        assertEquals(3 * 3 * 3, arch.expand(1).size());
    }
}
