package org.tripletlab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.component.ConfigException;
import org.tripletlab.config.Config;
import org.tripletlab.run.RunDirectory;
import org.tripletlab.run.SweepIndexFile;

/**
 * The {@code extra} sub-grids of a sweep file: the order (seed outermost, then the main grid, then each entry), the
 * overrides of each point checked against {@code tripletlab train --set …}, duplicates and bad entries named, and the
 * extra points listed, indexed, run by number and resumed like grid points.
 */
class SweepExtraTest {
    /** The miner study's shape at toy size: a main grid, a margin sub-grid, a warm start and a larger batch. */
    static final String STUDY = """
            name: study
            set: {optimizer.lr: 0.002}
            axes:
              miner.strategy: [random, semi-hard, hardest]
              seed: [1, 2]
            extra:
              - {miner.strategy: [semi-hard, batch-all], loss: {margin: [0.05, 0.5]}}
              - {miner.strategy: [hardest], miner.warmup.strategy: [semi-hard], miner.warmup.epochs: [1]}
              - {miner.strategy: [semi-hard], sampler.identities: [8], train.steps: [2], optimizer.lr: [0.001]}
            """;

    /** The points the oracle expects, per seed: written out by hand, not by the code under test. */
    private static List<List<String>> expectedPerSeed() {
        return List.of(
                List.of("miner.strategy=random"),
                List.of("miner.strategy=semi-hard"),
                List.of("miner.strategy=hardest"),
                List.of("miner.strategy=semi-hard", "loss.margin=0.05"),
                List.of("miner.strategy=semi-hard", "loss.margin=0.5"),
                List.of("miner.strategy=batch-all", "loss.margin=0.05"),
                List.of("miner.strategy=batch-all", "loss.margin=0.5"),
                List.of("miner.strategy=hardest", "miner.warmup.strategy=semi-hard", "miner.warmup.epochs=1"),
                List.of("miner.strategy=semi-hard", "sampler.identities=8", "train.steps=2", "optimizer.lr=0.001"));
    }

    @Test
    void seedOutermostThenTheGridThenEachEntryEachPointTheConfigOfTrainWithItsOverrides(@TempDir Path dir) throws Exception {
        Path f = SweepTest.sweepFile(dir, STUDY);
        Sweep s = Sweep.load(f);
        assertEquals(6, s.size(), "size() counts the main grid (3 miners × 2 seeds)");
        assertEquals(2 * (4 + 1 + 1), s.extraRuns(), "(2×2 + 1 + 1) extra points × 2 seeds");
        assertEquals(List.of("miner.strategy", "seed", "loss.margin", "miner.warmup.strategy", "miner.warmup.epochs", "sampler.identities",
                "train.steps", "optimizer.lr"), s.indexColumns());
        List<Sweep.Point> points = s.expand(2);
        assertEquals(18, points.size());
        List<List<String>> perSeed = expectedPerSeed();
        Path base = dir.resolve("exp/tiny.yaml");
        for (int i = 0; i < points.size(); i++) {
            Sweep.Point p = points.get(i);
            int seed = i / perSeed.size() + 1;
            List<String> own = perSeed.get(i % perSeed.size());
            assertEquals(i + 1, p.index());
            assertEquals(i % perSeed.size() >= 3, p.isExtra(), p.label());
            assertFalse(p.isBaseline());
            // Oracle: the sweep's set, the point's own keys, the seed, then the worker split — as `tripletlab train base --set …`.
            List<String> set = new ArrayList<>(List.of("optimizer.lr=0.002"));
            set.addAll(own);
            set.add("seed=" + seed);
            set.add("train.threads=2");
            Config expected = Config.load(base, set);
            assertEquals(RunDirectory.runId(expected), p.runId(), p.label());
            assertEquals(seed, p.config().getLong("seed"));
            assertEquals(own.contains("optimizer.lr=0.001") ? 0.001 : 0.002, p.config().getDouble("optimizer.lr"),
                    "an entry's value wins over set: " + p.label());
            assertEquals(2, p.config().getInt("train.threads"));
        }
        assertEquals("miner.strategy=random seed=1", points.get(0).label());
        assertEquals("extra 1: miner.strategy=semi-hard loss.margin=0.05 seed=1", points.get(3).label());
        assertEquals("extra 2: miner.strategy=hardest miner.warmup.strategy=semi-hard miner.warmup.epochs=1 seed=2", points.get(16).label());
        assertEquals("miner.strategy=random seed=2", points.get(9).label(), "seed 2 starts after every point of seed 1");
        assertEquals(0.2, points.get(7).config().getDouble("loss.margin"), "a key the entry does not name keeps the base's value");
        assertEquals(4, points.get(0).config().getInt("train.steps"));
        assertEquals(2, points.get(8).config().getInt("train.steps"), "the large-batch point's train.steps is its own; the base has 4");
        assertEquals(18, points.stream().map(Sweep.Point::runId).distinct().count());
        assertEquals(points.stream().map(Sweep.Point::runId).toList(), Sweep.load(f).expand(0).stream().map(Sweep.Point::runId).toList(),
                "the thread count is not in the run id");
    }

