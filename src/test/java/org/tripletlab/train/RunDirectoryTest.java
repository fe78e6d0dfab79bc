package org.tripletlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;

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
}
