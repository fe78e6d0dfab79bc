package org.tripletlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;
import org.tripletlab.util.AtomicFiles;
import org.tripletlab.util.Hashing;

class RunDirectoryTest {
    @Test
    void sameConfigSameIdAndNoOverwrite(@TempDir Path out) {
        Config a = Config.parse("name: x\nseed: 1\n", "a.yaml", List.of());
        Config same = Config.parse("seed: 1\nname: x\n", "b.yaml", List.of());
        Config other = Config.parse("name: x\nseed: 2\n", "a.yaml", List.of());
        assertEquals(RunDirectory.runId(a), RunDirectory.runId(same), "key order and file name do not matter");
        assertNotEquals(RunDirectory.runId(a), RunDirectory.runId(other), "the seed is part of the id");

        RunDirectory first = RunDirectory.open(out, a, "x", false);
        assertFalse(first.alreadyComplete());
        // An unfinished run keeps its folder; a new attempt goes beside it.
        RunDirectory second = RunDirectory.open(out, a, "x", false);
        assertEquals(RunDirectory.runId(a) + "-2", second.runId());
        second.markComplete();
        first.markComplete();
        assertTrue(RunDirectory.isComplete(out, a, "x"));
        assertTrue(RunDirectory.open(out, a, "x", false).alreadyComplete());
        RunDirectory rerun = RunDirectory.open(out, a, "x", true);
        assertEquals(RunDirectory.runId(a) + "-3", rerun.runId());
    }

    @Test
    void aRunThatFinishedOnALaterAttemptIsRecognised(@TempDir Path out) {
        Config a = Config.parse("name: x\nseed: 1\n", "a.yaml", List.of());
        RunDirectory killed = RunDirectory.open(out, a, "x", false);
        assertFalse(RunDirectory.isComplete(out, a, "x"));
        RunDirectory second = RunDirectory.open(out, a, "x", false);
        second.markComplete();
        assertTrue(RunDirectory.isComplete(out, a, "x"), "complete in " + second.dir() + " although " + killed.dir() + " is not");
        assertEquals(second.dir(), RunDirectory.completeAttempt(out, a, "x"));
        RunDirectory again = RunDirectory.open(out, a, "x", false);
        assertTrue(again.alreadyComplete());
        assertEquals(second.dir(), again.dir(), "no third attempt");
    }

    @Test
    void threadsAreNotPartOfTheIdAndDefaultThreadIdsAreUnchanged() {
        Config defaults = Config.parse("name: x\nseed: 1\n", "a.yaml", List.of());
        Config one = defaults.with(List.of("train.threads=1"));
        Config eight = defaults.with(List.of("train.threads=8"));
        assertEquals(1, one.getInt("train.threads"), "the config itself keeps the thread count");
        assertEquals(RunDirectory.runId(defaults), RunDirectory.runId(one));
        assertEquals(RunDirectory.runId(defaults), RunDirectory.runId(eight));
        // A config at the default thread count hashes exactly as its config.yaml, as before the id ignored threads.
        assertEquals(Hashing.sha256(defaults.toYaml()).substring(0, 12), RunDirectory.runId(defaults));
        assertNotEquals(RunDirectory.runId(defaults), RunDirectory.runId(defaults.with(List.of("seed=2"))));
    }