    @Test
    void withoutExtraTheGridIsUnchangedAndExtraPointsAddNoChangeToTheGridsRunIds(@TempDir Path dir) throws Exception {
        String grid = "axes: {miner.strategy: [random, semi-hard, hardest], seed: [1, 2]}\n";
        List<Sweep.Point> plain = Sweep.load(SweepTest.sweepFile(dir, grid)).expand(1);
        // the plain grid: first axis outermost, the seed fastest
        assertEquals(List.of("miner.strategy=random seed=1", "miner.strategy=random seed=2", "miner.strategy=semi-hard seed=1"),
                plain.subList(0, 3).stream().map(Sweep.Point::label).toList());
        assertTrue(plain.stream().noneMatch(Sweep.Point::isExtra));
        Path with = SweepTest.write(dir, "exp/sweeps/with.yaml", "base: ../tiny.yaml\n" + grid
                + "extra:\n  - {miner.strategy: [batch-all]}\n");
        List<Sweep.Point> points = Sweep.load(with).expand(1);
        assertEquals(8, points.size());
        List<String> gridIds = new ArrayList<>();
        for (Sweep.Point p : points) {
            if (!p.isExtra()) {
                gridIds.add(p.runId());
            }
        }
        assertEquals(plain.stream().map(Sweep.Point::runId).sorted().toList(), gridIds.stream().sorted().toList(),
                "the same grid configs (now in seed-outermost order)");
        assertEquals(List.of("miner.strategy=random seed=1", "miner.strategy=semi-hard seed=1", "miner.strategy=hardest seed=1",
                "extra 1: miner.strategy=batch-all seed=1", "miner.strategy=random seed=2"),
                points.subList(0, 5).stream().map(Sweep.Point::label).toList());

        // Without a seed axis the extra points run once, with the base's seed.
        Path noSeed = SweepTest.write(dir, "exp/sweeps/noseed.yaml", "base: ../tiny.yaml\naxes: {loss.margin: [0.1, 0.3]}\n"
                + "extra: [{miner.strategy: [hardest]}]\n");
        List<Sweep.Point> once = Sweep.load(noSeed).expand(0);
        assertEquals(List.of("loss.margin=0.1", "loss.margin=0.3", "extra 1: miner.strategy=hardest"), once.stream().map(Sweep.Point::label).toList());
        assertEquals(1L, once.get(2).config().getLong("seed"));
        assertNull(once.get(0).extra());
    }

