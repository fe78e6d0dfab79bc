package org.tripletlab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.cli.Main;
import org.tripletlab.component.ConfigException;
import org.tripletlab.run.SweepIndexFile;

/**
 * The Slurm executor without a cluster: the array list, the scripts {@code --script-only} writes, and those scripts
 * run by hand with bash as Slurm would run them (a task's environment variables set), down to the index rebuild
 * that records a task killed mid-run as failed.
 */
class SlurmScriptsTest {
    @Test
    void arrayListsJoinConsecutivePointsIntoRanges() {
        assertEquals("1-3,5,7-8", SlurmScripts.arraySpec(List.of(1, 2, 3, 5, 7, 8)));
        assertEquals("4", SlurmScripts.arraySpec(List.of(4)));
        assertEquals("1,3,5", SlurmScripts.arraySpec(List.of(1, 3, 5)));
        assertEquals("2-3", SlurmScripts.arraySpec(List.of(2, 3)));
        assertThrows(IllegalArgumentException.class, () -> SlurmScripts.arraySpec(List.of()));
        assertThrows(IllegalArgumentException.class, () -> SlurmScripts.arraySpec(List.of(3, 2)));
    }

    @Test
    void shellWordsAreQuotedOnlyWhenNeeded() {
        assertEquals("/tmp/out", SlurmScripts.shell("/tmp/out"));
        assertEquals("-Xmx4g", SlurmScripts.shell("-Xmx4g"));
        assertEquals("'/tmp/my results'", SlurmScripts.shell("/tmp/my results"));
        assertEquals("'it'\\''s'", SlurmScripts.shell("it's"));
        assertEquals("'$HOME'", SlurmScripts.shell("$HOME"));
    }

