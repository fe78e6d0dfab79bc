package org.tripletlab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.cli.Main;
import org.tripletlab.train.InterruptedRunTestAccess;

/** {@code kill -9} of {@code sweep --workers 2} leaves no training running: the children end with it (issue 11). */
class SweepKilledTest {
    @Test
    void childrenDieWithAKilledSweep(@TempDir Path dir) throws Exception {
        Path f = SweepTest.sweepFile(dir, "set: {train.steps: 1000000, train.steps_per_epoch: 1000000, train.checkpoints: false}\n"
                + "axes: {seed: [1, 2]}\n");
        Path out = dir.resolve("out");
        Process sweep = new ProcessBuilder(InterruptedRunTestAccess.javaCommand(Main.class, "sweep", f.toString(), "--workers", "2",
                "--out", out.toString())).redirectErrorStream(true).redirectOutput(dir.resolve("sweep.log").toFile())
                .directory(new File(System.getProperty("user.dir"))).start();
        List<ProcessHandle> children = new ArrayList<>();
        try {
            long deadline = System.currentTimeMillis() + 120_000;
            while (System.currentTimeMillis() < deadline && running(out) < 2) {
                Thread.sleep(250);
            }
            assertEquals(2, running(out), "both trainings started\n" + Files.readString(dir.resolve("sweep.log")));
            sweep.toHandle().children().forEach(children::add);
            assertEquals(2, children.size());
            sweep.destroyForcibly(); // SIGKILL: nothing in the sweep's JVM runs
            for (ProcessHandle c : children) {
                try {
                    c.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // still alive: reported below
                }
                assertTrue(!c.isAlive(), "training " + c.pid() + " outlived its killed sweep");
            }
        } finally {
            sweep.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Run folders whose provenance.json exists and has an encoder (training under way). */
    private static long running(Path out) throws Exception {
        Path tiny = out.resolve("tiny");
        if (!Files.isDirectory(tiny)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(tiny)) {
            return s.filter(d -> {
                try {
                    Path p = d.resolve("provenance.json");
                    return Files.isRegularFile(p) && Files.readString(p).contains("\"encoder\"");
                } catch (Exception e) {
                    return false;
                }
            }).count();
        }
    }
}