    @Test
    void duplicatePointsAndBadEntriesAreNamed(@TempDir Path dir) throws Exception {
        // An extra point equal to a grid point: both named, with their point numbers.
        Path dup = SweepTest.sweepFile(dir, "axes: {miner.strategy: [random, hardest], seed: [1]}\nextra: [{miner.strategy: [hardest]}]\n");
        Sweep d = Sweep.load(dup);
        ConfigException e = assertThrows(ConfigException.class, () -> d.expand(0));
        assertTrue(e.getMessage().startsWith(dup + ": extra entry 1, point 3 (extra 1: miner.strategy=hardest seed=1) resolves to the same config")
                && e.getMessage().contains("as grid point 2 (miner.strategy=hardest seed=1)"), e.getMessage());
        // Two entries giving the same point.
        Path twice = SweepTest.sweepFile(dir, "axes: {seed: [1]}\nextra: [{loss.margin: [0.1]}, {loss.margin: [0.3, 0.1]}]\n");
        Sweep t = Sweep.load(twice);
        e = assertThrows(ConfigException.class, () -> t.expand(0));
        assertTrue(e.getMessage().contains("extra entry 2, point 4") && e.getMessage().contains("as extra entry 1, point 2"), e.getMessage());

        Path seed = SweepTest.sweepFile(dir, "axes: {seed: [1, 2]}\nextra: [{loss.margin: [0.1]}, {seed: [3]}]\n");
        e = assertThrows(ConfigException.class, () -> Sweep.load(seed));
        assertTrue(e.getMessage().startsWith(seed + ": extra entry 2: seed:") && e.getMessage().contains("seed axis"), e.getMessage());

        Path unknown = SweepTest.sweepFile(dir, "axes: {seed: [1]}\nextra: [{miner.stratgy: [hardest]}]\n");
        e = assertThrows(ConfigException.class, () -> Sweep.load(unknown));
        assertTrue(e.getMessage().startsWith(unknown + ": extra entry 1: miner.stratgy: unknown key 'miner.stratgy'")
                && e.getMessage().contains("did you mean 'miner.strategy'"), e.getMessage());

        Path badValue = SweepTest.sweepFile(dir, "axes: {seed: [1]}\nextra: [{loss.margin: [0.2]}, {miner.warmup.strategy: [semi-hardd]}]\n");
        e = assertThrows(ConfigException.class, () -> Sweep.load(badValue));
        assertTrue(e.getMessage().startsWith(badValue + ": extra entry 2: miner.warmup.strategy value semi-hardd: ")
                && e.getMessage().contains("semi-hard"), e.getMessage());

        Path notList = SweepTest.sweepFile(dir, "axes: {seed: [1]}\nextra: [{loss.margin: 0.1}]\n");
        e = assertThrows(ConfigException.class, () -> Sweep.load(notList));
        assertTrue(e.getMessage().startsWith(notList + ": extra entry 1: loss.margin: expected a non-empty list"), e.getMessage());

        Path repeated = SweepTest.sweepFile(dir, "axes: {seed: [1]}\nextra: [{loss.margin: [0.1, 0.1]}]\n");
        e = assertThrows(ConfigException.class, () -> Sweep.load(repeated));
        assertTrue(e.getMessage().contains("extra entry 1: loss.margin: [0.1, 0.1] lists a value twice"), e.getMessage());

        Path shape = SweepTest.sweepFile(dir, "axes: {seed: [1]}\nextra: {loss.margin: [0.1]}\n");
        e = assertThrows(ConfigException.class, () -> Sweep.load(shape));
        assertTrue(e.getMessage().startsWith(shape + ": key 'extra': expected a list of sub-grids"), e.getMessage());

        Path entryShape = SweepTest.sweepFile(dir, "axes: {seed: [1]}\nextra: [loss.margin]\n");
        e = assertThrows(ConfigException.class, () -> Sweep.load(entryShape));
        assertTrue(e.getMessage().startsWith(entryShape + ": extra entry 1: expected a list of sub-grids"), e.getMessage());

        // Cross-key rules are checked per point: train.epochs beside the base's train.steps.
        Path cross = SweepTest.sweepFile(dir, "axes: {seed: [1]}\nextra: [{train.epochs: [2]}]\n");
        Sweep c = Sweep.load(cross);
        e = assertThrows(ConfigException.class, () -> c.expand(0));
        assertTrue(e.getMessage().startsWith(cross + ": extra entry 1, point 2 (train.epochs=2, seed=1): ")
                && e.getMessage().contains("train.steps"), e.getMessage());
    }

