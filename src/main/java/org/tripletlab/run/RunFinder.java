package org.tripletlab.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finding the completed runs of a results folder: the one place that knows where they can be. A run
 * is completed when its folder holds {@link RunFiles#COMPLETE}; a folder holds runs through
 *
 * <ul>
 *   <li>its {@code sweep-index.csv} (a sweep folder): the complete rows, in grid order, whose run folders
 *       may live beside the sweep under the results root;</li>
 *   <li>its {@code <dir>/<run>/} children (an experiment folder), narrowed by the folder's {@code study.yaml}
 *       when there is one ({@link Study#select});</li>
 *   <li>its {@code <dir>/<experiment>/<run>/} grandchildren (a results root);</li>
 *   <li>itself (a single run folder).</li>
 * </ul>
 *
 * Three readers ask three questions of that one layout: {@link #forReport} (the report: grid and other
 * experiments), {@link #all} (the figures and notebooks of a sweep: every completed run, both index and
 * folders) and {@link #ofExperiment} (the figures of one experiment folder). Finding the folder of one
 * config's run (its attempts) is {@link org.tripletlab.run.RunDirectory}'s.
 */
public final class RunFinder {
    /** Which runs a folder holds: the grid's, and those of other experiments (baselines). */
    public record Runs(List<Path> grid, List<Path> others) {
    }

    private RunFinder() {
    }

    /**
     * Refuses a folder given twice to a command that pools several folders' runs ({@code report}, {@code plot}), since
     * each of its runs would then count twice.
     */
    public static void requireDistinct(List<Path> dirs, String command) {
        java.util.Set<Path> seen = new java.util.HashSet<>();
        for (Path d : dirs) {
            if (!seen.add(d.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException(command + ": " + d + " is given twice; each folder's runs would be counted twice");
            }
        }
    }

    /**
     * Every completed run a results folder holds, however it got there: the complete rows of its
     * {@code sweep-index.csv}, and any completed run folder one or two levels below it ({@code <dir>/<run>/}
     * or {@code <dir>/<experiment>/<run>/}) — e.g. baseline runs copied into a sweep's folder after its grid.
     *
     * <p>Unlike {@link #forReport}, which takes either the index or the folders, this takes both; a run
     * reached both ways counts once. Index runs come first in grid order, then the others in name order.
     *
     * @return the completed runs under {@code dir}; empty when there are none (a sweep that has not finished a run yet)
     */
    public static List<Path> all(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": not a folder; expected a sweep or experiment results folder "
                    + "(e.g. results/mining-margin-v2)");
        }
        Map<Path, Path> byRealPath = new LinkedHashMap<>();
        indexRuns(dir, dir.toAbsolutePath().normalize().getParent(), (r, run) -> add(byRealPath, run.normalize()));
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
        for (Path run : Study.select(dir, below.stream().filter(RunFinder::complete).toList())) {
            add(byRealPath, run);
        }
        return List.copyOf(byRealPath.values());
    }

    /** Every completed run under {@code dir} (see {@link #forReport}), grid and other experiments together. */
    public static List<Path> forReportAll(Path dir) {
        Runs r = forReport(dir);
        List<Path> all = new ArrayList<>(r.grid());
        all.addAll(r.others());
        return all;
    }

    /**
     * The completed runs a report of {@code dir} describes: a sweep folder (its {@code sweep-index.csv}; rows
     * in grid order; its baseline rows are the other experiments), an experiment folder
     * ({@code <dir>/<run>/COMPLETE}), a results root ({@code <dir>/<experiment>/<run>/COMPLETE}; the
     * experiment with the most runs is the grid, the others are other experiments) or a single run folder.
     *
     * @throws IllegalArgumentException when {@code dir} is not a folder or holds no completed run
     */
    public static Runs forReport(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": not a folder; pass a sweep folder (with sweep-index.csv) or a results folder");
        }
        List<Path> grid = new ArrayList<>();
        List<Path> others = new ArrayList<>();
        if (Files.isRegularFile(dir.resolve(SweepIndexFile.FILE))) {
            indexRuns(dir, dir.toAbsolutePath().getParent(), (r, run) -> (r.isBaseline() ? others : grid).add(run));
        } else if (complete(dir)) {
            grid.add(dir);
        } else {
            // An experiment folder holds the runs of every command that trained its experiment; its study.yaml
            // (when present) declares which of them the folder's report describes.
            grid.addAll(Study.select(dir, completeChildren(dir)));
            if (grid.isEmpty() && completeChildren(dir).isEmpty()) {
                // A results root: one folder per experiment. The experiment with the most runs is the grid.
                List<List<Path>> experiments = new ArrayList<>();
                for (Path child : children(dir)) {
                    List<Path> runs = completeChildren(child);
                    if (!runs.isEmpty()) {
                        experiments.add(runs);
                    }
                }
                int main = 0;
                for (int i = 1; i < experiments.size(); i++) {
                    if (experiments.get(i).size() > experiments.get(main).size()) {
                        main = i;
                    }
                }
                for (int i = 0; i < experiments.size(); i++) {
                    (i == main ? grid : others).addAll(experiments.get(i));
                }
            }
        }
        if (grid.isEmpty() && others.isEmpty()) {
            throw new IllegalArgumentException(dir + ": no completed runs (folders with a COMPLETE file, or complete rows of a sweep-index.csv); "
                    + "pass the folder that 'tripletlab train --out' or 'tripletlab sweep --out' wrote (e.g. results/mining-margin-v2), "
                    + "or finish its runs first");
        }
        return new Runs(grid, others);
    }

    /** The completed run folders directly under an experiment folder, in name order, as its {@code study.yaml} selects them. */
    public static List<Path> ofExperiment(Path experiment) {
        // an experiment folder's study.yaml declares which of its runs the folder's figures show
        return Study.select(experiment, completeChildren(experiment));
    }

    /** Calls {@code found} with each complete row of {@code dir}'s {@code sweep-index.csv} (if any) and its run folder. */
    private static void indexRuns(Path dir, Path outRoot, java.util.function.BiConsumer<SweepIndexFile.Row, Path> found) {
        Path index = dir.resolve(SweepIndexFile.FILE);
        if (!Files.isRegularFile(index)) {
            return;
        }
        for (SweepIndexFile.Row r : SweepIndexFile.read(index)) {
            if (r.status().equals(SweepIndexFile.Status.COMPLETE.label()) && !r.runDir().isEmpty()) {
                found.accept(r, SweepIndexFile.completeRun(index, outRoot, r));
            }
        }
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

    /** Whether {@code dir} is a completed run folder. */
    static boolean complete(Path dir) {
        return Files.isRegularFile(dir.resolve(RunFiles.COMPLETE));
    }

    private static List<Path> completeChildren(Path dir) {
        return children(dir).stream().filter(RunFinder::complete).toList();
    }

    private static List<Path> children(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
