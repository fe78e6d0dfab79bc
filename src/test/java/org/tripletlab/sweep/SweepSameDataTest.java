package org.tripletlab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.cli.Main;
import org.tripletlab.run.SweepIndexFile;
import org.tripletlab.train.CompleteOnSameDataTest;
import org.tripletlab.util.CsvReader;

/**
 * A sweep decides "already complete" by the rule of {@code tripletlab train}: same config and same data
 * manifest (issue 11). Before, the sweep and its dry run looked at the config alone and skipped every point
 * of a sweep whose images had changed.
 */
class SweepSameDataTest {
    private static final String EXPERIMENT = "name: sdsweep\ndata: {source: image-folder, image_size: 16, min_images: 2}\n"
            + "sampler: {identities: 2, images: 2}\nencoder: {width: 4, embedding: 8}\n"
            + "train: {steps: 2, steps_per_epoch: 2, checkpoints: false, threads: 1}\n";

    private static String dryRun(Path sweepFile, Path out, Path data) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            assertEquals(0, Main.execute("sweep", sweepFile.toString(), "--dry-run", "--out", out.toString(),
                    "--data-root", data.toString()));
        } finally {
            System.setOut(stdout);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void changedDataListsThePointsAsToTrainAndSaysWhy(@TempDir Path dir) throws Exception {
        Path data = CompleteOnSameDataTest.imageFolder(dir.resolve("data"));
        Files.createDirectories(dir.resolve("exp/sweeps"));
        Files.writeString(dir.resolve("exp/sd.yaml"), EXPERIMENT);
        Path f = Files.writeString(dir.resolve("exp/sweeps/sdgrid.yaml"), "base: ../sd.yaml\naxes: {seed: [1, 2]}\n");
        Sweep sweep = Sweep.load(f);
        Path out = dir.resolve("out");
        SweepRunner.Options opt = new SweepRunner.Options(out, data, 1, 1, SweepRunner.Launch.IN_PROCESS, SweepRunner.quiet());
        assertEquals(2, SweepRunner.run(sweep, opt).trained());
        assertEquals(0, SweepRunner.run(sweep, opt).trained(), "same data: nothing to train");
        String same = dryRun(f, out, data);
        assertTrue(same.contains("2 runs: 2 complete, 0 to train"), same);

        // One image changed (another file size): the completed runs were trained on other data.
        CompleteOnSameDataTest.image(data.resolve("person2/1.png"), 60, 99, 200);
        String changed = dryRun(f, out, data);
        assertTrue(changed.contains("2 runs: 0 complete, 2 to train"), changed);
        assertTrue(changed.contains("was trained on other data") && changed.contains("data manifest was"), changed);

        ByteArrayOutputStream console = new ByteArrayOutputStream();
        SweepRunner.Result r = SweepRunner.run(sweep, new SweepRunner.Options(out, data, 1, 1, SweepRunner.Launch.IN_PROCESS,
                new PrintStream(console, true, StandardCharsets.UTF_8)));
        assertEquals(2, r.trained(), console.toString());
        assertTrue(console.toString().contains("to train again, Run "), console.toString());
        List<List<String>> rows = CsvReader.parse(Files.readString(out.resolve("sdgrid").resolve(SweepIndexFile.FILE)));
        for (List<String> row : rows.subList(1, rows.size())) {
            assertEquals("complete", row.get(row.size() - 3));
            assertTrue(row.get(row.size() - 2).endsWith("-2"), "the new attempt on the current data: " + row);
        }
        String after = dryRun(f, out, data);
        assertTrue(after.contains("2 runs: 2 complete, 0 to train"), after);
    }
}