    @Test
    void badSlurmOptionsAreRefusedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SlurmOptions(null, 1, 0, "2 hours", false)).getMessage().contains("--time"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SlurmOptions("gpu;rm", 1, 0, null, false)).getMessage().contains("--partition"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SlurmOptions(null, 0, 0, null, false)).getMessage().contains("--cpus-per-task"));
        assertEquals("1-12:30:00", new SlurmOptions("long", 4, 3, "1-12:30:00", false).time());
    }

    @Test
    void theScriptsRunByHandTrainAPointAndRebuildTheIndex(@TempDir Path dir) throws Exception {
        Path f = SweepTest.sweepFile(dir, "name: by-hand\naxes: {seed: [1, 2, 3]}\n");
        Path out = dir.resolve("out");
        Run written = run("sweep", f.toString(), "--executor", "slurm", "--script-only", "--max-parallel", "2", "--time", "30:00", "--out", out.toString());
        assertEquals(0, written.code(), written.text());
        Path slurm = out.resolve("by-hand/slurm");
        String array = Files.readString(slurm.resolve(SlurmScripts.ARRAY));
        assertTrue(array.contains("#SBATCH --array=1-3%2\n"), array);
        assertTrue(array.contains("#SBATCH --time=30:00\n"), array);
        assertFalse(array.contains("--partition"), "no partition asked for: the cluster's default");
        List<Sweep.Point> points = Sweep.load(f).expand(1);
        assertTrue(array.contains("declare -A run_id=([1]=" + points.get(0).runId() + " [2]=" + points.get(1).runId() + " [3]="
                + points.get(2).runId() + ")"), array);
        assertTrue(written.text().contains("sbatch --dependency=afterany:"), "says how to submit both: " + written.text());
        assertFalse(Files.exists(slurm.resolve(SlurmSubmission.JOBS)), "nothing submitted");

        // Task 2 as Slurm would start it; the code it runs is the copy, not target/.
        Process task = bash(slurm.resolve(SlurmScripts.ARRAY), Map.of("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_JOB_ID", "99",
                "SLURM_CPUS_PER_TASK", "1"));
        String taskLog = new String(task.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, task.waitFor(), taskLog);
        Path run2 = out.resolve("tiny").resolve(points.get(1).runId());
        assertTrue(Files.isRegularFile(run2.resolve("COMPLETE")), taskLog);
        assertTrue(Files.readString(run2.resolve("config.yaml")).contains("threads: 1"), "train.threads from the task's CPUs");
        try (Stream<Path> s = Files.list(out.resolve("tiny"))) {
            assertEquals(1, s.count(), "the task wrote only its own run folder");
        }
        assertTrue(Files.readString(PointStatus.file(out.resolve("by-hand"), points.get(1))).contains("\"status\": \"complete\""));

        // Task 3 of job 99 said it started and was killed before it could say more (as scancel or a time limit leaves it).
        new PointStatus(3, points.get(2).runId(), PointStatus.RUNNING, "", "", "99", "node7").write(out.resolve("by-hand"));
        Files.writeString(Files.createDirectories(out.resolve("by-hand/logs")).resolve("slurm-99_3.log"),
                "epoch 1: ...\nslurmstepd: error: *** JOB 101 ON node7 CANCELLED AT 2026-12-03T07:51:48 DUE TO TIME LIMIT ***\n");
        Process reindex = bash(slurm.resolve(SlurmScripts.REINDEX), Map.of(), "99");
        String reindexLog = new String(reindex.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, reindex.waitFor(), reindexLog);
        List<SweepIndexFile.Row> rows = SweepIndexFile.read(out.resolve("by-hand").resolve(SweepIndexFile.FILE));
        assertEquals(List.of("pending", "complete", "failed"), rows.stream().map(SweepIndexFile.Row::status).toList(), rows.toString());
        assertTrue(rows.get(2).error().contains("Slurm job 99_3 ended without finishing this run (Slurm: JOB 101 ON node7 CANCELLED AT "
                + "2026-12-03T07:51:48 DUE TO TIME LIMIT)"), rows.get(2).error());
        // Before the job has ended a running task is running.
        assertEquals(0, run("sweep", f.toString(), "--reindex", "--out", out.toString()).code());
        assertEquals("running", SweepIndexFile.read(out.resolve("by-hand").resolve(SweepIndexFile.FILE)).get(2).status());

        // The same command again: only the points without a completed run, from the same code copy.
        assertEquals(0, run("sweep", f.toString(), "--executor", "slurm", "--script-only", "--max-parallel", "2", "--out", out.toString()).code());
        assertTrue(Files.readString(slurm.resolve(SlurmScripts.ARRAY)).contains("#SBATCH --array=1,3%2\n"));
        try (Stream<Path> s = Files.list(slurm.resolve("code"))) {
            assertEquals(1, s.count(), "the same build is copied once");
        }
    }

    @Test
    void aPointWhoseRunIdChangedSinceSubmissionIsRefusedAndRecorded(@TempDir Path dir) throws Exception {
        Path f = SweepTest.sweepFile(dir, "name: edited\naxes: {seed: [1, 2]}\n");
        Path out = dir.resolve("out");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(buf, true, StandardCharsets.UTF_8);
        ConfigException e = assertThrows(ConfigException.class,
                () -> PointRun.run(Sweep.load(f), 2, "0123456789ab", out, null, 1, false, console));
        assertTrue(e.getMessage().contains("was submitted as run 0123456789ab but is now run"), e.getMessage());
        assertFalse(Files.exists(out.resolve("tiny")), "nothing trained");
        assertEquals(2, SweepReindex.rebuild(Sweep.load(f), out, null, null, console), "no point has a completed run");
        SweepIndexFile.Row row = SweepIndexFile.read(out.resolve("edited").resolve(SweepIndexFile.FILE)).get(1);
        assertEquals("failed", row.status());
        assertTrue(row.error().contains("changed after submission"), row.error());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PointRun.run(Sweep.load(f), 3, null, out, null, 1, false, console))
                .getMessage().contains("has 2 points, numbered 1 to 2"));
    }

    @Test
    void optionsOfAnotherModeAreRefused(@TempDir Path dir) throws Exception {
        Path f = SweepTest.sweepFile(dir, "name: opts\naxes: {seed: [1, 2]}\n");
        Run partition = run("sweep", f.toString(), "--partition", "gpu", "--out", dir.resolve("out").toString());
        assertEquals(Main.BAD_INPUT, partition.code());
        assertTrue(partition.text().contains("--partition only apply with --executor slurm"), partition.text());
        Run workers = run("sweep", f.toString(), "--executor", "slurm", "--workers", "2", "--out", dir.resolve("out").toString());
        assertEquals(Main.BAD_INPUT, workers.code());
        assertTrue(workers.text().contains("--max-parallel"), workers.text());
        Run executor = run("sweep", f.toString(), "--executor", "pbs", "--out", dir.resolve("out").toString());
        assertEquals(Main.BAD_INPUT, executor.code());
        assertTrue(executor.text().contains("expected local or slurm"), executor.text());
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");
    }

    private static Process bash(Path script, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        return pb.start();
    }

    record Run(int code, String text) {
    }

    /** The CLI in this JVM, its output captured. */
    static Run run(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream outBefore = System.out;
        PrintStream errBefore = System.err;
        PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            return new Run(Main.execute(args), buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(outBefore);
            System.setErr(errBefore);
        }
    }
}
