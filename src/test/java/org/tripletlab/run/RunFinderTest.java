package org.tripletlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep folder's runs: the complete index rows (run folders beside the sweep) plus run folders nested in it, each once. */
class RunFinderTest {
    static Path run(Path dir, boolean complete) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.yaml"), "name: x\n");
        if (complete) {
            Files.writeString(dir.resolve("COMPLETE"), "done\n");
        }
        return dir;
    }

    @Test
    void takesIndexRowsAndNestedRunsOnce(@TempDir Path results) throws Exception {
        Path sweep = Files.createDirectories(results.resolve("sweep"));
        run(results.resolve("exp/aaa"), true);
        run(results.resolve("exp/bbb"), false);       // index says running
        run(results.resolve("exp/ccc"), false);       // unfinished, not in the index
        run(sweep.resolve("baseline-x/r1"), true);    // a baseline experiment copied into the sweep folder
        run(sweep.resolve("r2"), true);               // a run copied directly into it, also listed in the index
        run(sweep.resolve("r3"), false);              // unfinished
        Files.createDirectories(sweep.resolve("logs"));
        Files.writeString(sweep.resolve("sweep-index.csv"), """
                point,miner.strategy,experiment,run_id,status,run_dir,error
                1,random,exp,aaa,complete,exp/aaa,
                2,hardest,exp,bbb,running,,
                4,batch-all,sweep,r2,complete,sweep/r2,
                """);
        List<Path> found = RunFinder.all(sweep);
        assertEquals(List.of(results.resolve("exp/aaa").toAbsolutePath().normalize(), results.resolve("sweep/r2").toAbsolutePath().normalize(),
                sweep.resolve("baseline-x/r1")), found.stream().map(p -> p.isAbsolute() ? p.normalize() : p).toList());

        // An index row that says complete while its folder has no COMPLETE marker is named, never silently left out (issue 11).
        Files.writeString(sweep.resolve("sweep-index.csv"), "point,miner.strategy,experiment,run_id,status,run_dir,error\n"
                + "1,random,exp,aaa,complete,exp/aaa,\n3,semi-hard,exp,ccc,complete,exp/ccc,\n");
        String m = assertThrows(org.tripletlab.util.BadFileException.class, () -> RunFinder.all(sweep)).getMessage();
        assertTrue(m.startsWith(sweep.resolve("sweep-index.csv") + ": point 3 (run ccc) is recorded as complete, but "), m);
        assertTrue(m.contains("exp/ccc has no COMPLETE file; rerun the same 'tripletlab sweep' command"), m);
    }

    @Test
    void aSweepWithoutCompletedRunsIsEmptyAndAMissingFolderAnError(@TempDir Path results) throws Exception {
        Path sweep = Files.createDirectories(results.resolve("sweep"));
        Files.writeString(sweep.resolve("sweep-index.csv"), "point,seed,experiment,run_id,status,run_dir,error\n1,1,exp,aaa,pending,,\n");
        assertTrue(RunFinder.all(sweep).isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunFinder.all(results.resolve("missing")));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }
}
