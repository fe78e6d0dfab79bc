package org.tripletlab.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tripletlab.sweep.SweepIndex;
import org.tripletlab.run.RunDirectory;

/**
 * Every completed run a results folder holds, however it got there: the complete rows of its
 * {@code sweep-index.csv} (whose run folders may live beside the sweep, under the results root), and
 * any run folder with a {@code COMPLETE} marker one or two levels below it ({@code <dir>/<run>/} or
 * {@code <dir>/<experiment>/<run>/}) — e.g. baseline runs copied into a sweep's folder after its grid.
 *
 * <p>Unlike {@link Report#runDirs}, which takes either the index or the folders, this takes both; a run
 * reached both ways counts once. Index runs come first in grid order, then the others in name order.
 */
public final class RunFolders {
    private RunFolders() {
    }

    /** The completed runs under {@code dir}; empty when there are none (a sweep that has not finished a run yet). */
    public static List<Path> collect(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": not a folder; expected a sweep or experiment results folder "
                    + "(e.g. results/mining-margin)");
        }
        Map<Path, Path> byRealPath = new LinkedHashMap<>();
        Path index = dir.resolve(SweepIndex.FILE);
        if (Files.isRegularFile(index)) {
            Path root = dir.toAbsolutePath().normalize().getParent();
            for (SweepIndex.Row r : SweepIndex.read(index)) {
                if (r.status().equals(SweepIndex.Status.COMPLETE.label()) && !r.runDir().isEmpty()) {
                    add(byRealPath, SweepIndex.completeRun(index, root, r).normalize());
                }
            }
        }
        if (complete(dir)) {
            add(byRealPath, dir);
        }
        List<Path> below = new ArrayList<>();
        for (Path child : children(dir)) {
            if (complete(child)) {
                below.add(child);
            } else {
                for (Path grandchild : children(child)) {
                    below.add(grandchild);
                }
            }
        }
        // an experiment folder's study.yaml declares which of its runs belong to the folder's study
        for (Path run : Study.select(dir, below.stream().filter(RunFolders::complete).toList())) {
            add(byRealPath, run);
        }
        return List.copyOf(byRealPath.values());
    }

    private static void add(Map<Path, Path> seen, Path run) {
        if (!complete(run)) {
            return;
        }
        try {
            seen.putIfAbsent(run.toRealPath(), run);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve run folder " + run + ": " + e.getMessage(), e);
        }
    }

    private static boolean complete(Path dir) {
        return Files.isRegularFile(dir.resolve(RunDirectory.COMPLETE_MARKER));
    }

    private static List<Path> children(Path dir) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isDirectory).sorted().forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }
}
