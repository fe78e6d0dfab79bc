package org.tripletlab.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tripletlab.eval.MeanSe;
import org.tripletlab.sweep.SweepIndex;
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
 *       marked (bold in Markdown and LaTeX; a {@code best} column listing the metrics in CSV). Runs of
 *       other experiments (a sweep's baselines) follow in their own block, named by experiment;</li>
 *   <li><b>Pivot</b> (automatic when exactly two keys vary, or {@code --pivot ROW,COLUMN…}): rows one
 *       key, columns the others, each cell the accuracy mean ± s.e. and the final share of active
 *       triplets — the mining × margin table;</li>
 *   <li><b>Architectures</b> (when {@code encoder.architecture} or {@code encoder.embedding} vary):
 *       parameters and MFLOPs per image (recorded by the trainer from model.ModelStats) beside VAL@FAR
 *       and accuracy, as FaceNet's architecture table;</li>
 *   <li><b>Embedding dimension</b> (when {@code encoder.embedding} varies): VAL@FAR per embedding size;</li>
 *   <li><b>Paired differences</b> against a reference configuration, when one is named;</li>
 *   <li><b>Published</b> results of other systems, for {@code --benchmark lfw} only (with FaceNet's
 *       architecture and embedding tables beside ours when those are shown) — kept in their own
 *       section under their own heading and never mixed into the measured rows.</li>
 * </ol>
 * Markdown and LaTeX show rates in percent (2 decimals) and minutes with one decimal; CSV keeps the
 * raw numbers ({@code <metric> mean}, {@code <metric> se}) in {@code report.csv}, with the other
 * tables in {@code report-<section>.csv}.
 *
 * <p>A run folder that cannot be read (a truncated {@code provenance.json}, an empty {@code eval/<benchmark>.json},
 * a {@code steps.csv} cut short, a missing {@code config.yaml}) or an index row recorded complete whose folder is
 * gone stops the report with a {@link org.tripletlab.util.BadFileException} naming the file and what to do; no
 * report is written. A table that silently left a run out would change its means without saying so, so a
 * damaged run must be restored or moved out of the folder first.
 */
public final class Report {
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
    private final PivotTable pivot;
    private final List<RunResult> notTestNumbers;

    private Report(String title, String benchmark, ResultsTable results, Map<String, String> reference, int runs, String coverage,
            PivotTable pivot, List<RunResult> notTestNumbers) {
        this.notTestNumbers = notTestNumbers;
        this.coverage = coverage;
        this.title = title;
        this.benchmark = benchmark;
        this.results = results;
        this.reference = reference;
        this.runs = runs;
        this.pivot = pivot;
    }

    /** {@link #of(Path, String, List, List)} with the pivot chosen automatically. */
    public static Report of(Path dir, String benchmark, List<String> referenceOptions) {
        return of(dir, benchmark, referenceOptions, null);
    }

    /**
     * @param benchmark the eval/<benchmark>.json to read benchmark metrics from (null: none)
     * @param referenceOptions {@code KEY=VALUE} naming the reference configuration (empty: no comparison)
     * @param pivotKeys the pivot's row key then its column keys (keys that vary but are not named are
     *     added to the columns); null: automatic (a pivot when exactly two keys vary); empty: no pivot
     */
    public static Report of(Path dir, String benchmark, List<String> referenceOptions, List<String> pivotKeys) {
        RunFinder.Runs found = RunFinder.forReport(dir);
        List<RunResult> grid = new ArrayList<>();
        for (Path run : found.grid()) {
            grid.add(RunResult.read(run, benchmark));
        }
        List<RunResult> others = new ArrayList<>();
        for (Path run : found.others()) {
            others.add(RunResult.read(run, benchmark));
        }
        // A run that is not a test number for the benchmark (its provenance says why, e.g. it trained on the test
        // identities) is never ranked among the measured rows: it is listed apart with its reason.
        List<RunResult> notTest = new ArrayList<>();
        for (List<RunResult> block : List.of(grid, others)) {
            block.removeIf(r -> {
                if (r.notTestNumberReason(benchmark) != null) {
                    notTest.add(r);
                    return true;
                }
                return false;
            });
        }
        ResultsTable t = ResultsTable.of(grid, others);
        String coverage = null;
        Path index = dir.resolve(SweepIndex.FILE);
        if (Files.isRegularFile(index)) {
            List<SweepIndex.Row> rows = SweepIndex.read(index);
            if (!rows.isEmpty()) {
                t = t.withKeyOrder(new ArrayList<>(rows.get(0).axisValues().keySet()));
            }
            long complete = rows.stream().filter(r -> r.status().equals(SweepIndex.Status.COMPLETE.label())).count();
            long baselines = rows.stream().filter(SweepIndex.Row::isBaseline).count();
            String what = baselines == 0 ? "grid points of the sweep" : "runs of the sweep (" + (rows.size() - baselines) + " grid points, "
                    + baselines + " baseline run" + (baselines == 1 ? "" : "s") + ")";
            coverage = complete == rows.size() ? "all " + rows.size() + " " + what + " complete"
                    : complete + " of " + rows.size() + " " + what + " complete (the others are not in this report)";
        } else {
            t = t.sortedByConfig();
        }
        Map<String, String> ref = referenceOptions.isEmpty() ? Map.of() : t.parseReference(referenceOptions);
        PivotTable pivot = null;
        if (pivotKeys == null) {
            if (t.varyingKeys().size() == 2) {
                pivot = PivotTable.of(t.groups(), t.varyingKeys(), t.varyingKeys().get(0), List.of(t.varyingKeys().get(1)), false);
            }
        } else if (!pivotKeys.isEmpty()) {
            List<String> columns = new ArrayList<>(pivotKeys.subList(1, pivotKeys.size()));
            for (String k : t.varyingKeys()) {
                if (!pivotKeys.contains(k)) {
                    columns.add(k);
                }
            }
            pivot = PivotTable.of(t.groups(), t.varyingKeys(), pivotKeys.get(0), columns, false);
        }
        return new Report(dir.toAbsolutePath().normalize().getFileName().toString(), benchmark, t, ref, grid.size() + others.size(),
                coverage, pivot, List.copyOf(notTest));
    }

    /** The runs left out of the measured rows because they are not test numbers for the benchmark (see {@link RunResult#notTestNumberReason}). */
    public List<RunResult> notTestNumbers() {
        return notTestNumbers;
    }

    /**
     * The distinct training budgets ({@link RunResult#budget}) of the measured rows, each with its number of rows;
     * more than one means the report compares rows trained for different budgets (never averaged together).
     */
    public Map<String, Integer> budgets() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        for (ResultsTable.Group g : results.allGroups()) {
            String b = RunResult.budget(g.config());
            if (b != null) {
                out.merge(b, 1, Integer::sum);
            }
        }
        return out;
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
            String main = TableText.csv(measuredNumbers());
            Path f = dir.resolve("report.csv");
            AtomicFiles.write(f, main);
            files.add(f);
            all.append(main);
            for (Section s : sections(Format.CSV)) {
                if (s.table() == null || s.csvName() == null) {
                    continue;
                }
                String body = TableText.csv(s.table());
                Path sf = dir.resolve(s.csvName());
                AtomicFiles.write(sf, body);
                files.add(sf);
                all.append("\n# ").append(s.csvHeading()).append(" (").append(sf.getFileName()).append(")\n").append(body);
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
                        + "active share in %%; best per column in bold%s.%s",
                runs, results.allGroups().size(), coverage == null ? "" : " (" + coverage + ")", benchmark == null ? "" : ", benchmark " + benchmark,
                results.others().isEmpty() ? "" : " (over all measured rows, the other experiments' included)",
                results.duplicateSeeds() > 0 ? " " + results.duplicateSeeds() + " further runs repeated a seed of their configuration and were left out." : "")
                + budgetNote() + (notTestNumbers.isEmpty() ? "" : " " + notTestNumbers.size() + " run" + (notTestNumbers.size() == 1 ? " is" : "s are")
                + " not a test number for " + benchmark + " and listed apart, never ranked.");
    }

    /** Empty when every trained row has the same budget; otherwise says that rows of different budgets are kept apart. */
    private String budgetNote() {
        Map<String, Integer> b = budgets();
        if (b.size() < 2) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        b.forEach((k, n) -> parts.add(k + ": " + n + " row" + (n == 1 ? "" : "s")));
        return " Training budgets differ between rows (" + String.join("; ", parts) + "): every row has a single budget — runs of "
                + "different budgets are never averaged together — and rows of different budgets are not comparable.";
    }

    /**
     * One table of the report under its heading. {@code table} is text for Markdown and LaTeX and numbers
     * for CSV (then written to {@code csvName}); a section without a table is a heading with a note.
     */
    private record Section(int level, String heading, String note, Table table, int labels, String csvName, String csvHeading) {
    }

    /** The sections after the measured table, in order, built for {@code format} (bold marks differ). */
    private List<Section> sections(Format format) {
        boolean text = format != Format.CSV;
        String open = format == Format.MD ? "**" : "\\textbf{";
        String close = format == Format.MD ? "**" : "}";
        List<Section> out = new ArrayList<>();
        if (text && !results.others().isEmpty()) {
            // Only a sweep guarantees its baselines the grid's seeds; experiments found beside each other in a folder may differ in anything.
            out.add(coverage != null
                    ? new Section(3, "Other experiments of the sweep (baselines)",
                            "Measured like the rows above, with the grid's seeds; one row per experiment.", othersText(open, close), 1, null, null)
                    : new Section(3, "Other experiments in this folder",
                            "The experiments with fewer runs than the one above; one row per experiment. Their data, protocol and seeds "
                                    + "are their own: check their config.yaml before comparing.", othersText(open, close), 1, null, null));
        }
        if (!notTestNumbers.isEmpty()) {
            out.add(new Section(3, "Not test numbers for " + benchmark,
                    "These runs' provenance.json says their " + benchmark + " numbers are not test numbers (reason given); they are "
                            + "left out of every table above and below and never ranked.", notTestText(), 1, "report-not-test-numbers.csv",
                    "not test numbers for " + benchmark));
        }
        Metric accuracy = results.has(Metric.ACCURACY) ? Metric.ACCURACY : Metric.BEST_VAL_ACCURACY;
        if (pivot != null && results.has(accuracy)) {
            String keys = pivot.rowKey() + " × " + String.join(", ", pivot.columnKeys());
            boolean active = results.has(Metric.FINAL_ACTIVE_SHARE);
            out.add(new Section(2, "Pivot: " + keys,
                    "Rows " + pivot.rowKey() + ", columns " + String.join(", ", pivot.columnKeys()) + "; each cell " + accuracy.label(benchmark)
                            + " in % (mean ± s.e. over seeds, best in bold)" + (active ? " and the final share of active triplets in % "
                            + "(mean over the last epoch's steps, averaged over seeds)" : "") + ".",
                    text ? pivotText(accuracy, active, open, close) : pivotNumbers(accuracy, active), 1, "report-pivot.csv", "pivot " + keys));
        }
        boolean architecture = results.varyingKeys().contains("encoder.architecture") || results.varyingKeys().contains("encoder.embedding");
        if (architecture) {
            out.add(new Section(2, "Architectures: size, cost and accuracy",
                    "Encoder parameters and forward MFLOPs per image (2 × multiply–adds of the conv and linear layers, from the "
                            + "runs' provenance.json) beside the measured VAL@FAR = 1e-3 and accuracy (%, mean ± s.e.).",
                    text ? architectureText(open, close) : architectureNumbers(), labelColumns(), "report-architectures.csv", "architectures"));
        }
        boolean embedding = results.varyingKeys().contains("encoder.embedding") && results.has(Metric.VAL_AT_FAR);
        PivotTable byEmbedding = null;
        if (embedding) {
            List<String> rest = new ArrayList<>(results.varyingKeys());
            rest.remove("encoder.embedding");
            byEmbedding = PivotTable.of(results.groups(), results.varyingKeys(), "encoder.embedding", rest, true);
            out.add(new Section(2, "Embedding dimension vs VAL",
                    Metric.VAL_AT_FAR.label(benchmark) + " in % (mean ± s.e. over seeds) by encoder.embedding"
                            + (rest.isEmpty() ? "" : ", one column per " + String.join(", ", rest)) + ".",
                    text ? embeddingText(byEmbedding, open, close) : embeddingNumbers(byEmbedding), 1, "report-embedding.csv", "embedding dimension vs VAL"));
        }
        if (!reference.isEmpty()) {
            out.add(new Section(2, "Paired differences against " + referenceLabel(),
                    "Row minus reference over the seeds both ran (same seed, same split and initialisation), mean ± s.e. in percentage "
                            + "points; n = matched seeds." + (results.others().isEmpty() ? ""
                            : " Other experiments are compared with the reference row when the reference names a single row."),
                    text ? pairedText() : pairedNumbers(), labelColumns() + (results.others().isEmpty() ? 0 : 1), "report-paired.csv",
                    "paired differences vs " + reference));
        }
        if (showPublished()) {
            out.add(new Section(2, "Published results (not measured here)",
                    "LFW, unrestricted with labeled outside data, accuracy in % (mean ± s.e. over the 10 folds) as reported by the "
                            + "authors, with their own training data and networks — for orientation only, not comparable run for run.",
                    PublishedTables.lfw(text), 1, "report-published.csv", "published, not measured here"));
            if (architecture) {
                out.add(new Section(3, "FaceNet's architectures (published)",
                        "Schroff et al. 2015, §3 and Table 3: VAL@FAR = 1e-3 in % on FaceNet's own hold-out set (not LFW), "
                                + "models trained on 100–200 M images; – where the paper gives no number.",
                        PublishedTables.facenetModels(text), 1, "report-published-architectures.csv", "published FaceNet architectures, not measured here"));
            }
            if (embedding) {
                out.add(new Section(3, "FaceNet's embedding dimensions (published)",
                        "Schroff et al. 2015, Table 5: VAL@FAR = 1e-3 in % of NN1 on FaceNet's own hold-out set (not LFW).",
                        PublishedTables.facenetEmbedding(text), 1, "report-published-embedding.csv", "published FaceNet embedding dimensions, not measured here"));
            }
        }
        return out;
    }

    String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Report: ").append(title).append("\n\n").append(intro()).append("\n\n");
        sb.append("## Measured\n\n").append(TableText.md(measuredText(true, "**", "**"), labelColumns())).append('\n');
        for (Section s : sections(Format.MD)) {
            sb.append("#".repeat(s.level())).append(' ').append(s.heading()).append("\n\n");
            if (s.note() != null) {
                sb.append(s.note()).append("\n\n");
            }
            if (s.table() != null) {
                sb.append(TableText.md(s.table(), s.labels())).append('\n');
            }
        }
        return sb.toString();
    }

    String latex() {
        StringBuilder sb = new StringBuilder();
        sb.append("% tripletlab report: ").append(title).append("\n% ").append(intro()).append("\n");
        sb.append("\\paragraph{Measured.}\n").append(TableText.tex(measuredText(false, "\\textbf{", "}"), labelColumns()));
        for (Section s : sections(Format.LATEX)) {
            sb.append(s.level() <= 2 ? "\\paragraph{" : "\\subparagraph{").append(TableText.texEscape(s.heading())).append(".}");
            if (s.note() != null) {
                sb.append(' ').append(TableText.texEscape(s.note()));
            }
            sb.append('\n');
            if (s.table() != null) {
                sb.append(TableText.tex(s.table(), s.labels()));
            }
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

    private List<StringColumn> configColumns(List<ResultsTable.Group> groups) {
        List<StringColumn> cols = new ArrayList<>();
        if (results.varyingKeys().isEmpty()) {
            StringColumn c = StringColumn.create("configuration");
            groups.forEach(g -> c.append(String.valueOf(g.config().get("name"))));
            cols.add(c);
            return cols;
        }
        for (String k : results.varyingKeys()) {
            StringColumn c = StringColumn.create(k);
            groups.forEach(g -> c.append(String.valueOf(g.config().get(k))));
            cols.add(c);
        }
        return cols;
    }

    /** The grid's measured rows as text, best per column (over both blocks) between {@code open} and {@code close}. */
    Table measuredText(boolean markdown, String open, String close) {
        Table t = Table.create("measured");
        configColumns(results.groups()).forEach(t::addColumns);
        addMeasuredText(t, results.groups(), open, close);
        return t;
    }

    /** The runs that are not test numbers: run folder (experiment/run-id) and the reason from their provenance. */
    Table notTestText() {
        Table t = Table.create("not test numbers");
        StringColumn run = StringColumn.create("run");
        StringColumn reason = StringColumn.create("reason");
        for (RunResult r : notTestNumbers) {
            Path d = r.dir().toAbsolutePath().normalize();
            run.append((d.getParent() == null ? "" : d.getParent().getFileName() + "/") + d.getFileName());
            reason.append(r.notTestNumberReason(benchmark));
        }
        t.addColumns(run, reason);
        return t;
    }

    /** The other experiments' rows as text, named by experiment, with the same metric columns as the grid's. */
    Table othersText(String open, String close) {
        Table t = Table.create("others");
        StringColumn name = StringColumn.create("experiment");
        results.others().forEach(g -> name.append(results.otherLabel(g)));
        t.addColumns(name);
        addMeasuredText(t, results.others(), open, close);
        return t;
    }

    private void addMeasuredText(Table t, List<ResultsTable.Group> groups, String open, String close) {
        IntColumn seeds = IntColumn.create("seeds");
        groups.forEach(g -> seeds.append(g.seeds()));
        t.addColumns(seeds);
        for (Metric m : results.metrics()) {
            StringColumn c = StringColumn.create(m.label(benchmark) + (m.rate() ? " (%)" : ""));
            for (ResultsTable.Group g : groups) {
                String s = TableText.meanSe(g.stats(m), m, false);
                c.append(results.isBest(g, m) ? open + s + close : s);
            }
            t.addColumns(c);
        }
    }

    /**
     * Measured rows as numbers: {@code <metric> mean}, {@code <metric> se}, {@code <metric> n}, and {@code best}.
     * With other experiments, two leading columns {@code block} (grid / other) and {@code experiment} tell the
     * blocks apart; the grid's keys are empty on the other experiments' rows.
     */
    Table measuredNumbers() {
        Table t = Table.create("measured");
        List<ResultsTable.Group> all = results.allGroups();
        boolean blocks = !results.others().isEmpty();
        if (blocks) {
            StringColumn block = StringColumn.create("block");
            StringColumn experiment = StringColumn.create("experiment");
            for (ResultsTable.Group g : all) {
                boolean other = results.others().contains(g);
                block.append(other ? "other" : "grid");
                experiment.append(other ? results.otherLabel(g) : String.valueOf(g.config().get("name")));
            }
            t.addColumns(block, experiment);
        }
        paddedConfigColumns().forEach(t::addColumns);
        IntColumn seeds = IntColumn.create("seeds");
        all.forEach(g -> seeds.append(g.seeds()));
        t.addColumns(seeds);
        for (Metric m : results.metrics()) {
            DoubleColumn mean = DoubleColumn.create(m.label(benchmark) + " mean");
            DoubleColumn se = DoubleColumn.create(m.label(benchmark) + " se");
            IntColumn n = IntColumn.create(m.label(benchmark) + " n");
            for (ResultsTable.Group g : all) {
                MeanSe s = g.stats(m);
                mean.append(s.mean());
                se.append(s.standardError());
                n.append(s.n());
            }
            t.addColumns(mean, se, n);
        }
        StringColumn best = StringColumn.create("best");
        for (ResultsTable.Group g : all) {
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

    /** Pivot cells: "84.12 ± 0.31 · 23.4 active", the accuracy bold where it is the best among the cells. */
    Table pivotText(Metric accuracy, boolean active, String open, String close) {
        Table t = Table.create("pivot");
        StringColumn rows = StringColumn.create(pivot.rowKey());
        pivot.rows().forEach(r -> rows.append(String.valueOf(r)));
        t.addColumns(rows);
        List<ResultsTable.Group> placed = pivot.groups();
        for (List<Object> col : pivot.columns()) {
            StringColumn c = StringColumn.create(pivot.columnLabel(col));
            for (Object r : pivot.rows()) {
                ResultsTable.Group g = pivot.cell(r, col);
                if (g == null) {
                    c.append("–");
                    continue;
                }
                String acc = TableText.meanSe(g.stats(accuracy), accuracy, false);
                String cell = ResultsTable.isBestAmong(g, accuracy, placed) ? open + acc + close : acc;
                if (active) {
                    cell += " · " + TableText.meanSe(mean(g.stats(Metric.FINAL_ACTIVE_SHARE)), Metric.FINAL_ACTIVE_SHARE, false) + " active";
                }
                c.append(cell);
            }
            t.addColumns(c);
        }
        return t;
    }

    /** Pivot as numbers: per column value, {@code <column> <metric> mean}, {@code … se} (and the active share's mean). */
    Table pivotNumbers(Metric accuracy, boolean active) {
        Table t = Table.create("pivot");
        StringColumn rows = StringColumn.create(pivot.rowKey());
        pivot.rows().forEach(r -> rows.append(String.valueOf(r)));
        t.addColumns(rows);
        for (List<Object> col : pivot.columns()) {
            String label = pivot.columnLabel(col);
            DoubleColumn mean = DoubleColumn.create(label + " " + accuracy.label(benchmark) + " mean");
            DoubleColumn se = DoubleColumn.create(label + " " + accuracy.label(benchmark) + " se");
            IntColumn n = IntColumn.create(label + " " + accuracy.label(benchmark) + " n");
            DoubleColumn share = DoubleColumn.create(label + " " + Metric.FINAL_ACTIVE_SHARE.label(benchmark) + " mean");
            for (Object r : pivot.rows()) {
                ResultsTable.Group g = pivot.cell(r, col);
                MeanSe s = g == null ? MeanSe.of(new double[0]) : g.stats(accuracy);
                mean.append(s.mean());
                se.append(s.standardError());
                n.append(s.n());
                share.append(g == null ? Double.NaN : g.stats(Metric.FINAL_ACTIVE_SHARE).mean());
            }
            t.addColumns(mean, se, n);
            if (active) {
                t.addColumns(share);
            }
        }
        return t;
    }

    /** Only the mean (the s.e. of a share is not what the pivot is about). */
    private static MeanSe mean(MeanSe s) {
        return new MeanSe(s.mean(), Double.NaN, Double.NaN, s.n());
    }

    Table architectureText(String open, String close) {
        Table t = Table.create("architectures");
        configColumns(results.groups()).forEach(t::addColumns);
        StringColumn params = StringColumn.create("parameters");
        StringColumn flops = StringColumn.create("MFLOPs / image");
        for (ResultsTable.Group g : results.groups()) {
            double p = g.stats(Metric.PARAMETERS).mean();
            double f = g.stats(Metric.FLOPS_PER_IMAGE).mean();
            params.append(Double.isNaN(p) ? "–" : TableText.parameters(p));
            flops.append(Double.isNaN(f) ? "–" : String.format(Locale.ROOT, "%.1f", f / 1e6));
        }
        t.addColumns(params, flops);
        for (Metric m : List.of(Metric.VAL_AT_FAR, Metric.ACCURACY)) {
            if (results.has(m)) {
                StringColumn c = StringColumn.create(m.label(benchmark) + " (%)");
                for (ResultsTable.Group g : results.groups()) {
                    String s = TableText.meanSe(g.stats(m), m, false);
                    c.append(ResultsTable.isBestAmong(g, m, results.groups()) ? open + s + close : s);
                }
                t.addColumns(c);
            }
        }
        return t;
    }

    Table architectureNumbers() {
        Table t = Table.create("architectures");
        configColumns(results.groups()).forEach(t::addColumns);
        DoubleColumn params = DoubleColumn.create("parameters");
        DoubleColumn flops = DoubleColumn.create("flops per image");
        for (ResultsTable.Group g : results.groups()) {
            params.append(g.stats(Metric.PARAMETERS).mean());
            flops.append(g.stats(Metric.FLOPS_PER_IMAGE).mean());
        }
        t.addColumns(params, flops);
        for (Metric m : List.of(Metric.VAL_AT_FAR, Metric.ACCURACY)) {
            if (results.has(m)) {
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
        }
        return t;
    }

    Table embeddingText(PivotTable p, String open, String close) {
        Table t = Table.create("embedding");
        StringColumn rows = StringColumn.create(p.rowKey());
        p.rows().forEach(r -> rows.append(String.valueOf(r)));
        t.addColumns(rows);
        List<ResultsTable.Group> placed = p.groups();
        for (List<Object> col : p.columns()) {
            StringColumn c = StringColumn.create(p.columnKeys().isEmpty() ? Metric.VAL_AT_FAR.label(benchmark) + " (%)" : p.columnLabel(col));
            for (Object r : p.rows()) {
                ResultsTable.Group g = p.cell(r, col);
                String s = g == null ? "–" : TableText.meanSe(g.stats(Metric.VAL_AT_FAR), Metric.VAL_AT_FAR, false);
                c.append(g != null && ResultsTable.isBestAmong(g, Metric.VAL_AT_FAR, placed) ? open + s + close : s);
            }
            t.addColumns(c);
        }
        return t;
    }

    Table embeddingNumbers(PivotTable p) {
        Table t = Table.create("embedding");
        StringColumn rows = StringColumn.create(p.rowKey());
        p.rows().forEach(r -> rows.append(String.valueOf(r)));
        t.addColumns(rows);
        for (List<Object> col : p.columns()) {
            String label = (p.columnKeys().isEmpty() ? "" : p.columnLabel(col) + " ") + Metric.VAL_AT_FAR.label(benchmark);
            DoubleColumn mean = DoubleColumn.create(label + " mean");
            DoubleColumn se = DoubleColumn.create(label + " se");
            IntColumn n = IntColumn.create(label + " n");
            for (Object r : p.rows()) {
                ResultsTable.Group g = p.cell(r, col);
                MeanSe s = g == null ? MeanSe.of(new double[0]) : g.stats(Metric.VAL_AT_FAR);
                mean.append(s.mean());
                se.append(s.standardError());
                n.append(s.n());
            }
            t.addColumns(mean, se, n);
        }
        return t;
    }

    private List<Metric> comparedMetrics() {
        return results.metrics().stream().filter(Metric::compared).toList();
    }

    /** Paired rows: the grid's, then (with a block of other experiments) theirs, named in a leading experiment column. */
    private List<StringColumn> pairedLabels() {
        List<StringColumn> cols = new ArrayList<>();
        List<ResultsTable.Group> all = results.allGroups();
        if (!results.others().isEmpty()) {
            StringColumn e = StringColumn.create("experiment");
            all.forEach(g -> e.append(results.others().contains(g) ? results.otherLabel(g) : String.valueOf(g.config().get("name"))));
            cols.add(e);
        }
        cols.addAll(paddedConfigColumns());
        return cols;
    }

    /** The grid's config-key columns, with empty cells for the other experiments' rows that follow the grid's. */
    private List<StringColumn> paddedConfigColumns() {
        List<StringColumn> cols = new ArrayList<>();
        for (StringColumn c : configColumns(results.groups())) {
            StringColumn full = StringColumn.create(c.name());
            c.forEach(full::append);
            for (int i = 0; i < results.others().size(); i++) {
                full.append("");
            }
            cols.add(full);
        }
        return cols;
    }

    Table pairedText() {
        Table t = Table.create("paired");
        pairedLabels().forEach(t::addColumns);
        for (Metric m : comparedMetrics()) {
            StringColumn c = StringColumn.create("Δ " + m.label(benchmark) + " (pp)");
            for (ResultsTable.Group g : results.allGroups()) {
                ResultsTable.Group ref = results.referenceFor(g, reference);
                if (ref == null) {
                    c.append("–");
                } else if (ref == g) {
                    c.append("reference");
                } else {
                    MeanSe d = ResultsTable.paired(g.values(m), ref.values(m));
                    c.append(d.n() == 0 ? "no matched seeds" : TableText.meanSe(d, m, true) + " (n=" + d.n() + ")");
                }
            }
            t.addColumns(c);
        }
        return t;
    }

    Table pairedNumbers() {
        Table t = Table.create("paired");
        pairedLabels().forEach(t::addColumns);
        StringColumn refCol = StringColumn.create("reference");
        for (ResultsTable.Group g : results.allGroups()) {
            ResultsTable.Group ref = results.referenceFor(g, reference);
            refCol.append(ref == null ? "" : ref == g ? "self" : referenceLabel());
        }
        t.addColumns(refCol);
        for (Metric m : comparedMetrics()) {
            DoubleColumn mean = DoubleColumn.create("diff " + m.label(benchmark) + " mean");
            DoubleColumn se = DoubleColumn.create("diff " + m.label(benchmark) + " se");
            IntColumn n = IntColumn.create("diff " + m.label(benchmark) + " matched seeds");
            for (ResultsTable.Group g : results.allGroups()) {
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
}
