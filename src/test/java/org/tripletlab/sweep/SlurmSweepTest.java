package org.tripletlab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.cli.Main;
import org.tripletlab.run.SweepIndexFile;
import org.tripletlab.train.CompleteOnSameDataTest;

/**
 * {@code tripletlab sweep --executor slurm} on a live Slurm cluster (CI brings one up with
 * {@code scripts/slurm-local.sh up}; skipped, saying so, where no cluster answers): a 4-point sweep of tiny runs
 * goes through {@code sbatch} as one job array, one point fails (its image folder is not there yet), the index
 * rebuilt after the array records it with its error, a second submission while the first is queued is refused;
 * once the folder exists the same command submits that point alone, and the index and run ids are those of
 * {@code --executor local}.
 */
class SlurmSweepTest {
    /** The longest the test waits for a job to leave the queue; the whole sweep takes seconds. */
    private static final long QUEUE_WAIT_MINUTES = 10;

    @Test
    void aSweepRunsAsAJobArrayAndResumesWithTheSameCommand(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(clusterAnswers(), "no Slurm cluster answers here (sinfo): start one with 'sudo scripts/slurm-local.sh up' "
                + "(CI does) to run this test");
        Path faces = dir.resolve("faces");
        SweepTest.write(dir, "exp/faces.yaml", "name: faces\ndata: {source: image-folder, root: " + faces + ", image_size: 16, min_images: 2}\n"
                + "sampler: {identities: 2, images: 2}\nencoder: {width: 4, embedding: 8}\n"
                + "train: {steps: 2, steps_per_epoch: 2, checkpoints: false}\n");
        Path f = SweepTest.sweepFile(dir, "name: cluster\naxes: {miner.strategy: [random, hardest, semi-hard]}\nbaselines: [../faces.yaml]\n");
        Path out = dir.resolve("out");
        String[] command = {"sweep", f.toString(), "--executor", "slurm", "--cpus-per-task", "1", "--max-parallel", "2", "--out", out.toString()};
        Path sweepDir = out.resolve("cluster");

        // First submission: all 4 points; point 4's image folder does not exist yet.
        SlurmScriptsTest.Run first = run(command);
        assertEquals(0, first.code(), first.text());
        String job1 = lastJobs(sweepDir)[1];
        assertTrue(Files.readString(sweepDir.resolve("slurm/array.sbatch")).contains("#SBATCH --array=1-4%2\n"));
        SlurmScriptsTest.Run twice = run(command);
        assertEquals(Main.BAD_INPUT, twice.code(), "a second submission while the array is queued trains nothing twice: " + twice.text());
        assertTrue(twice.text().contains("still queued or running"), twice.text());
        waitUntilGone(job1, lastJobs(sweepDir)[2]);
        List<SweepIndexFile.Row> rows = SweepIndexFile.read(sweepDir.resolve(SweepIndexFile.FILE));
        assertEquals(List.of("complete", "complete", "complete", "failed"), rows.stream().map(SweepIndexFile.Row::status).toList(),
                rows + "\n" + logs(sweepDir));
        assertTrue(rows.get(3).error().contains("image folder not found"), rows.get(3).toString());

        // Fixed: the folder exists now. The same command submits point 4 alone.
        CompleteOnSameDataTest.imageFolder(faces);
        SlurmScriptsTest.Run second = run(command);
        assertEquals(0, second.code(), second.text());
        String[] jobs2 = lastJobs(sweepDir);
        assertEquals("\"4\"", jobs2[3], "only the failed point is submitted again");
        assertTrue(Files.readString(sweepDir.resolve("slurm/array.sbatch")).contains("#SBATCH --array=4%2\n"));
        waitUntilGone(jobs2[1], jobs2[2]);
        try (Stream<Path> s = Files.list(sweepDir.resolve("logs"))) {
            assertEquals(List.of("slurm-" + jobs2[1] + "_4.log"), s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("slurm-" + jobs2[1] + "_")).toList(), "Slurm ran point 4 alone");
        }
        String slurmIndex = Files.readString(sweepDir.resolve(SweepIndexFile.FILE));
        assertEquals(List.of("complete", "complete", "complete", "complete"),
                SweepIndexFile.read(sweepDir.resolve(SweepIndexFile.FILE)).stream().map(SweepIndexFile.Row::status).toList(),
                slurmIndex + "\n" + logs(sweepDir));

        // The local executor trains the same runs: same run ids, same index.
        Path local = dir.resolve("local");
        SlurmScriptsTest.Run l = run("sweep", f.toString(), "--out", local.toString());
        assertEquals(0, l.code(), l.text());
        assertEquals(Files.readString(local.resolve("cluster").resolve(SweepIndexFile.FILE)), slurmIndex);
        try (Stream<Path> s = Files.list(out.resolve("tiny"))) {
            assertEquals(3, s.count(), "one folder per grid point: no point trained twice");
        }
    }

    /** Whether {@code sinfo} answers with a node that takes jobs. */
    static boolean clusterAnswers() {
        try {
            Process p = new ProcessBuilder("sinfo", "--noheader", "--format=%T").redirectErrorStream(true).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.exitValue() == 0 && text.lines().anyMatch(l -> l.startsWith("idle") || l.startsWith("mixed") || l.startsWith("alloc"));
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last row of slurm/jobs.csv: submitted, array job, index job, points. */
    private static String[] lastJobs(Path sweepDir) throws Exception {
        List<String> lines = Files.readAllLines(sweepDir.resolve("slurm").resolve(SlurmSubmission.JOBS));
        return lines.get(lines.size() - 1).split(",", -1);
    }

    private static void waitUntilGone(String... jobs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(QUEUE_WAIT_MINUTES);
        while (System.nanoTime() < deadline) {
            Process p = new ProcessBuilder("squeue", "--noheader", "--format=%F").redirectErrorStream(true).start();
            String queue = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            if (Stream.of(jobs).noneMatch(j -> queue.lines().anyMatch(l -> l.strip().equals(j)))) {
                return;
            }
            Thread.sleep(500);
        }
        fail("jobs " + List.of(jobs) + " still queued after " + QUEUE_WAIT_MINUTES + " minutes");
    }

    private static String logs(Path sweepDir) throws Exception {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> s = Files.list(sweepDir.resolve("logs"))) {
            for (Path log : s.sorted().toList()) {
                b.append("== ").append(log).append('\n').append(Files.readString(log));
            }
        }
        return b.toString();
    }

    private static SlurmScriptsTest.Run run(String... args) {
        return SlurmScriptsTest.run(args);
    }
}
