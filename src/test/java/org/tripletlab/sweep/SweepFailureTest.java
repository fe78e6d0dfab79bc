package org.tripletlab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.run.SweepIndexFile;
import org.tripletlab.util.CsvReader;

/** A grid point that cannot train is marked failed with its error; the others still run; a rerun tries it again. */
class SweepFailureTest {
    @Test
    void aFailingPointDoesNotStopTheSweep(@TempDir Path dir) throws Exception {
        // 5 synthetic identities leave 3 for training after the split, fewer than P = 4: the data check fails at run time.
        Path f = SweepTest.sweepFile(dir, "name: fails\naxes: {data.synthetic.identities: [5, 40]}\n");
        Path out = dir.resolve("out");
        SweepRunner.Result r = SweepRunner.run(Sweep.load(f), SweepResumeTest.options(out));
        assertEquals(1, r.failed());
        assertEquals(1, r.trained());
        List<List<String>> rows = CsvReader.parse(Files.readString(out.resolve("fails").resolve(SweepIndexFile.FILE)));
        assertEquals("failed", rows.get(1).get(4));
        assertTrue(rows.get(1).get(6).contains("identities"), "the error is recorded: " + rows.get(1));
        assertEquals("", rows.get(1).get(5));
        assertEquals("complete", rows.get(2).get(4));
        assertTrue(Files.isRegularFile(out.resolve(rows.get(2).get(5)).resolve("COMPLETE")));
        SweepRunner.Result again = SweepRunner.run(Sweep.load(f), SweepResumeTest.options(out));
        assertEquals(1, again.alreadyComplete());
        assertEquals(1, again.failed(), "the failed point is tried again, the complete one not");
    }
}
