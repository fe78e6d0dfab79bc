package org.tripletlab.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep worker's training ends with its parent, even after {@code kill -9} of the parent (issue 11): a
 * {@code tripletlab train} child JVM given a parent pid (as SweepRunner passes its own) whose parent is then
 * killed with SIGKILL stops and records why.
 */
class ExitWithParentTest {
    @Test
    void trainingChildStopsWhenItsParentIsKilled(@TempDir Path tmp) throws Exception {
        Path exp = tmp.resolve("orphan.yaml");
        Files.writeString(exp, "name: orphan\ndata: {source: synthetic, image_size: 16, synthetic: {identities: 20, images_per_identity: 4}}\n"
                + "sampler: {identities: 4, images: 2}\nencoder: {width: 4, embedding: 8}\n"
                + "train: {steps: 1000000, steps_per_epoch: 1000000, checkpoints: false, threads: 1}\n");
        Path out = tmp.resolve("out");
        Process parent = new ProcessBuilder("sleep", "600").start(); // stands in for the sweep's JVM
        List<String> cmd = InterruptedRunTest.javaCommand(org.tripletlab.cli.Main.class, "train", exp.toString(), "--out", out.toString());
        cmd.add(cmd.indexOf("-cp"), "-Dtripletlab.parent.pid=" + parent.pid());
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).directory(new File(System.getProperty("user.dir"))).start();
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = ChildJvm.output(child)) {
            ChildJvm.readUntil(r, "Encoder ", log);
            Thread.sleep(1000);
            assertTrue(child.isAlive(), "training runs while its parent lives\n" + log);
            parent.destroyForcibly(); // SIGKILL
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the training outlived its killed parent\n" + log);
        } finally {
            parent.destroyForcibly();
            child.destroyForcibly();
        }
        Path dir;
        try (var s = Files.list(out.resolve("orphan"))) {
            dir = s.findFirst().orElseThrow();
        }
        String prov = Files.readString(dir.resolve("provenance.json"));
        assertTrue(prov.contains("\"status\": \"interrupted: parent process " + parent.pid() + " ended\""), prov);
    }
}