    @Test
    void dryRunAndTheIndexListTheExtraPointsWithEveryKeysValue(@TempDir Path dir) throws Exception {
        Path f = SweepTest.sweepFile(dir, STUDY);
        Path out = dir.resolve("out");
        SlurmScriptsTest.Run dry = SlurmScriptsTest.run("sweep", f.toString(), "--out", out.toString(), "--dry-run");
        assertEquals(0, dry.code(), dry.text());
        List<Sweep.Point> points = Sweep.load(f).expand(0);
        for (Sweep.Point p : points) {
            String line = String.format("%3d  %s  %-8s  %s", p.index(), p.runId(), "to train", p.label());
            assertTrue(dry.text().contains(line + "\n"), line + " in\n" + dry.text());
        }
        assertTrue(dry.text().contains("18 runs: 0 complete, 18 to train"), dry.text());
        assertFalse(Files.exists(out.resolve("study")), "a dry run writes nothing");

        // The index (written by --reindex, nothing trained): one column per key of the axes and the entries, each cell the point's value.
        SweepReindex.rebuild(Sweep.load(f), out, null, null, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Path index = out.resolve("study").resolve(SweepIndexFile.FILE);
        assertEquals("point,miner.strategy,seed,loss.margin,miner.warmup.strategy,miner.warmup.epochs,sampler.identities,train.steps,"
                + "optimizer.lr,experiment,run_id,status,run_dir,error", Files.readAllLines(index).get(0));
        List<SweepIndexFile.Row> rows = SweepIndexFile.read(index);
        assertEquals(18, rows.size());
        assertEquals(Map.of("miner.strategy", "random", "seed", "1", "loss.margin", "0.2", "miner.warmup.strategy", "none",
                "miner.warmup.epochs", "0", "sampler.identities", "4", "train.steps", "4", "optimizer.lr", "0.002"), rows.get(0).axisValues());
        assertEquals(Map.of("miner.strategy", "hardest", "seed", "2", "loss.margin", "0.2", "miner.warmup.strategy", "semi-hard",
                "miner.warmup.epochs", "1", "sampler.identities", "4", "train.steps", "4", "optimizer.lr", "0.002"), rows.get(16).axisValues());
        assertEquals(Map.of("miner.strategy", "semi-hard", "seed", "2", "loss.margin", "0.2", "miner.warmup.strategy", "none",
                "miner.warmup.epochs", "0", "sampler.identities", "8", "train.steps", "2", "optimizer.lr", "0.001"), rows.get(17).axisValues());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(points.get(i).runId(), rows.get(i).runId());
            assertEquals("pending", rows.get(i).status());
        }

        // Slurm: the extra points are tasks of the one array, each with its run id.
        SlurmScriptsTest.Run slurm = SlurmScriptsTest.run("sweep", f.toString(), "--executor", "slurm", "--script-only", "--out", out.toString());
        assertEquals(0, slurm.code(), slurm.text());
        String array = Files.readString(out.resolve("study/slurm").resolve(SlurmScripts.ARRAY));
        assertTrue(array.contains("#SBATCH --array=1-18\n"), array);
        assertTrue(array.contains("[17]=" + points.get(16).runId() + " [18]=" + points.get(17).runId() + ")"), array);
    }

    @Test
    void anExtraPointRunsByNumberAndIsThenCompleteInTheIndexAndTheDryRun(@TempDir Path dir) throws Exception {
        Path f = SweepTest.sweepFile(dir, """
                name: small
                axes: {miner.strategy: [random], seed: [1]}
                extra: [{miner.strategy: [hardest], miner.warmup.strategy: [random], miner.warmup.epochs: [1]}]
                """);
        Path out = dir.resolve("out");
        SlurmScriptsTest.Run point = SlurmScriptsTest.run("sweep", f.toString(), "--point", "2", "--out", out.toString());
        assertEquals(0, point.code(), point.text());
        Sweep.Point p = Sweep.load(f).expand(0).get(1);
        assertTrue(Files.isRegularFile(out.resolve("tiny").resolve(p.runId()).resolve(RunDirectory.COMPLETE_MARKER)), point.text());
        assertTrue(Files.readString(out.resolve("tiny").resolve(p.runId()).resolve("config.yaml")).contains("strategy: random"));
        SlurmScriptsTest.Run dry = SlurmScriptsTest.run("sweep", f.toString(), "--out", out.toString(), "--dry-run");
        assertTrue(dry.text().contains("  2  " + p.runId() + "  complete  extra 1: miner.strategy=hardest"), dry.text());
        assertTrue(dry.text().contains("2 runs: 1 complete, 1 to train"), dry.text());
        assertEquals(1, SweepReindex.rebuild(Sweep.load(f), out, null, null, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        List<SweepIndexFile.Row> rows = SweepIndexFile.read(out.resolve("small").resolve(SweepIndexFile.FILE));
        assertEquals(List.of("pending", "complete"), rows.stream().map(SweepIndexFile.Row::status).toList());
        assertEquals("tiny/" + p.runId(), rows.get(1).runDir());
    }
}
