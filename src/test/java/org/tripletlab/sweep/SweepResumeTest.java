package org.tripletlab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.report.Report;
import org.tripletlab.run.RunDirectory;
import org.tripletlab.run.SweepIndexFile;
import org.tripletlab.util.CsvReader;

/**
 * A tiny synthetic sweep trained for real (2 miners × 2 seeds, 4 steps each), then "killed": one
 * run loses its COMPLETE file, another is replaced by a partial folder. Running the sweep again
 * trains exactly those two, and the index and the report equal those of the uninterrupted sweep
 * (apart from the attempt folders and wall-clock minutes).
 */
class SweepResumeTest {
    static SweepRunner.Options options(Path out) {
        return new SweepRunner.Options(out, null, 1, 1, SweepRunner.Launch.IN_PROCESS, SweepRunner.quiet());
    }

    @Test
    void resumesAfterAKillAndEndsWhereAnUninterruptedSweepEnds(@TempDir Path dir) throws Exception {
        Path f = SweepTest.sweepFile(dir, "name: resume\naxes: {miner.strategy: [random, hardest], seed: [1, 2]}\n");
        Sweep sweep = Sweep.load(f);
        Path outA = dir.resolve("a");
        SweepRunner.Result first = SweepRunner.run(sweep, options(outA));
        assertEquals(4, first.trained());
        assertEquals(0, first.failed());
        Path indexA = outA.resolve("resume").resolve(SweepIndexFile.FILE);
        List<List<String>> rowsA = CsvReader.parse(Files.readString(indexA));
        assertEquals(List.of("point", "miner.strategy", "seed", "experiment", "run_id", "status", "run_dir", "error"), rowsA.get(0));
        assertEquals(5, rowsA.size());
        for (List<String> r : rowsA.subList(1, 5)) {
            assertEquals("complete", r.get(5));
            assertEquals("tiny/" + r.get(4), r.get(6));
            assertTrue(Files.isRegularFile(outA.resolve(r.get(6)).resolve("COMPLETE")));
        }
        assertEquals(List.of("1", "random", "1"), rowsA.get(1).subList(0, 3));
        assertEquals(List.of("4", "hardest", "2"), rowsA.get(4).subList(0, 3));

        // Running the same sweep again trains nothing.
        SweepRunner.Result again = SweepRunner.run(sweep, options(outA));
        assertEquals(0, again.trained());
        assertEquals(4, again.alreadyComplete());
        assertEquals(Files.readString(indexA), Files.readString(outA.resolve("resume").resolve(SweepIndexFile.FILE)));

        // A second copy of the finished sweep, then "killed": run 2 without COMPLETE, run 3 only a partial folder.
        Path outB = dir.resolve("b");
        copyTree(outA, outB);
        String id2 = rowsA.get(2).get(4);
        String id3 = rowsA.get(3).get(4);
        Files.delete(outB.resolve("tiny").resolve(id2).resolve(RunDirectory.COMPLETE_MARKER));
        // Killed during training: not TRAINED either (a TRAINED run without COMPLETE is only evaluated again).
        Files.deleteIfExists(outB.resolve("tiny").resolve(id2).resolve(RunDirectory.TRAINED_MARKER));
        deleteTree(outB.resolve("tiny").resolve(id3));
        Files.createDirectories(outB.resolve("tiny").resolve(id3));
        Files.copy(outA.resolve("tiny").resolve(id3).resolve("config.yaml"), outB.resolve("tiny").resolve(id3).resolve("config.yaml"));
        deleteTree(outB.resolve("resume"));

        SweepRunner.Result resumed = SweepRunner.run(sweep, options(outB));
        assertEquals(2, resumed.trained(), "only the two unfinished runs are trained");
        assertEquals(2, resumed.alreadyComplete());
        List<List<String>> rowsB = CsvReader.parse(Files.readString(outB.resolve("resume").resolve(SweepIndexFile.FILE)));
        assertEquals(rowsA.size(), rowsB.size());
        for (int i = 0; i < rowsA.size(); i++) {
            List<String> a = new ArrayList<>(rowsA.get(i));
            List<String> b = new ArrayList<>(rowsB.get(i));
            if (i == 2 || i == 3) {
                assertEquals("tiny/" + a.get(4) + "-2", b.get(6), "the unfinished attempt is kept, the new one beside it");
                assertFalse(Files.exists(outB.resolve(b.get(6)).getParent().resolve(a.get(4)).resolve("COMPLETE")));
                a.set(6, "");
                b.set(6, "");
            }
            assertEquals(a, b, "index row " + i);
        }
        // A third invocation recognises the runs completed on their second attempt.
        assertEquals(0, SweepRunner.run(sweep, options(outB)).trained());

        // Same report (wall-clock minutes aside): the runs are reproducible from config and seed.
        String reportA = withoutMinutes(Report.of(outA.resolve("resume"), "lfw", List.of("miner.strategy=random"))
                .write(outA.resolve("resume"), Report.Format.CSV).text());
        String reportB = withoutMinutes(Report.of(outB.resolve("resume"), "lfw", List.of("miner.strategy=random"))
                .write(outB.resolve("resume"), Report.Format.CSV).text());
        assertEquals(reportA, reportB);
        assertTrue(reportA.startsWith("miner.strategy,seeds,best val. accuracy mean"), reportA);
        assertTrue(Files.isRegularFile(outB.resolve("resume").resolve("report.csv")));
        assertTrue(Files.isRegularFile(outB.resolve("resume").resolve("report-paired.csv")));

        Report.Written md = Report.of(outB.resolve("resume"), "lfw", List.of("miner.strategy=random")).write(outB.resolve("resume"), Report.Format.MD);
        String text = md.text();
        int measured = text.indexOf("## Measured");
        int published = text.indexOf("## Published results (not measured here)");
        assertTrue(measured >= 0 && published > measured, text);
        assertFalse(text.substring(measured, published).contains("FaceNet"), "published numbers never among the measured rows");
        assertTrue(text.contains("| random | 2 |") && text.contains("| hardest | 2 |"), text);
        assertTrue(text.contains("| random | reference |"), text);
        assertTrue(text.contains("99.63 ± 0.09"), text);
        assertEquals(text, Files.readString(outB.resolve("resume").resolve("report.md")));
        String tex = Report.of(outB.resolve("resume"), "lfw", List.of()).write(outB.resolve("resume"), Report.Format.LATEX).text();
        assertTrue(tex.contains("\\begin{tabular}") && tex.contains("$\\pm$"), tex);

        // The experiment folder itself (no index) gives the same measured rows.
        String fromFolder = withoutMinutes(Report.of(outA.resolve("tiny"), "lfw", List.of()).write(dir, Report.Format.CSV).text());
        List<String> rowsFromIndex = List.of(reportA.substring(0, reportA.indexOf("\n#")).split("\n"));
        List<String> rowsFromFolder = List.of(fromFolder.substring(0, fromFolder.indexOf("\n#")).split("\n"));
        assertEquals(rowsFromIndex.get(0), rowsFromFolder.get(0));
        assertEquals(List.of(rowsFromIndex.get(2), rowsFromIndex.get(1)), rowsFromFolder.subList(1, 3), "folder rows sorted by config: hardest, random");
    }

    /** Drops the CSV columns of training minutes (wall-clock time differs between two trainings) and the best marks (minutes have one). */
    static String withoutMinutes(String csv) {
        StringBuilder sb = new StringBuilder();
        List<Integer> drop = new ArrayList<>();
        boolean header = true;
        for (String line : csv.split("\n", -1)) {
            if (line.isEmpty() || line.startsWith("#")) {
                sb.append(line).append('\n');
                header = true;
                continue;
            }
            List<String> cells = CsvReader.parse(line).get(0);
            if (header) {
                drop.clear();
                for (int i = 0; i < cells.size(); i++) {
                    if (cells.get(i).startsWith("training minutes") || cells.get(i).equals("best")) {
                        drop.add(i);
                    }
                }
                header = false;
            }
            List<String> keep = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                if (!drop.contains(i)) {
                    keep.add(cells.get(i));
                }
            }
            sb.append(String.join(",", keep)).append('\n');
        }
        return sb.toString();
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(q -> {
                try {
                    Files.delete(q);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
