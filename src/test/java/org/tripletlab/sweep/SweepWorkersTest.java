package org.tripletlab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.cli.Main;
import org.tripletlab.run.SweepIndexFile;
import org.tripletlab.util.CsvReader;

/**
 * {@code tripletlab sweep --workers 2}: two tiny runs in two child JVMs at once, each with
 * cores / 2 threads; the index, the run folders and the logs are where the sweep says.
 */
class SweepWorkersTest {
    @Test
    void twoWorkersTrainInChildProcesses(@TempDir Path dir) throws Exception {
        Path f = SweepTest.sweepFile(dir, "name: two\naxes: {seed: [1, 2]}\n");
        Path out = dir.resolve("out");
        int code = Main.execute("sweep", f.toString(), "--workers", "2", "--out", out.toString());
        Path index = out.resolve("two").resolve(SweepIndexFile.FILE);
        List<List<String>> rows = CsvReader.parse(Files.readString(index));
        String logs = String.join("\n", Files.list(out.resolve("two").resolve("logs")).map(p -> {
            try {
                return p + ":\n" + Files.readString(p);
            } catch (java.io.IOException e) {
                return p + ": " + e;
            }
        }).toList());
        assertEquals(0, code, "sweep failed; index " + rows + "\n" + logs);
        assertEquals(3, rows.size());
        // Each child checks its memory estimate against its share of the free memory (issue 11).
        assertTrue(logs.contains(" / 2 sweep workers + this process's resident "), logs);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        for (List<String> r : rows.subList(1, 3)) {
            assertEquals("complete", r.get(4), r.toString());
            Path run = out.resolve(r.get(5));
            assertTrue(Files.isRegularFile(run.resolve("COMPLETE")));
            assertTrue(Files.readString(run.resolve("config.yaml")).contains("threads: " + threads));
            assertTrue(Files.readString(run.resolve("provenance.json")).contains("\"threads\": " + threads), "the child ran with cores / workers threads");
            assertTrue(Files.isRegularFile(out.resolve("two").resolve("logs").resolve(String.format("%03d-%s.log", Integer.parseInt(r.get(0)), r.get(3)))));
        }
        // Resuming with the same workers finds both complete; so does resuming with one worker (other threads, same ids).
        assertEquals(0, Main.execute("sweep", f.toString(), "--workers", "2", "--out", out.toString()));
        assertEquals(Files.readString(index), Files.readString(out.resolve("two").resolve(SweepIndexFile.FILE)));
        assertEquals(0, Main.execute("sweep", f.toString(), "--workers", "1", "--out", out.toString()));
        assertEquals(Files.readString(index), Files.readString(out.resolve("two").resolve(SweepIndexFile.FILE)));
    }
}
