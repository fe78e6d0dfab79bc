package org.tripletlab.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.tripletlab.eval.MeanSe;
import org.tripletlab.sweep.SweepIndex;
import org.tripletlab.train.RunDirectory;
import org.tripletlab.util.AtomicFiles;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * {@code tripletlab report}: tables of a sweep's or an experiment's completed runs.
 *
 * <p>Sections, each a tablesaw {@link Table}:
 * <ol>
 *   <li><b>Measured</b>: one row per configuration ({@link ResultsTable}), the config keys that differ
 *       between rows, the number of seeds, and per metric mean ± s.e. over seeds, the best per column
 *       marked (bold in Markdown and LaTeX; a {@code best} column listing the metrics in CSV);</li>
 *   <li><b>Paired differences</b> against a reference configuration, when one is named;</li>
 *   <li><b>Published</b> LFW results of other systems, for {@code --benchmark lfw} only — kept in their
 *       own table under their own heading and never mixed into the measured rows.</li>
 * </ol>
 * Markdown and LaTeX show rates in percent (2 decimals) and minutes with one decimal; CSV keeps the
 * raw numbers ({@code <metric> mean}, {@code <metric> se}) with the paired and published tables in
 * {@code report-paired.csv} and {@code report-published.csv}.
 */
public final class Report {
    /** An accuracy reported by others, mean ± s.e. in percent. */
    public record Published(String method, double accuracy, double se, String source) {
    }

    /** LFW, unrestricted with labeled outside data, as the papers report them (accuracy %, ± s.e.). */
    public static final List<Published> PUBLISHED_LFW = List.of(
            new Published("FaceNet", 99.63, 0.09, "Schroff, Kalenichenko, Philbin, CVPR 2015"),
            new Published("DeepFace (ensemble)", 97.35, 0.25, "Taigman, Yang, Ranzato, Wolf, CVPR 2014"),
            new Published("OpenFace (nn4.small2)", 92.92, 1.34, "Amos, Ludwiczuk, Satyanarayanan, CMU-CS-16-118, 2016"));

    public enum Format {
        MD("md"), LATEX("tex"), CSV("csv");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }

