package org.tripletlab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tripletlab.train.RunDirectory;

/**
 * The committed sweeps are recognised as complete whatever the worker count they are resumed with:
 * their run folders were named by the older id formula (which hashed {@code train.threads = 1}, from
 * {@code --workers 2} on 2 cores), and four of them finished on a second attempt ({@code <id>-2},
 * whose unfinished first attempt was never committed).
 */
class CommittedSweepsResumeTest {
    private static final Path RESULTS = Path.of("results");

    @Test
    void everyCommittedRunIsCompleteWithAnyThreadCount() {
        for (String name : List.of("mining-margin", "architectures")) {
            Sweep sweep = Sweep.load(Path.of("experiments/sweeps/" + name + ".yaml"));
            List<SweepIndex.Row> committed = SweepIndex.read(RESULTS.resolve(name).resolve(SweepIndex.FILE));
            for (int threads : new int[] {0, 1, 2, 4}) {
                List<Sweep.Point> points = sweep.expand(threads);
                assertEquals(committed.size(), points.size(), name);
                List<String> missing = new ArrayList<>();
                for (int i = 0; i < points.size(); i++) {
                    Sweep.Point p = points.get(i);
                    Path done = RunDirectory.completeAttempt(RESULTS, p.config(), p.experiment());
                    if (done == null) {
                        missing.add(p.index() + " " + p.label());
                        continue;
                    }
                    // The folder the committed index names for this point, whatever the id it was trained under.
                    assertEquals(RESULTS.resolve(committed.get(i).runDir()), done, name + " point " + p.index());
                }
                assertTrue(missing.isEmpty(), name + " with " + threads + " threads per run lists as to train: " + missing);
            }
        }
    }

    @Test
    void theSecondAttemptsAreAmongThem() {
        List<SweepIndex.Row> rows = SweepIndex.read(RESULTS.resolve("mining-margin").resolve(SweepIndex.FILE));
        List<String> seconds = rows.stream().map(SweepIndex.Row::runDir).filter(d -> d.endsWith("-2")).toList();
        assertEquals(4, seconds.size(), seconds.toString());
        for (String d : seconds) {
            Path dir = RESULTS.resolve(d);
            assertTrue(Files.isRegularFile(dir.resolve(RunDirectory.COMPLETE_MARKER)), d);
            assertTrue(Files.notExists(RESULTS.resolve(d.substring(0, d.length() - 2))), "the first attempt is absent: " + d);
        }
    }
}
