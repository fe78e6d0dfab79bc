package org.tripletlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tripletlab.report.Report;
import org.tripletlab.benchmark.Benchmarks;
import org.tripletlab.benchmark.LfwBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tripletlab report <sweep-or-results-dir>... [--format md|latex|csv] [--standalone] [--benchmark lfw] [--reference KEY=VALUE]... [--reference-config KEY=VALUE,...] [--pivot ROW,COLUMN]}. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Tables of completed runs: one row per configuration (runs grouped with seed left out), mean ± s.e. over seeds, "
                + "best per column marked, a sweep's baselines in their own block; a pivot table (e.g. miner × margin), architecture "
                + "(parameters, MFLOPs, VAL) and embedding-size tables when those keys vary; optionally paired differences against a "
                + "reference configuration; published numbers in a separate section. Printed and written to <dir>/report.<md|tex|csv>."})
final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "a sweep folder (<out>/<sweep-name>, with sweep-index.csv: its runs), "
            + "an experiment folder (results/<experiment>: the runs its study.yaml declares, else all) or a results root; "
            + "several folders pool their runs into one report (e.g. two sweeps compared seed for seed with --reference-config), "
            + "written where --out says")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "md", description = "md, latex or csv (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--benchmark", paramLabel = "NAME", defaultValue = LfwBenchmark.VIEW2_NAME, completionCandidates = Benchmarks.Names.class,
            description = "benchmark whose eval/<NAME>.json gives the accuracy, VAL@FAR, AUC and one-shot columns, one of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); none to leave them out")
    String benchmark;

    @Option(names = "--reference", paramLabel = "KEY=VALUE",
            description = "the reference configuration for paired differences, e.g. --reference miner.strategy=semi-hard (repeatable; "
                    + "each row is compared with the configuration equal to it except for these keys)")
    List<String> reference = new ArrayList<>();

    @Option(names = "--reference-config", paramLabel = "KEY=VALUE[,KEY=VALUE...]",
            description = "paired differences of every row against one fixed configuration, also rows that differ from it in other "
                    + "keys (a warm start, a larger batch), e.g. --reference-config miner.strategy=semi-hard,loss.margin=0.2 (repeatable); "
                    + "when several configurations have these values, the one whose other keys are at the values most rows share; "
                    + "not with --reference")
    List<String> referenceConfig = new ArrayList<>();

    @Option(names = "--pivot", paramLabel = "ROW[,COLUMN...]",
            description = "pivot table: rows the first key, columns the others, e.g. --pivot miner.strategy,loss.margin; keys that vary "
                    + "but are not named are held at the values most rows share, and each configuration that differs there is a row of "
                    + "its own named by what differs (hardest, warm start semi-hard (3 epochs)), – in an empty cell; with a row key only, "
                    + "the other varying keys become the columns; default: automatic when exactly two keys vary; none: no pivot")
    String pivot;

    @Option(names = "--standalone", description = "with --format latex: a whole LaTeX document (article, booktabs) that compiles "
            + "with pdflatex as it is; without it report.tex is a fragment of table floats for \\input in a paper")
    boolean standalone;

    @Option(names = "--out", paramLabel = "DIR", description = "write report.<ext> into DIR instead of the folder reported on "
            + "(e.g. to compare a regenerated report with the committed one); required with several folders")
    Path out;

    @Override
    public Integer call() {
        Report.Format f = Report.Format.parse(format);
        // A misspelt benchmark would silently give a report with empty benchmark columns.
        if (!benchmark.equals("none") && !Benchmarks.contains(benchmark)) {
            throw new IllegalArgumentException("--benchmark " + benchmark + ": not a benchmark; expected one of "
                    + String.join(", ", Benchmarks.names()) + ", or none to leave the benchmark columns out");
        }
        List<String> pivotKeys = pivot == null ? null : pivot.equals("none") ? List.of()
                : List.of(pivot.split(",")).stream().map(String::trim).filter(k -> !k.isEmpty()).toList();
        // Several folders have no one home for their report, and writing into the first would overwrite its own report.
        if (dirs.size() > 1 && out == null) {
            throw new IllegalArgumentException("report " + dirs.stream().map(Path::toString).collect(java.util.stream.Collectors.joining(" "))
                    + ": several folders need --out DIR, the folder to write their joint report into (e.g. --out "
                    + dirs.get(dirs.size() - 1).resolve("compared") + ")");
        }
        Report r = Report.of(dirs, benchmark.equals("none") ? null : benchmark, reference, referenceConfig, pivotKeys);
        Report.Written w = r.write(out == null ? dirs.get(0) : out, f, standalone);
        System.out.print(w.text());
        System.err.println("written: " + w.files());
        return 0;
    }
}
