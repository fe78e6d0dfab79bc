package org.tripletlab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.cli.Main;
import org.tripletlab.run.SweepIndexFile;

/**
 * Baseline runs are ordinary points of a sweep: trained (or fitted) by the runner in this JVM and in
 * child processes, listed in the index after the grid with their experiment file, and skipped when
 * the sweep is run again.
 */
class SweepBaselinesTest {
    private static final String BASELINES = """
            baselines:
              - ../baselines/pixels.yaml
              - {file: ../baselines/softmax.yaml, set: {train.steps: 2}}
            """;

    @Test
    void baselinesAreTrainedIndexedAndResumedLikeGridPoints(@TempDir Path dir) throws Exception {
        SweepTest.writeBaselines(dir);
        Path f = SweepTest.sweepFile(dir, "name: with-baselines\naxes: {miner.strategy: [random, hardest], seed: [1, 2]}\n" + BASELINES);
        Sweep sweep = Sweep.load(f);
        Path out = dir.resolve("out");
        SweepRunner.Result r = SweepRunner.run(sweep, SweepResumeTest.options(out));
        assertEquals(8, r.trained(), "4 grid points + 2 baselines × 2 seeds");
        assertEquals(0, r.failed());

        Path index = out.resolve("with-baselines").resolve(SweepIndexFile.FILE);
        List<String> lines = Files.readAllLines(index);
        assertEquals("point,baseline,miner.strategy,seed,experiment,run_id,status,run_dir,error", lines.get(0));
        List<SweepIndexFile.Row> rows = SweepIndexFile.read(index);
        assertEquals(8, rows.size());
        SweepIndexFile.Row grid = rows.get(0);
        assertEquals("", grid.baseline());
        assertEquals(Map.of("miner.strategy", "random", "seed", "1"), grid.axisValues());
        List<Sweep.Point> points = sweep.expand(1);
        for (int i = 0; i < 8; i++) {
            SweepIndexFile.Row row = rows.get(i);
            assertEquals(i + 1, row.point());
            assertEquals(points.get(i).runId(), row.runId());
            assertEquals("complete", row.status(), row.toString());
            assertEquals(row.experiment() + "/" + row.runId(), row.runDir());
            assertTrue(Files.isRegularFile(out.resolve(row.runDir()).resolve("COMPLETE")));
        }
        SweepIndexFile.Row softmax2 = rows.get(7);
        assertEquals("../baselines/softmax.yaml", softmax2.baseline());
        assertTrue(softmax2.isBaseline() && !grid.isBaseline());
        assertEquals("tiny-softmax", softmax2.experiment());
        assertEquals("", softmax2.axisValues().get("miner.strategy"), "a baseline has no value on the grid's other axes");
        assertEquals("2", softmax2.axisValues().get("seed"));
        assertEquals("tiny-pixels", rows.get(4).experiment());
        assertTrue(Files.readString(out.resolve(softmax2.runDir()).resolve("config.yaml")).contains("steps: 2"));

        // Run again: everything is recognised as complete, the index is unchanged.
        String before = Files.readString(index);
        SweepRunner.Result again = SweepRunner.run(sweep, SweepResumeTest.options(out));
        assertEquals(0, again.trained());
        assertEquals(8, again.alreadyComplete());
        assertEquals(before, Files.readString(index));
        assertEquals(0, Main.execute("sweep", f.toString(), "--out", out.toString(), "--dry-run"));
    }

    @Test
    void baselinesRunInChildProcessesFromTheirOwnFile(@TempDir Path dir) throws Exception {
        SweepTest.writeBaselines(dir);
        Path f = SweepTest.sweepFile(dir, "name: two\naxes: {seed: [1]}\nbaselines: [../baselines/pixels.yaml]\n");
        Path out = dir.resolve("out");
        int code = Main.execute("sweep", f.toString(), "--workers", "2", "--out", out.toString());
        List<SweepIndexFile.Row> rows = SweepIndexFile.read(out.resolve("two").resolve(SweepIndexFile.FILE));
        assertEquals(0, code, rows.toString());
        assertEquals(List.of("tiny", "tiny-pixels"), rows.stream().map(SweepIndexFile.Row::experiment).toList());
        SweepIndexFile.Row pixels = rows.get(1);
        assertEquals("complete", pixels.status(), pixels.toString());
        String config = Files.readString(out.resolve(pixels.runDir()).resolve("config.yaml"));
        assertTrue(config.contains("kind: pixels") && config.contains("seed: 1"), config);
    }
}
