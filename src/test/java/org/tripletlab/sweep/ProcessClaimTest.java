package org.tripletlab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;
import org.tripletlab.run.RunDirectory;
import org.tripletlab.train.ChildJvm;

/**
 * Two Slurm tasks of one point (a resubmission racing a requeued task, or a user running {@code --point N} by hand
 * meanwhile) are separate processes, possibly on separate machines: each must claim its own run folder. Here four
 * JVMs released at the same moment open the same config's folder: four distinct attempt folders, {@code <id>},
 * {@code <id>-2} … {@code <id>-4} ({@code RunDirectory.open} creates the first free name with an atomic
 * {@code createDirectory} and moves on when another process got there first).
 */
class ProcessClaimTest {
    static final String CONFIG = "name: x\nseed: 1\n";

    @Test
    void concurrentProcessesClaimDistinctFolders(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Path go = dir.resolve("go");
        int n = 4;
        List<Process> procs = new ArrayList<>();
        List<java.io.BufferedReader> outputs = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                procs.add(new ProcessBuilder(ChildJvm.command(List.of(), Claimant.class, out.toString(), go.toString()))
                        .redirectErrorStream(true).start());
            }
            // Each claimant prints "ready" once loaded, then waits for the go file: all open at (nearly) the same instant.
            for (Process p : procs) {
                outputs.add(ChildJvm.output(p));
                String first = outputs.get(outputs.size() - 1).readLine();
                assertEquals("ready", first, "a claimant did not start");
            }
            Files.writeString(go, "go");
            Set<String> claimed = new HashSet<>();
            for (int i = 0; i < n; i++) {
                Process p = procs.get(i);
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "a claimant did not finish");
                String text = String.join("\n", outputs.get(i).lines().toList()).strip();
                assertEquals(0, p.exitValue(), text);
                claimed.add(text);
            }
            String id = RunDirectory.runId(Config.parse(CONFIG, "c.yaml", List.of()));
            assertEquals(Set.of(id, id + "-2", id + "-3", id + "-4"), claimed, "every process its own folder");
        } finally {
            procs.forEach(Process::destroyForcibly);
        }
    }

    /** One claimant: loads the classes, says ready, waits for the go file, opens the folder and prints its name. */
    public static final class Claimant {
        public static void main(String[] args) throws Exception {
            Path out = Path.of(args[0]);
            Path go = Path.of(args[1]);
            Config c = Config.parse(CONFIG, "c.yaml", List.of());
            RunDirectory.runId(c);
            System.out.println("ready");
            System.out.flush();
            while (!Files.exists(go)) {
                Thread.sleep(1);
            }
            System.out.println(RunDirectory.open(out, c, "x", false).dir().getFileName());
        }
    }
}