        public static Format parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "md", "markdown" -> MD;
                case "latex", "tex" -> LATEX;
                case "csv" -> CSV;
                default -> throw new IllegalArgumentException("--format " + s + ": expected md, latex or csv");
            };
        }
    }

    /** What was written: the text (also printed) and the files. */
    public record Written(String text, List<Path> files) {
    }

    private final String title;
    private final String benchmark;
    private final ResultsTable results;
    private final Map<String, String> reference;
    private final int runs;
    private final String coverage;

    private Report(String title, String benchmark, ResultsTable results, Map<String, String> reference, int runs, String coverage) {
        this.coverage = coverage;
        this.title = title;
        this.benchmark = benchmark;
        this.results = results;
        this.reference = reference;
        this.runs = runs;
    }

    /**
     * Collects the completed runs under {@code dir}: a sweep folder (its {@code sweep-index.csv}; rows
     * in grid order), an experiment folder ({@code <dir>/<run>/COMPLETE}), a results root
     * ({@code <dir>/<experiment>/<run>/COMPLETE}) or a single run folder (rows then ordered by their
     * config values).
     */
    public static List<Path> runDirs(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": not a folder; pass a sweep folder (with sweep-index.csv) or a results folder");
        }
        List<Path> out = new ArrayList<>();
        Path index = dir.resolve(SweepIndex.FILE);
        if (Files.isRegularFile(index)) {
            Path outRoot = dir.toAbsolutePath().getParent();
            for (SweepIndex.Row r : SweepIndex.read(index)) {
                if (r.status().equals(SweepIndex.Status.COMPLETE.label()) && !r.runDir().isEmpty()) {
                    Path run = outRoot.resolve(r.runDir());
                    if (Files.isRegularFile(run.resolve(RunDirectory.COMPLETE_MARKER))) {
                        out.add(run);
                    }
                }
            }
        } else if (Files.isRegularFile(dir.resolve(RunDirectory.COMPLETE_MARKER))) {
            out.add(dir);
        } else {
            out.addAll(completeChildren(dir));
            if (out.isEmpty()) {
                for (Path child : children(dir)) {
                    out.addAll(completeChildren(child));
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(dir + ": no completed runs (folders with a COMPLETE file, or complete rows of a sweep-index.csv)");
        }
        return out;
    }

    private static List<Path> completeChildren(Path dir) {
        return children(dir).stream().filter(p -> Files.isRegularFile(p.resolve(RunDirectory.COMPLETE_MARKER))).toList();
    }

    private static List<Path> children(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param benchmark the eval/<benchmark>.json to read benchmark metrics from (null: none)
     * @param referenceOptions {@code KEY=VALUE} naming the reference configuration (empty: no comparison)
     */
    public static Report of(Path dir, String benchmark, List<String> referenceOptions) {
        List<RunResult> runs = new ArrayList<>();
        for (Path run : runDirs(dir)) {
            runs.add(RunResult.read(run, benchmark));
        }
        ResultsTable t = ResultsTable.of(runs);
        String coverage = null;
        Path index = dir.resolve(SweepIndex.FILE);
        if (Files.isRegularFile(index)) {
            List<SweepIndex.Row> rows = SweepIndex.read(index);
            if (!rows.isEmpty()) {
                t = t.withKeyOrder(new ArrayList<>(rows.get(0).axisValues().keySet()));
            }
            long complete = rows.stream().filter(r -> r.status().equals(SweepIndex.Status.COMPLETE.label())).count();
            coverage = complete == rows.size() ? "all " + rows.size() + " grid points of the sweep complete"
                    : complete + " of " + rows.size() + " grid points of the sweep complete (the others are not in this report)";
        } else {
            t = t.sortedByConfig();
        }
        Map<String, String> ref = referenceOptions.isEmpty() ? Map.of() : t.parseReference(referenceOptions);
        return new Report(dir.toAbsolutePath().normalize().getFileName().toString(), benchmark, t, ref, runs.size(), coverage);
    }

    public ResultsTable results() {
        return results;
    }

    /** The measured section as text (rates in %), the best per column wrapped in {@code **…**}; for notebooks. */
    public Table measuredTable() {
        return measuredText(true, "**", "**");
    }

    /** The paired-differences section as text, or null when no reference configuration was named. */
    public Table pairedTable() {
        return reference.isEmpty() ? null : pairedText();
    }

    /** The sentence that opens the report: runs, configurations, sweep coverage, what the numbers are. */
    public String summary() {
        return intro();
    }

    /** Renders the report, prints nothing, writes {@code <dir>/report.<ext>} (and the CSV side tables) atomically. */
    public Written write(Path dir, Format format) {
        List<Path> files = new ArrayList<>();
        String text;
        if (format == Format.CSV) {
            StringBuilder all = new StringBuilder();
            String main = csv(measuredNumbers());
            Path f = dir.resolve("report.csv");
            AtomicFiles.write(f, main);
            files.add(f);
            all.append(main);
            if (!reference.isEmpty()) {
                String paired = csv(pairedNumbers());
                Path pf = dir.resolve("report-paired.csv");
                AtomicFiles.write(pf, paired);
                files.add(pf);
                all.append("\n# paired differences vs ").append(reference).append(" (").append(pf.getFileName()).append(")\n").append(paired);
            }
            if (showPublished()) {
                String pub = csv(publishedTable(false));
                Path pf = dir.resolve("report-published.csv");
                AtomicFiles.write(pf, pub);
                files.add(pf);
                all.append("\n# published, not measured here (").append(pf.getFileName()).append(")\n").append(pub);
            }
            text = all.toString();
        } else {
            text = format == Format.MD ? markdown() : latex();
            Path f = dir.resolve("report." + format.extension());
            AtomicFiles.write(f, text);
            files.add(f);
        }
        return new Written(text, files);
    }

    private boolean showPublished() {
        return "lfw".equals(benchmark);
    }

    private String intro() {
        return String.format(Locale.ROOT, "%d completed runs in %d configurations%s%s; mean ± standard error over seeds "
                        + "(s.e. = sample standard deviation / √n; a single seed has no s.e.); accuracies, VAL, AUC, rank-1 and "
                        + "active share in %%; best per column in bold.%s",
                runs, results.groups().size(), coverage == null ? "" : " (" + coverage + ")", benchmark == null ? "" : ", benchmark " + benchmark,
                results.duplicateSeeds() > 0 ? " " + results.duplicateSeeds() + " further runs repeated a seed of their configuration and were left out." : "");
    }

    String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Report: ").append(title).append("\n\n").append(intro()).append("\n\n");
        sb.append("## Measured\n\n").append(md(measuredText(true, "**", "**"), labelColumns())).append('\n');
        if (!reference.isEmpty()) {
            sb.append("## Paired differences against ").append(referenceLabel()).append("\n\n")
                    .append("Row minus reference over the seeds both ran (same seed, same split and initialisation), mean ± s.e. "
                            + "in percentage points; n = matched seeds.\n\n")
                    .append(md(pairedText(), labelColumns())).append('\n');
        }
        if (showPublished()) {
            sb.append("## Published results (not measured here)\n\n")
                    .append("LFW, unrestricted with labeled outside data, accuracy in % (mean ± s.e. over the 10 folds) as reported by the "
                            + "authors, with their own training data and networks — for orientation only, not comparable run for run.\n\n")
                    .append(md(publishedTable(true), 1)).append('\n');
        }
        return sb.toString();
    }

    String latex() {
        StringBuilder sb = new StringBuilder();
        sb.append("% tripletlab report: ").append(title).append("\n% ").append(intro()).append("\n");
        sb.append("\\paragraph{Measured.}\n").append(tex(measuredText(false, "\\textbf{", "}"), labelColumns()));
        if (!reference.isEmpty()) {
            sb.append("\\paragraph{Paired differences against ").append(texEscape(referenceLabel()))
                    .append(" (percentage points, mean $\\pm$ s.e. over matched seeds).}\n").append(tex(pairedText(), labelColumns()));
        }
        if (showPublished()) {
            sb.append("\\paragraph{Published results (not measured here).} LFW unrestricted, accuracy in \\%, as reported by the authors.\n")
                    .append(tex(publishedTable(true), 1));
        }
        return sb.toString();
    }

    private String referenceLabel() {
        List<String> parts = new ArrayList<>();
        reference.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }

    // ---- tables ----

    private int labelColumns() {
        return Math.max(1, results.varyingKeys().size());
    }

    private List<StringColumn> configColumns() {
        List<StringColumn> cols = new ArrayList<>();
        if (results.varyingKeys().isEmpty()) {
            StringColumn c = StringColumn.create("configuration");
            results.groups().forEach(g -> c.append(String.valueOf(g.config().get("name"))));
            cols.add(c);
            return cols;
        }
        for (String k : results.varyingKeys()) {
            StringColumn c = StringColumn.create(k);
            results.groups().forEach(g -> c.append(String.valueOf(g.config().get(k))));
            cols.add(c);
        }
        return cols;
    }

    /** Measured rows as text, best per column between {@code open} and {@code close}. */
    Table measuredText(boolean markdown, String open, String close) {
        Table t = Table.create("measured");
        configColumns().forEach(t::addColumns);
        IntColumn seeds = IntColumn.create("seeds");
        results.groups().forEach(g -> seeds.append(g.seeds()));
        t.addColumns(seeds);
        for (Metric m : results.metrics()) {
            StringColumn c = StringColumn.create(m.label(benchmark) + (m.rate() ? " (%)" : ""));
            for (ResultsTable.Group g : results.groups()) {
                String s = meanSe(g.stats(m), m, false);
                c.append(results.isBest(g, m) ? open + s + close : s);
            }
            t.addColumns(c);
        }
        return t;
    }

    /** Measured rows as numbers: {@code <metric> mean}, {@code <metric> se}, {@code <metric> n}, and {@code best}. */
    Table measuredNumbers() {
        Table t = Table.create("measured");
        configColumns().forEach(t::addColumns);
        IntColumn seeds = IntColumn.create("seeds");
        results.groups().forEach(g -> seeds.append(g.seeds()));
        t.addColumns(seeds);
        for (Metric m : results.metrics()) {
            DoubleColumn mean = DoubleColumn.create(m.label(benchmark) + " mean");
            DoubleColumn se = DoubleColumn.create(m.label(benchmark) + " se");
            IntColumn n = IntColumn.create(m.label(benchmark) + " n");
            for (ResultsTable.Group g : results.groups()) {
                MeanSe s = g.stats(m);
                mean.append(s.mean());
                se.append(s.standardError());
                n.append(s.n());
            }
            t.addColumns(mean, se, n);
        }
        StringColumn best = StringColumn.create("best");
        for (ResultsTable.Group g : results.groups()) {
            List<String> b = new ArrayList<>();
            for (Metric m : results.metrics()) {
                if (results.isBest(g, m)) {
                    b.add(m.label(benchmark));
                }
            }
            best.append(String.join("; ", b));
        }
        t.addColumns(best);
        return t;
    }

    private List<Metric> comparedMetrics() {
        return results.metrics().stream().filter(Metric::compared).toList();
    }

    Table pairedText() {
        Table t = Table.create("paired");
        configColumns().forEach(t::addColumns);
        for (Metric m : comparedMetrics()) {
            StringColumn c = StringColumn.create("Δ " + m.label(benchmark) + " (pp)");
            for (ResultsTable.Group g : results.groups()) {
                ResultsTable.Group ref = results.referenceFor(g, reference);
                if (ref == null) {
                    c.append("–");
                } else if (ref == g) {
                    c.append("reference");
                } else {
                    MeanSe d = ResultsTable.paired(g.values(m), ref.values(m));
                    c.append(d.n() == 0 ? "no matched seeds" : meanSe(d, m, true) + " (n=" + d.n() + ")");
                }
            }
            t.addColumns(c);
        }
        return t;
    }

    Table pairedNumbers() {
        Table t = Table.create("paired");
        configColumns().forEach(t::addColumns);
        StringColumn refCol = StringColumn.create("reference");
        for (ResultsTable.Group g : results.groups()) {
            ResultsTable.Group ref = results.referenceFor(g, reference);
            refCol.append(ref == null ? "" : ref == g ? "self" : referenceLabel());
        }
        t.addColumns(refCol);
        for (Metric m : comparedMetrics()) {
            DoubleColumn mean = DoubleColumn.create("diff " + m.label(benchmark) + " mean");
            DoubleColumn se = DoubleColumn.create("diff " + m.label(benchmark) + " se");
            IntColumn n = IntColumn.create("diff " + m.label(benchmark) + " matched seeds");
            for (ResultsTable.Group g : results.groups()) {
                ResultsTable.Group ref = results.referenceFor(g, reference);
                MeanSe d = ref == null || ref == g ? new MeanSe(Double.NaN, Double.NaN, Double.NaN, 0) : ResultsTable.paired(g.values(m), ref.values(m));
                mean.append(d.mean());
                se.append(d.standardError());
                n.append(d.n());
            }
            t.addColumns(mean, se, n);
        }
        return t;
    }

    static Table publishedTable(boolean text) {
        Table t = Table.create("published");
        StringColumn method = StringColumn.create("method (published)");
        StringColumn source = StringColumn.create("source");
        StringColumn acc = StringColumn.create("LFW accuracy (%)");
        DoubleColumn mean = DoubleColumn.create("LFW accuracy mean (%)");
        DoubleColumn se = DoubleColumn.create("LFW accuracy se (%)");
        for (Published p : PUBLISHED_LFW) {
            method.append(p.method());
            source.append(p.source());
            acc.append(String.format(Locale.ROOT, "%.2f ± %.2f", p.accuracy(), p.se()));
            mean.append(p.accuracy());
            se.append(p.se());
        }
        return text ? t.addColumns(method, acc, source) : t.addColumns(method, mean, se, source);
    }

    // ---- rendering ----

    /** "81.23 ± 0.45" (rates in percent); without the ± part when the s.e. is undefined; "–" when no value. */
    static String meanSe(MeanSe s, Metric m, boolean signed) {
        if (s.n() == 0 || Double.isNaN(s.mean())) {
            return "–";
        }
        double scale = m.rate() ? 100 : 1;
        int decimals = m == Metric.MINUTES ? 1 : m == Metric.FINAL_ACTIVE_SHARE ? 1 : 2;
        String f = "%" + (signed ? "+" : "") + "." + decimals + "f";
        String mean = String.format(Locale.ROOT, f, s.mean() * scale);
        if (Double.isNaN(s.standardError())) {
            return mean;
        }
        return mean + String.format(Locale.ROOT, " ± %." + decimals + "f", s.standardError() * scale);
    }

    /** A Markdown table; the first {@code labels} columns (the row names) left-aligned, the numbers right-aligned. */
    static String md(Table t, int labels) {
        StringBuilder sb = new StringBuilder("|");
        for (String c : t.columnNames()) {
            sb.append(' ').append(c.replace("|", "\\|")).append(" |");
        }
        sb.append("\n|");
        for (int i = 0; i < t.columnCount(); i++) {
            sb.append(i < labels || t.column(i).name().equals("source") ? "---|" : "---:|");
        }
        sb.append('\n');
        for (int r = 0; r < t.rowCount(); r++) {
            sb.append('|');
            for (int c = 0; c < t.columnCount(); c++) {
                sb.append(' ').append(t.getString(r, c).replace("|", "\\|")).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** A LaTeX tabular (no packages needed); bold cells come as \\textbf{…}. */
    static String tex(Table t, int labels) {
        StringBuilder sb = new StringBuilder("\\begin{tabular}{");
        for (int i = 0; i < t.columnCount(); i++) {
            sb.append(i < labels ? 'l' : 'r');
        }
        sb.append("}\n\\hline\n");
        List<String> head = new ArrayList<>();
        for (String c : t.columnNames()) {
            head.add(texEscape(c));
        }
        sb.append(String.join(" & ", head)).append(" \\\\\n\\hline\n");
        for (int r = 0; r < t.rowCount(); r++) {
            List<String> cells = new ArrayList<>();
            for (int c = 0; c < t.columnCount(); c++) {
                String s = t.getString(r, c);
                boolean bold = s.startsWith("\\textbf{") && s.endsWith("}");
                String inner = bold ? s.substring("\\textbf{".length(), s.length() - 1) : s;
                String e = texEscape(inner);
                cells.add(bold ? "\\textbf{" + e + "}" : e);
            }
            sb.append(String.join(" & ", cells)).append(" \\\\\n");
        }
        sb.append("\\hline\n\\end{tabular}\n");
        return sb.toString();
    }

    static String texEscape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '\\' -> sb.append("\\textbackslash{}");
                case '&', '%', '$', '#', '_', '{', '}' -> sb.append('\\').append(ch);
                case '~' -> sb.append("\\textasciitilde{}");
                case '^' -> sb.append("\\textasciicircum{}");
                case '±' -> sb.append("$\\pm$");
                case 'Δ' -> sb.append("$\\Delta$");
                case '–' -> sb.append("--");
                case '√' -> sb.append("$\\surd$");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }

    static String csv(Table t) {
        StringWriter w = new StringWriter();
        t.write().csv(w);
        return w.toString();
    }
}
