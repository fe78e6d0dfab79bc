package org.tripletlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.component.ConfigException;
import org.tripletlab.util.CsvReader;

/**
 * The report of a sparse study — a sweep's main grid plus its {@code extra} sub-grids — on hand-made run folders whose
 * numbers make every mean, s.e. and paired difference known by hand: the pivot over the configurations at the base
 * values with the others as rows of their own, and paired differences of every row against one fixed configuration.
 */
class SparseStudyReportTest {
    /**
     * The study, LFW accuracy for seeds 1 and 2 (mean ± s.e. = mean ± |a − b| / 2), in the index's order (seed outermost):
     * <pre>
     *  random    α 0.2                         0.70 0.74 → 72.00 ± 2.00   paired vs semi-hard 0.2: −0.10 −0.08 → −9.00 ± 1.00
     *  semi-hard α 0.2 (the reference)         0.80 0.82 → 81.00 ± 1.00
     *  hardest   α 0.2                         0.60 0.66 → 63.00 ± 3.00   −0.20 −0.16 → −18.00 ± 2.00
     *  semi-hard α 0.05                        0.78 0.78 → 78.00 ± 0.00   −0.02 −0.04 → −3.00 ± 1.00
     *  semi-hard α 0.5                         0.75 0.79 → 77.00 ± 2.00   −0.05 −0.03 → −4.00 ± 1.00
     *  hardest, warm start semi-hard (1 epoch) 0.76 0.80 → 78.00 ± 2.00   −0.04 −0.02 → −3.00 ± 1.00
     *  semi-hard, P×K 8×2, 2 steps             0.84 0.88 → 86.00 ± 2.00   +0.04 +0.06 → +5.00 ± 1.00 (best)
     *  baseline-pixels                         0.65 0.69 → 67.00 ± 2.00   −0.15 −0.13 → −14.00 ± 1.00
     * </pre>
     * Active shares: 0.5 in every run (50.0).
     */
    static Path sparseStudy(Path root) throws Exception {
        String[][] points = {
            {"miner.strategy=random", "loss.margin=0.2"},
            {"miner.strategy=semi-hard", "loss.margin=0.2"},
            {"miner.strategy=hardest", "loss.margin=0.2"},
            {"miner.strategy=semi-hard", "loss.margin=0.05"},
            {"miner.strategy=semi-hard", "loss.margin=0.5"},
            {"miner.strategy=hardest", "loss.margin=0.2", "miner.warmup.strategy=semi-hard", "miner.warmup.epochs=1"},
            {"miner.strategy=semi-hard", "loss.margin=0.2", "sampler.identities=8", "train.steps=2"}};
        double[][] acc = {{0.70, 0.74}, {0.80, 0.82}, {0.60, 0.66}, {0.78, 0.78}, {0.75, 0.79}, {0.76, 0.80}, {0.84, 0.88}};
        StringBuilder index = new StringBuilder("point,baseline,miner.strategy,seed,loss.margin,miner.warmup.strategy,miner.warmup.epochs,"
                + "sampler.identities,train.steps,experiment,run_id,status,run_dir,error\n");
        int point = 1;
        for (int seed = 1; seed <= 2; seed++) {
            for (int i = 0; i < points.length; i++) {
                List<String> o = new ArrayList<>(List.of(points[i]));
                o.add("seed=" + seed);
                String dir = ReportTablesTest.run(root, ReportTablesTest.GRID, o, ReportTablesTest.acc(acc[i][seed - 1], 0.5, 0.5));
                // the index's value cells are informational here; the report reads each run's config.yaml
                index.append(point++).append(",,").append(points[i][0].substring("miner.strategy=".length())).append(',').append(seed)
                        .append(",,,,,,grid,").append(dir.substring(5)).append(",complete,").append(dir).append(",\n");
            }
        }
        double[] pixels = {0.65, 0.69};
        for (int seed = 1; seed <= 2; seed++) {
            String dir = ReportTablesTest.run(root, ReportTablesTest.PIXELS, List.of("seed=" + seed),
                    new ReportTablesTest.Measured(pixels[seed - 1], Double.NaN, 0.5, Double.NaN, Double.NaN, 0));
            index.append(point++).append(",../baselines/pixels.yaml,,").append(seed).append(",,,,,,baseline-pixels,")
                    .append(dir.substring(dir.indexOf('/') + 1)).append(",complete,").append(dir).append(",\n");
        }
        Path sweep = root.resolve("study");
        Files.createDirectories(sweep);
        Files.writeString(sweep.resolve("sweep-index.csv"), index.toString());
        return sweep;
    }