    @Test
    void aCompletedLaterAttemptIsFoundWhenTheFirstAttemptFolderIsGone(@TempDir Path out) throws Exception {
        // As committed results hold them: the unfinished first attempt was never committed, only <id>-2.
        Config a = Config.parse("name: x\nseed: 1\n", "a.yaml", List.of());
        String id = RunDirectory.runId(a);
        Path second = Files.createDirectories(out.resolve("x").resolve(id + "-2"));
        Files.createDirectories(out.resolve("x").resolve(id + "-10"));
        assertFalse(RunDirectory.isComplete(out, a, "x"), "no COMPLETE marker yet");
        AtomicFiles.write(second.resolve(RunDirectory.COMPLETE_MARKER), "complete\n");
        assertEquals(second, RunDirectory.completeAttempt(out, a, "x"));
        RunDirectory again = RunDirectory.open(out, a, "x", false);
        assertTrue(again.alreadyComplete());
        assertEquals(second, again.dir());
        // An attempt number sorts as a number: -3 comes before -10.
        Path third = Files.createDirectories(out.resolve("x").resolve(id + "-3"));
        AtomicFiles.write(third.resolve(RunDirectory.COMPLETE_MARKER), "complete\n");
        Files.delete(second.resolve(RunDirectory.COMPLETE_MARKER));
        assertEquals(third, RunDirectory.completeAttempt(out, a, "x"));
    }

    @Test
    void aRunInAFolderNamedByTheOldIdIsRecognisedByItsConfig(@TempDir Path out) {
        // Before, the id hashed train.threads too: a sweep with 2 workers on 2 cores wrote folders named sha(config with threads 1).
        Config oneThread = Config.parse("name: x\nseed: 1\ntrain: {threads: 1}\n", "a.yaml", List.of());
        String oldId = Hashing.sha256(oneThread.toYaml()).substring(0, 12);
        Path old = out.resolve("x").resolve(oldId + "-2");
        AtomicFiles.write(old.resolve("config.yaml"), oneThread.toYaml());
        Config other = oneThread.with(List.of("seed=2"));
        Path otherDir = out.resolve("x").resolve(Hashing.sha256(other.toYaml()).substring(0, 12));
        AtomicFiles.write(otherDir.resolve("config.yaml"), other.toYaml());
        AtomicFiles.write(otherDir.resolve(RunDirectory.COMPLETE_MARKER), "complete\n");
        AtomicFiles.write(out.resolve("x/broken/config.yaml"), "name: [unclosed\n");
        AtomicFiles.write(out.resolve("x/broken").resolve(RunDirectory.COMPLETE_MARKER), "complete\n");
        Config anyThreads = oneThread.with(List.of("train.threads=0"));
        assertNull(RunDirectory.completeAttempt(out, anyThreads, "x"), "an unfinished run is not complete, whatever its name");
        AtomicFiles.write(old.resolve(RunDirectory.COMPLETE_MARKER), "complete\n");
        for (String threads : List.of("0", "1", "2", "7")) {
            Config c = oneThread.with(List.of("train.threads=" + threads));
            assertEquals(old, RunDirectory.completeAttempt(out, c, "x"), "threads " + threads);
        }
        assertEquals(otherDir, RunDirectory.completeAttempt(out, other.with(List.of("train.threads=4")), "x"));
        assertNull(RunDirectory.completeAttempt(out, oneThread.with(List.of("seed=3")), "x"));
    }

    @Test
    void concurrentStartsOfOneConfigClaimDistinctFolders(@TempDir Path out) throws Exception {
        Config a = Config.parse("name: x\nseed: 1\n", "a.yaml", List.of());
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<RunDirectory>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<RunDirectory> open = () -> {
                    go.await();
                    return RunDirectory.open(out, a, "x", false);
                };
                futures.add(pool.submit(open));
            }
            go.countDown();
            Set<Path> dirs = new HashSet<>();
            Set<String> ids = new HashSet<>();
            for (Future<RunDirectory> f : futures) {
                RunDirectory d = f.get();
                assertFalse(d.alreadyComplete());
                assertTrue(Files.isDirectory(d.dir()));
                dirs.add(d.dir());
                ids.add(d.runId());
            }
            assertEquals(n, dirs.size(), "every start its own folder: " + dirs);
            assertEquals(n, ids.size());
            String id = RunDirectory.runId(a);
            for (int k = 1; k <= n; k++) {
                assertTrue(ids.contains(k == 1 ? id : id + "-" + k), ids.toString());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
