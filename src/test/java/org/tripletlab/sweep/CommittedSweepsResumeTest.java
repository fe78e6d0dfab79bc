package org.tripletlab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tripletlab.config.Config;
import org.tripletlab.run.RunDirectory;
import org.tripletlab.run.SweepIndexFile;

/**
 * The committed sweeps are recognised as complete whatever the worker count they are resumed with: the v1
 * encoder sweep's run folders were named by the older id formula (which hashed {@code train.threads = 1}, from
 * {@code --workers 2} on 2 cores); the protocol-v2 miner study's by today's, and one of its runs finished on a second
 * attempt ({@code <id>-2}, whose unfinished first attempt was never committed).
 */
class CommittedSweepsResumeTest {
    private static final Path RESULTS = Path.of("results");

    /**
     * Each committed sweep run, asked for again with any thread count, is found complete in the folder the
     * committed index names. The configs come from the runs' own config.yaml: the sweep files now name the
     * fixed outside-data protocol (issue 10 §2), whose runs are new ones, so expanding them would test nothing.
     */
    @Test
    void everyCommittedRunIsCompleteWithAnyThreadCount() throws Exception {
        for (String name : List.of("mining-margin-v2", "architectures-v2")) {
            List<SweepIndexFile.Row> committed = SweepIndexFile.read(RESULTS.resolve(name).resolve(SweepIndexFile.FILE));
            assertTrue(committed.size() >= 15, name + ": " + committed.size() + " runs");
            for (int threads : new int[] {0, 1, 2, 4}) {
                List<String> missing = new ArrayList<>();
                for (SweepIndexFile.Row row : committed) {
                    Path dir = RESULTS.resolve(row.runDir());
                    Path configFile = dir.resolve("config.yaml");
                    Config asked = Config.parse(Files.readString(configFile, StandardCharsets.UTF_8), configFile.toString(),
                            List.of("train.threads=" + threads));
                    Path done = RunDirectory.completeAttempt(RESULTS, asked, asked.getString("name"));
                    if (done == null) {
                        missing.add(row.runDir());
                        continue;
                    }
                    assertEquals(dir, done, name + " " + row.runDir() + " with " + threads + " threads");
                }
                assertTrue(missing.isEmpty(), name + " with " + threads + " threads per run lists as to train: " + missing);
            }
        }
    }

    /**
     * The shipped sweep files still expand to exactly their committed runs: a change to a base file they share (the 1-hour
     * recipe's miner) must be pinned in every sweep whose runs were trained before it, or the documented command would
     * train new runs beside the committed ones and a report would mix them.
     */
    @Test
    void everyShippedSweepExpandsToItsCommittedRuns() {
        for (String name : List.of("mining-margin-v2", "architectures-v2", "lfw-1h-seeds", "lfw-1h-dw-seeds")) {
            List<String> committed = SweepIndexFile.read(RESULTS.resolve(name).resolve(SweepIndexFile.FILE)).stream()
                    .map(SweepIndexFile.Row::runId).toList();
            List<String> expanded = Sweep.load(Path.of("experiments/sweeps").resolve(name + ".yaml")).expand(1).stream()
                    .map(Sweep.Point::runId).toList();
            assertEquals(committed, expanded, "experiments/sweeps/" + name + ".yaml against results/" + name + "/" + SweepIndexFile.FILE);
        }
    }

    @Test
    void theSecondAttemptsAreAmongThem() {
        List<SweepIndexFile.Row> rows = SweepIndexFile.read(RESULTS.resolve("mining-margin-v2").resolve(SweepIndexFile.FILE));
        List<String> seconds = rows.stream().map(SweepIndexFile.Row::runDir).filter(d -> d.endsWith("-2")).toList();
        assertEquals(List.of("mining-margin-v2/1871d765221f-2"), seconds);
        for (String d : seconds) {
            Path dir = RESULTS.resolve(d);
            assertTrue(Files.isRegularFile(dir.resolve(RunDirectory.COMPLETE_MARKER)), d);
            assertTrue(Files.notExists(RESULTS.resolve(d.substring(0, d.length() - 2))), "the first attempt is absent: " + d);
        }
    }
}