    private static final List<String> PIVOT = List.of("miner.strategy", "loss.margin");
    private static final List<String> REFERENCE = List.of("miner.strategy=semi-hard,loss.margin=0.2");

    @Test
    void thePivotHoldsTheOtherKeysAtTheirBaseValuesAndGivesTheOtherConfigurationsRowsOfTheirOwn(@TempDir Path root) throws Exception {
        Path sweep = sparseStudy(root);
        Report r = Report.of(sweep, "lfw", List.of(), List.of(), PIVOT);
        assertEquals(List.of("miner.strategy", "loss.margin", "miner.warmup.strategy", "miner.warmup.epochs", "sampler.identities", "train.steps"),
                r.results().varyingKeys(), "in the index's column order");
        String md = r.markdown();
        String pivot = md.substring(md.indexOf("## Pivot: miner.strategy × loss.margin"), md.indexOf("## Published results"));
        assertTrue(pivot.contains("The other keys are held at the values most configurations share (miner.warmup.strategy=none, "
                + "miner.warmup.epochs=0, sampler.identities=4, train.steps=4); the 2 configurations that differ there follow as rows of "
                + "their own, named by what differs; – marks a cell without a configuration."), pivot);
        assertTrue(pivot.contains("| miner.strategy | loss.margin=0.05 | loss.margin=0.2 | loss.margin=0.5 |\n|---|---:|---:|---:|\n"
                + "| random | – | 72.00 ± 2.00 · 50.0 active | – |\n"
                + "| semi-hard | 78.00 ± 0.00 · 50.0 active | 81.00 ± 1.00 · 50.0 active | 77.00 ± 2.00 · 50.0 active |\n"
                + "| hardest | – | 63.00 ± 3.00 · 50.0 active | – |\n"
                + "| hardest, warm start semi-hard (1 epoch) | – | 78.00 ± 2.00 · 50.0 active | – |\n"
                + "| semi-hard, P×K 8×2, 2 steps | – | **86.00 ± 2.00** · 50.0 active | – |\n"), pivot);

        // CSV: the same rows, an empty cell without a mean (NaN is never written as a number of a configuration: n = 0).
        r.write(sweep, Report.Format.CSV);
        List<List<String>> p = CsvReader.parse(Files.readString(sweep.resolve("report-pivot.csv")));
        assertEquals(List.of("random", "semi-hard", "hardest", "hardest, warm start semi-hard (1 epoch)", "semi-hard, P×K 8×2, 2 steps"),
                p.subList(1, 6).stream().map(row -> row.get(0)).toList());
        assertEquals("0", p.get(1).get(p.get(0).indexOf("loss.margin=0.05 lfw accuracy n")));
        assertEquals(0.86, Double.parseDouble(p.get(5).get(p.get(0).indexOf("loss.margin=0.2 lfw accuracy mean"))), 1e-12);

        // Naming only the row key keeps the old layout: the other varying keys become the columns.
        String rowOnly = Report.of(sweep, "lfw", List.of(), List.of(), List.of("miner.strategy")).markdown();
        assertTrue(rowOnly.contains("| miner.strategy | loss.margin=0.2, miner.warmup.strategy=none, miner.warmup.epochs=0, "
                + "sampler.identities=4, train.steps=4 |"), rowOnly);
        ConfigException e = assertThrows(ConfigException.class, () -> Report.of(sweep, "lfw", List.of(), List.of(), List.of("miner.strategy", "encoder.width")));
        assertTrue(e.getMessage().contains("'encoder.width' does not vary"), e.getMessage());
    }

