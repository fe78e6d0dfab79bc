package org.tripletlab.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.run.RunDirectory;

/** A run ended by SIGTERM says so in provenance.json instead of still saying "running" (issue 11). */
class InterruptedRunTest {
    /** Child JVM: a long tiny training into {@code args[0]}. */
    public static void main(String[] args) {
        ExperimentConfig cfg = ExperimentConfig.from(Config.parse(
                "name: sig\ndata: {source: synthetic, image_size: 16, synthetic: {identities: 20, images_per_identity: 4}}\n"
                        + "sampler: {identities: 4, images: 2}\nencoder: {width: 4, embedding: 8}\n"
                        + "train: {steps: 1000000, steps_per_epoch: 1000000, checkpoints: false, threads: 1}\n", "sig.yaml", List.of()));
        TrainingRun.run(cfg, new TrainingRun.Options(Path.of(args[0]), null, false, new PrintStream(System.out, true, StandardCharsets.UTF_8)));
    }

    static List<String> javaCommand(Class<?> main, String... args) {
        return ChildJvm.command(List.of(), main, args);
    }

    @Test
    void sigtermMidRunIsRecordedAsInterrupted(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        ProcessBuilder pb = new ProcessBuilder(javaCommand(InterruptedRunTest.class, out.toString())).redirectErrorStream(true);
        pb.directory(new File(System.getProperty("user.dir")));
        Process child = pb.start();
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = ChildJvm.output(child)) {
            ChildJvm.readUntil(r, "Encoder ", log); // training has started (provenance.json written with status running)
            Thread.sleep(1500);
            child.destroy(); // SIGTERM
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child did not stop on SIGTERM\n" + log);
        } finally {
            child.destroyForcibly();
        }
        Path base = out.resolve("sig");
        assertTrue(Files.isDirectory(base), log.toString());
        Path dir;
        try (var s = Files.list(base)) {
            dir = s.findFirst().orElseThrow();
        }
        String prov = Files.readString(dir.resolve("provenance.json"));
        assertTrue(prov.contains("\"status\": \"interrupted: SIGTERM\""), prov + "\n" + log);
        assertTrue(prov.contains("\"finished\""), prov);
        assertTrue(!Files.exists(dir.resolve(RunDirectory.COMPLETE_MARKER)));
    }
}