    @Test
    void everyRowIsComparedWithTheOneReferenceConfigurationAlsoRowsThatDifferInOtherKeys(@TempDir Path root) throws Exception {
        Path sweep = sparseStudy(root);
        Report r = Report.of(sweep, "lfw", List.of(), REFERENCE, PIVOT);
        String md = r.markdown();
        String paired = md.substring(md.indexOf("## Paired differences"), md.indexOf("## Published results"));
        assertTrue(paired.startsWith("## Paired differences against one configuration: miner.strategy=semi-hard, loss.margin=0.2\n\n"
                + "Every row minus this one configuration (its other keys at the values most rows share: miner.warmup.strategy=none, "
                + "miner.warmup.epochs=0, sampler.identities=4, train.steps=4), also rows that differ from it in other keys and the other "
                + "experiments, over the seeds both ran"), paired);
        assertTrue(paired.contains("| experiment | miner.strategy | loss.margin | other keys | Δ lfw accuracy (pp) |"), paired);
        assertTrue(paired.contains("| grid | random | 0.2 |  | -9.00 ± 1.00 (n=2) |"), paired);
        assertTrue(paired.contains("| grid | semi-hard | 0.2 |  | reference |"), paired);
        assertTrue(paired.contains("| grid | hardest | 0.2 |  | -18.00 ± 2.00 (n=2) |"), paired);
        assertTrue(paired.contains("| grid | semi-hard | 0.05 |  | -3.00 ± 1.00 (n=2) |"), paired);
        assertTrue(paired.contains("| grid | semi-hard | 0.5 |  | -4.00 ± 1.00 (n=2) |"), paired);
        assertTrue(paired.contains("| grid | hardest | 0.2 | warm start semi-hard (1 epoch) | -3.00 ± 1.00 (n=2) |"), paired);
        assertTrue(paired.contains("| grid | semi-hard | 0.2 | P×K 8×2, 2 steps | +5.00 ± 1.00 (n=2) |"), paired);
        // t = 14 on 1 degree of freedom: p = 0.045, the only marked difference.
        assertTrue(paired.contains("| baseline-pixels |  |  |  | -14.00 ± 1.00 (n=2) " + PairedSection.MARK + " |"), paired);
        assertEquals(1, paired.lines().filter(l -> l.contains(") " + PairedSection.MARK + " |")).count(), paired);
        assertEquals(1, paired.lines().filter(l -> l.contains("| reference |")).count(), "one reference row: the large-batch semi-hard at α 0.2 is not it");
        assertFalse(paired.contains("| – |"), "no row without a reference: " + paired);

        // The same reference named by the miner alone (its other keys at the base values) or by repeated options.
        for (List<String> same : List.of(List.of("miner.strategy=semi-hard"), List.of("miner.strategy=semi-hard", "loss.margin=0.2"))) {
            String other = Report.of(sweep, "lfw", List.of(), same, PIVOT).markdown();
            assertTrue(other.contains("| grid | semi-hard | 0.2 | P×K 8×2, 2 steps | +5.00 ± 1.00 (n=2) |"), same + ": " + other);
        }
        // The reference can itself be a configuration off the base values, when the options single it out.
        String large = Report.of(sweep, "lfw", List.of(), List.of("sampler.identities=8"), null).markdown();
        assertTrue(large.contains("## Paired differences against one configuration: sampler.identities=8\n\nEvery row minus this one "
                + "configuration (2 steps; its other keys at the values most rows share: miner.strategy=semi-hard, loss.margin=0.2, "
                + "miner.warmup.strategy=none, miner.warmup.epochs=0)"), large);

        // CSV: each row's reference and the numbers.
        r.write(sweep, Report.Format.CSV);
        List<List<String>> csv = CsvReader.parse(Files.readString(sweep.resolve("report-paired.csv")));
        assertEquals(List.of("experiment", "miner.strategy", "loss.margin", "other keys", "reference"), csv.get(0).subList(0, 5));
        List<String> warm = csv.get(6);
        assertEquals("warm start semi-hard (1 epoch)", warm.get(3));
        assertEquals("miner.strategy=semi-hard, loss.margin=0.2", warm.get(4));
        assertEquals(-0.03, Double.parseDouble(warm.get(csv.get(0).indexOf("diff lfw accuracy mean"))), 1e-12);
        assertEquals(0.01, Double.parseDouble(warm.get(csv.get(0).indexOf("diff lfw accuracy se"))), 1e-12);
    }

    @Test
    void aReferenceConfigurationThatIsNotOneRowOrBothOptionsAreRefused(@TempDir Path root) throws Exception {
        Path sweep = sparseStudy(root);
        // Several configurations have train.steps=4; the one with every other key at its base value is semi-hard at α 0.2.
        String bySteps = Report.of(sweep, "lfw", List.of(), List.of("train.steps=4"), null).markdown();
        assertTrue(bySteps.contains("| experiment | train.steps | other keys | Δ lfw accuracy (pp) |")
                && bySteps.contains("| grid | 4 |  | reference |") && bySteps.contains("| grid | 4 | miner.strategy=random | -9.00 ± 1.00 (n=2) |")
                && bySteps.contains("| grid | 2 | P×K 8×2 | +5.00 ± 1.00 (n=2) |"), bySteps);
        ConfigException e = assertThrows(ConfigException.class, () -> Report.of(sweep, "lfw", List.of(), List.of("miner.strategy=batch-all"), null));
        assertTrue(e.getMessage().contains("no configuration has {miner.strategy=batch-all}"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> Report.of(sweep, "lfw", List.of(), List.of("miner.strategy"), null));
        assertTrue(e.getMessage().contains("expected KEY=VALUE, e.g. --reference-config miner.strategy=semi-hard,loss.margin=0.2"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> Report.of(sweep, "lfw", List.of("miner.strategy=semi-hard"), REFERENCE, null));
        assertTrue(e.getMessage().contains("give one"), e.getMessage());
        // The per-row reference still compares each row with its own counterpart, and says "–" where there is none.
        String perRow = Report.of(sweep, "lfw", List.of("miner.strategy=semi-hard"), List.of(), null).markdown();
        assertTrue(perRow.contains("## Paired differences against miner.strategy=semi-hard\n"), perRow);
        assertEquals(List.of("a=1", "b=[x, y]", "c=2"), ResultsTable.splitItems(List.of("a=1,b=[x, y]", "c=2")));

        // Without the plain semi-hard at α 0.2 (points 2 and 9), semi-hard names three configurations, none at the base values.
        Path index = sweep.resolve("sweep-index.csv");
        Files.writeString(index, String.join("\n", Files.readAllLines(index).stream().filter(l -> !l.startsWith("2,") && !l.startsWith("9,")).toList()) + "\n");
        e = assertThrows(ConfigException.class, () -> Report.of(sweep, "lfw", List.of(), List.of("miner.strategy=semi-hard"), null));
        assertTrue(e.getMessage().startsWith("--reference-config miner.strategy=semi-hard: 3 configurations have {miner.strategy=semi-hard} and "
                + "none of them has the other keys at the values most rows share (") && e.getMessage().contains("(loss.margin=0.05, ")
                && e.getMessage().endsWith("; name more keys to single one out"), e.getMessage());
    }

    /** The figures' lines (RunGroups, shared by plot and the notebooks): the larger batch is a line of its own, not pooled with semi-hard. */
    @Test
    void theFiguresDrawEachConfigurationOffTheBaseValuesAsItsOwnLine(@TempDir Path root) throws Exception {
        Path sweep = sparseStudy(root);
        List<RunResult> runs = new ArrayList<>();
        for (Path run : org.tripletlab.run.RunFinder.forReport(sweep).grid()) {
            runs.add(RunResult.read(run, "lfw"));
        }
        java.util.Map<String, java.util.Map<String, List<Path>>> panels = RunGroups.byMarginThenMiner(runs);
        assertEquals(List.of("α = 0.05", "α = 0.2", "α = 0.5"), List.copyOf(panels.keySet()));
        java.util.Map<String, List<Path>> at02 = panels.get("α = 0.2");
        assertEquals(List.of("random", "semi-hard", "hardest", "semi-hard (1 epoch) → hardest", "semi-hard, P×K 8×2, 2 steps"),
                List.copyOf(at02.keySet()));
        for (List<Path> line : at02.values()) {
            assertEquals(2, line.size(), "one run per seed: " + line);
        }
        assertEquals(List.of("semi-hard"), List.copyOf(panels.get("α = 0.05").keySet()));
    }

    @Test
    void theStandaloneLatexOfASparseStudyCompilesWithoutOverfullBoxes(@TempDir Path root) throws Exception {
        Assumptions.assumeTrue(LatexReportTest.onPath("pdflatex"), "pdflatex not installed: compiling the LaTeX report is skipped");
        Path sweep = sparseStudy(root);
        String tex = Report.of(sweep, "lfw", List.of(), REFERENCE, PIVOT).write(sweep, Report.Format.LATEX, true).text();
        // the variants' row labels, wrapped onto two lines where that saves the pivot a part
        assertTrue(tex.contains("hardest, warm start\\\\semi-hard (1 epoch)") && tex.contains("semi-hard, P$\\times$K 8$\\times$2, 2\\\\steps"), tex);
        Process p = new ProcessBuilder("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "report.tex")
                .directory(sweep.toFile()).redirectErrorStream(true).redirectOutput(sweep.resolve("pdflatex.out").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "pdflatex did not finish in 2 min");
        String log = Files.readString(sweep.resolve("report.log"), StandardCharsets.ISO_8859_1);
        assertEquals(0, p.exitValue(), log);
        Matcher m = Pattern.compile("Overfull \\\\hbox \\(([0-9.]+)pt too wide\\)").matcher(log);
        while (m.find()) {
            assertTrue(Double.parseDouble(m.group(1)) <= 1, m.group() + "\n" + log);
        }
    }

    private static int count(String s, String what) {
        return s.split(Pattern.quote(what), -1).length - 1;
    }
}
