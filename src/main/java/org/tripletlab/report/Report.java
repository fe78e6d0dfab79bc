package org.tripletlab.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tripletlab.benchmark.Benchmark;
import org.tripletlab.benchmark.Benchmarks;
import org.tripletlab.component.ConfigException;
import org.tripletlab.run.RunFinder;
import org.tripletlab.run.SweepIndexFile;
import org.tripletlab.util.AtomicFiles;
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
 *   <li><b>Pretrained reference</b>: encoders evaluated here but trained elsewhere ({@link PretrainedSection},
 *       {@code <results root>/pretrained/<name>/eval/<benchmark>.json}), in their own block, never ranked;</li>
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
    private final ResultsTable.Group fixedReference;
    private final int runs;
    private final String coverage;
    private final PivotTable pivot;
    private final List<RunResult> notTestNumbers;
    private final List<PretrainedSection.Row> pretrained;

    private Report(String title, String benchmark, ResultsTable results, Map<String, String> reference, ResultsTable.Group fixedReference,
            int runs, String coverage, PivotTable pivot, List<RunResult> notTestNumbers, List<PretrainedSection.Row> pretrained) {
        this.fixedReference = fixedReference;
        this.notTestNumbers = notTestNumbers;
        this.pretrained = pretrained;
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
        return of(dir, benchmark, referenceOptions, List.of(), pivotKeys);
    }

    /**
     * As {@link #of(Path, String, List, List)}, the paired differences taken either per row ({@code referenceOptions},
     * {@code --reference}) or against one fixed configuration ({@code referenceConfig}, {@code --reference-config}:
     * {@link ResultsTable#fixedReference}); not both.
     *
     * @param pivotKeys with a row key and at least one column key, the pivot of a sparse study ({@link PivotTable#withVariants}):
     *     the varying keys not named are held at their base values and the configurations off them get rows of their own;
     *     with a row key only, the varying keys not named become the columns
     */
    public static Report of(Path dir, String benchmark, List<String> referenceOptions, List<String> referenceConfig, List<String> pivotKeys) {
        return of(List.of(dir), benchmark, referenceOptions, referenceConfig, pivotKeys);
    }

    /**
     * As {@link #of(Path, String, List, List, List)}, over the runs of several folders pooled into one table — two sweeps
     * that differ in one key (semi-hard in one, distance-weighted in the other) compared seed for seed. The experiment names,
     * one per folder, are left out of the rows' configurations when the other keys still tell every run apart
     * ({@link ResultsTable#withoutNamesIfDistinct}), so rows are named by what changed and {@code --reference} or {@code --reference-config}
     * pair them across folders. The title names the folders; the coverage line counts every folder's sweep index.
     */
    public static Report of(List<Path> dirs, String benchmark, List<String> referenceOptions, List<String> referenceConfig, List<String> pivotKeys) {
        if (dirs.isEmpty()) {
            throw new IllegalArgumentException("no folder to report on");
        }
        RunFinder.requireDistinct(dirs, "report");
        if (!referenceOptions.isEmpty() && !referenceConfig.isEmpty()) {
            throw new ConfigException("--reference " + String.join(" ", referenceOptions) + " and --reference-config " + String.join(",", referenceConfig)
                    + ": give one (--reference: each row against the row equal to it but for these keys; --reference-config: every row "
                    + "against one configuration)");
        }
        List<RunResult> grid = new ArrayList<>();
        List<RunResult> others = new ArrayList<>();
        for (Path dir : dirs) {
            RunFinder.Runs found = RunFinder.forReport(dir);
            for (Path run : found.grid()) {
                grid.add(RunResult.read(run, benchmark));
            }
            for (Path run : found.others()) {
                others.add(RunResult.read(run, benchmark));
            }
        }
        if (dirs.size() > 1) {
            grid = ResultsTable.withoutNamesIfDistinct(grid);
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
        boolean indexed = dirs.stream().allMatch(d -> Files.isRegularFile(d.resolve(SweepIndexFile.FILE)));
        if (indexed) {
            List<String> parts = new ArrayList<>();
            List<String> axes = new ArrayList<>();
            for (Path dir : dirs) {
                List<SweepIndexFile.Row> rows = SweepIndexFile.read(dir.resolve(SweepIndexFile.FILE));
                if (!rows.isEmpty()) {
                    rows.get(0).axisValues().keySet().stream().filter(k -> !axes.contains(k)).forEach(axes::add);
                }
                String part = coverage(rows);
                parts.add(dirs.size() == 1 ? part : part + " in " + dir.toAbsolutePath().normalize().getFileName());
            }
            // Several folders: the experiment name tells their rows apart, so it leads.
            if (dirs.size() > 1) {
                axes.add(0, "name");
            }
            t = t.withKeyOrder(axes);
            coverage = String.join("; ", parts);
        } else {
            t = t.sortedByConfig();
        }
        Map<String, String> ref = referenceOptions.isEmpty() ? Map.of() : t.parseReference(referenceOptions);
        ResultsTable.Group fixed = null;
        if (!referenceConfig.isEmpty()) {
            fixed = t.fixedReference(referenceConfig);
            ref = new java.util.LinkedHashMap<>();
            for (String item : ResultsTable.splitItems(referenceConfig)) {
                int eq = item.indexOf('=');
                ref.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
            }
        }
        // The keys a sparse study is laid out by (the pivot's, the reference configuration's) name the rows of every table;
        // what else a row changes is said in words, not in a column per key.
        java.util.Set<String> named = new java.util.LinkedHashSet<>(referenceConfig.isEmpty() ? List.of() : ref.keySet());
        if (pivotKeys != null && pivotKeys.size() > 1) {
            named.addAll(pivotKeys);
        }
        if (!named.isEmpty()) {
            t = t.withLabelKeys(named);
        }
        PivotTable pivot = null;
        if (pivotKeys == null) {
            if (t.varyingKeys().size() == 2) {
                pivot = PivotTable.of(t.groups(), t.varyingKeys(), t.varyingKeys().get(0), List.of(t.varyingKeys().get(1)), false);
            }
        } else if (pivotKeys.size() > 1) {
            pivot = PivotTable.withVariants(t, pivotKeys.get(0), pivotKeys.subList(1, pivotKeys.size()));
        } else if (!pivotKeys.isEmpty()) {
            List<String> columns = new ArrayList<>(pivotKeys.subList(1, pivotKeys.size()));
            for (String k : t.varyingKeys()) {
                if (!pivotKeys.contains(k)) {
                    columns.add(k);
                }
            }
            pivot = PivotTable.of(t.groups(), t.varyingKeys(), pivotKeys.get(0), columns, false);
        }
        String title = String.join(" + ", dirs.stream().map(d -> d.toAbsolutePath().normalize().getFileName().toString()).toList());
        return new Report(title, benchmark, t, ref, fixed, grid.size() + others.size(),
                coverage, pivot, List.copyOf(notTest), PretrainedSection.find(dirs.get(0), benchmark));
    }

    /** "all 3 grid points of the sweep complete", or how many are not. */
    private static String coverage(List<SweepIndexFile.Row> rows) {
        long complete = rows.stream().filter(r -> r.status().equals(SweepIndexFile.Status.COMPLETE.label())).count();
        long baselines = rows.stream().filter(SweepIndexFile.Row::isBaseline).count();
        String what = baselines == 0 ? "grid points of the sweep" : "runs of the sweep (" + (rows.size() - baselines) + " grid points, "
                + baselines + " baseline run" + (baselines == 1 ? "" : "s") + ")";
        return complete == rows.size() ? "all " + rows.size() + " " + what + " complete"
                : complete + " of " + rows.size() + " " + what + " complete (the others are not in this report)";
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
        return new MeasuredSection(results, benchmark).text(true, "**", "**");
    }

    /**
     * The pretrained encoders' block for notebooks: their {@code <resultsRoot>/pretrained/<name>/eval/<benchmark>.json} as text
     * (rates in %), or null when there is none — numbers measured here with networks trained elsewhere, never rows of a
     * measured table.
     */
    public static Table pretrainedTable(Path resultsRoot, String benchmark) {
        List<PretrainedSection.Row> rows = PretrainedSection.findIn(resultsRoot, benchmark);
        return rows.isEmpty() ? null : PretrainedSection.table(rows, true);
    }

    /** The paired-differences section as text, or null when no reference configuration was named. */
    public Table pairedTable() {
        return reference.isEmpty() ? null : paired().text();
    }

    /** The sentence that opens the report: runs, configurations, sweep coverage, what the numbers are. */
    public String summary() {
        return intro();
    }

    /** Renders the report, prints nothing, writes {@code <dir>/report.<ext>} (and the CSV side tables) atomically; LaTeX as an {@code \\input}-able fragment. */
    public Written write(Path dir, Format format) {
        return write(dir, format, false);
    }

    /**
     * As {@link #write(Path, Format)}; with {@code standalone} the LaTeX is a whole document that compiles with
     * pdflatex as it is (only for {@link Format#LATEX}: Markdown and CSV have no such variant).
     */
    public Written write(Path dir, Format format, boolean standalone) {
        if (standalone && format != Format.LATEX) {
            throw new IllegalArgumentException("--standalone: only with --format latex (it writes a whole LaTeX document)");
        }
        List<Path> files = new ArrayList<>();
        String text;
        if (format == Format.CSV) {
            StringBuilder all = new StringBuilder();
            String main = TableText.csv(new MeasuredSection(results, benchmark).numbers());
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
            text = format == Format.MD ? markdown() : latex(standalone);
            Path f = dir.resolve("report." + format.extension());
            AtomicFiles.write(f, text);
            files.add(f);
        }
        return new Written(text, files);
    }

    private boolean showPublished() {
        // the published numbers are those of the benchmark that has published curves (LFW View 2)
        Benchmark b = Benchmarks.find(benchmark);
        return b != null && b.publishedRoc() != null;
    }

    private String intro() {
        int groups = results.allGroups().size();
        return String.format(Locale.ROOT, "%d completed run%s in %d configuration%s%s%s; mean ± standard error over seeds "
                        + "(s.e. = sample standard deviation / √n; a single seed has no s.e.); accuracies, VAL, AUC, rank-1%s and "
                        + "active share in %%; best per column in bold%s.%s",
                runs, runs == 1 ? "" : "s", groups, groups == 1 ? "" : "s", coverage == null ? "" : " (" + coverage + ")", benchmark == null ? "" : ", benchmark " + benchmark,
                results.has(Metric.OPEN_SET_DIR_AT_FAR1) ? ", open-set DIR" : "",
                results.others().isEmpty() ? "" : " (over all measured rows, the other experiments' included)",
                results.duplicateSeeds() > 0 ? " " + results.duplicateSeeds() + " further runs repeated a seed of their configuration and were left out." : "")
                + budgetNote() + (notTestNumbers.isEmpty() ? "" : " " + notTestNumbers.size() + " run" + (notTestNumbers.size() == 1 ? " is" : "s are")
                + " not a test number for " + benchmark + " and listed apart, never ranked.");
    }

    /** Empty when every trained row has the same budget; otherwise says that rows of different budgets are kept apart and when they may be compared. */
    private String budgetNote() {
        Map<String, Integer> b = budgets();
        if (b.size() < 2) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        b.forEach((k, n) -> parts.add(k + ": " + n + " row" + (n == 1 ? "" : "s")));
        return " Training budgets differ between rows (" + String.join("; ", parts) + "): every row has a single budget — runs of "
                + "different budgets are never averaged together. A row's budget is part of what it measures: compare rows of different "
                + "budgets only where the study matched them on purpose (equal images, equal wall-clock time) and say so.";
    }

    /**
     * One table of the report under its heading. {@code table} is text for Markdown and LaTeX and numbers
     * for CSV (then written to {@code csvName}); a section without a table is a heading with a note. {@code key} names
     * the section in LaTeX labels ({@code tab:<study>-<key>}), so a paper's references survive a reordering of the sections.
     */
    private record Section(int level, String heading, String note, Table table, int labels, String csvName, String csvHeading, String key) {
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
                            "Measured like the rows above, with the grid's seeds; one row per experiment.", new MeasuredSection(results, benchmark).othersText(open, close), 1, null, null, "others")
                    : new Section(3, "Other experiments in this folder",
                            "The experiments with fewer runs than the one above; one row per experiment. Their data, protocol and seeds "
                                    + "are their own: check their config.yaml before comparing.", new MeasuredSection(results, benchmark).othersText(open, close), 1, null, null, "others"));
        }
        if (!notTestNumbers.isEmpty()) {
            out.add(new Section(3, "Not test numbers for " + benchmark,
                    "These runs' provenance.json says their " + benchmark + " numbers are not test numbers (reason given); they are "
                            + "left out of every table above and below and never ranked.", new NotTestSection(notTestNumbers, benchmark).text(), 1, "report-not-test-numbers.csv",
                    "not test numbers for " + benchmark, "not-test"));
        }
        Metric accuracy = results.has(Metric.ACCURACY) ? Metric.ACCURACY : Metric.BEST_VAL_ACCURACY;
        if (pivot != null && results.has(accuracy)) {
            String keys = pivot.rowKey() + " × " + String.join(", ", pivot.columnKeys());
            boolean active = results.has(Metric.FINAL_ACTIVE_SHARE);
            out.add(new Section(2, "Pivot: " + keys,
                    "Rows " + pivot.rowKey() + ", columns " + String.join(", ", pivot.columnKeys()) + "; each cell " + accuracy.label(benchmark)
                            + " in % (mean ± s.e. over seeds, best in bold)" + (active ? " and the final share of active triplets in % "
                            + "(mean over the last epoch's steps, averaged over seeds)" : "") + "." + variantsNote(),
                    text ? new PivotSection(pivot, benchmark).text(accuracy, active, open, close) : new PivotSection(pivot, benchmark).numbers(accuracy, active), 1, "report-pivot.csv", "pivot " + keys, "pivot"));
        }
        boolean architecture = results.varyingKeys().contains("encoder.architecture") || results.varyingKeys().contains("encoder.embedding");
        if (architecture) {
            out.add(new Section(2, "Architectures: size, cost and accuracy",
                    "Encoder parameters and forward MFLOPs per image (2 × multiply–adds of the conv and linear layers, from the "
                            + "runs' provenance.json) beside the measured VAL@FAR = 1e-3 and accuracy (%, mean ± s.e.).",
                    text ? new ArchitectureSection(results, benchmark).text(open, close) : new ArchitectureSection(results, benchmark).numbers(), ConfigColumns.labels(results), "report-architectures.csv", "architectures", "architectures"));
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
                    text ? new EmbeddingSection(benchmark).text(byEmbedding, open, close) : new EmbeddingSection(benchmark).numbers(byEmbedding), 1, "report-embedding.csv", "embedding dimension vs VAL", "embedding"));
        }
        if (!reference.isEmpty() && fixedReference != null) {
            // Say exactly which configuration the reference is: what else it changes, and the keys it has at the base values.
            List<String> changed = results.differencesFromBase(fixedReference, reference.keySet());
            List<String> atBase = new ArrayList<>();
            results.baseValues().forEach((k, v) -> {
                if (!reference.containsKey(k) && !changed.contains(k)) {
                    atBase.add(k + "=" + v);
                }
            });
            String which = changed.isEmpty() ? "" : VariantLabel.of(fixedReference.config(), changed);
            if (!atBase.isEmpty()) {
                which += (which.isEmpty() ? "" : "; ") + "its other keys at the values most rows share: " + String.join(", ", atBase);
            }
            out.add(new Section(2, "Paired differences against one configuration: " + referenceLabel(),
                    "Every row minus this one configuration" + (which.isEmpty() ? "" : " (" + which + ")") + ", also rows that differ from it in other keys"
                            + (results.others().isEmpty() ? "" : " and the other experiments") + ", over the seeds both ran (same seed, "
                            + "same split and initialisation); mean ± s.e. in percentage points; n = matched seeds. " + PairedSection.MARK_MEANING,
                    text ? paired().text() : paired().numbers(), paired().labelColumns(), "report-paired.csv",
                    "paired differences vs " + reference, "paired"));
        } else if (!reference.isEmpty()) {
            out.add(new Section(2, "Paired differences against " + referenceLabel(),
                    "Row minus reference over the seeds both ran (same seed, same split and initialisation), mean ± s.e. in percentage "
                            + "points; n = matched seeds. " + PairedSection.MARK_MEANING + (results.others().isEmpty() ? ""
                            : " Other experiments are compared with the reference row when the reference names a single row."),
                    text ? paired().text() : paired().numbers(), paired().labelColumns(), "report-paired.csv",
                    "paired differences vs " + reference, "paired"));
        }
        if (!pretrained.isEmpty()) {
            PretrainedSection.Row first = pretrained.get(0);
            out.add(new Section(2, "Pretrained reference (measured here, not trained here)",
                    "Evaluated on " + benchmark + " by tripletlab's own protocol code (" + first.imageSize() + " px RGB, LFW crop "
                            + first.crop() + " chosen on LFW View 1, each image plus its mirror image), but trained elsewhere: dlib's "
                            + "face-recognition ResNet was trained by its author on about 3M faces (FaceScrub, VGG Face, web images) that "
                            + "probably include LFW people. A ceiling and a check of the evaluation pipeline, never a result of training "
                            + "here: not ranked, not marked best, not in the tables above. Rates in %, mean ± s.e. over folds (one-shot: "
                            + "over draws); results/pretrained/README.md explains the gap to the author's 99.38 %.",
                    PretrainedSection.table(pretrained, text), 1, "report-pretrained.csv", "pretrained encoders, not trained here", "pretrained"));
        }
        if (showPublished()) {
            out.add(new Section(2, "Published results (not measured here)",
                    "LFW, unrestricted with labeled outside data, accuracy in % (mean ± s.e. over the 10 folds) as reported by the "
                            + "authors, with their own training data and networks — for orientation only, not comparable run for run.",
                    PublishedTables.lfw(text), 1, "report-published.csv", "published, not measured here", "published"));
            if (architecture) {
                out.add(new Section(3, "FaceNet's architectures (published)",
                        "Schroff et al. 2015, §3 and Table 3: VAL@FAR = 1e-3 in % on FaceNet's own hold-out set (not LFW), "
                                + "models trained on 100–200 M images; – where the paper gives no number.",
                        PublishedTables.facenetModels(text), 1, "report-published-architectures.csv", "published FaceNet architectures, not measured here", "published-architectures"));
            }
            if (embedding) {
                out.add(new Section(3, "FaceNet's embedding dimensions (published)",
                        "Schroff et al. 2015, Table 5: VAL@FAR = 1e-3 in % of NN1 on FaceNet's own hold-out set (not LFW).",
                        PublishedTables.facenetEmbedding(text), 1, "report-published-embedding.csv", "published FaceNet embedding dimensions, not measured here", "published-embedding"));
            }
        }
        return out;
    }

    String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Report: ").append(title).append("\n\n").append(intro()).append("\n\n");
        sb.append("## Measured\n\n").append(TableText.md(new MeasuredSection(results, benchmark).text(true, "**", "**"), ConfigColumns.labels(results))).append('\n');
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

    /** The LaTeX report: a fragment for {@code \\input}, or with {@code standalone} a whole document ({@link LatexReport}). */
    String latex(boolean standalone) {
        List<LatexReport.Float> floats = new ArrayList<>();
        floats.add(new LatexReport.Float("measured", measuredCaption(),
                new MeasuredSection(results, benchmark).text(false, "\\textbf{", "}"), ConfigColumns.labels(results)));
        for (Section s : sections(Format.LATEX)) {
            if (s.table() != null) {
                String seeds = s.key().equals("others") ? seedsSentence(results.others())
                        : List.of("pivot", "architectures", "embedding").contains(s.key()) ? seedsSentence(results.groups()) : "";
                // the pivot's cells end in " active" after the active share: said once in the caption instead (the column fits)
                boolean active = s.key().equals("pivot") && results.has(Metric.FINAL_ACTIVE_SHARE);
                floats.add(new LatexReport.Float(s.key(), s.heading() + ". " + (s.note() == null ? "" : s.note()) + seeds
                        + (active ? " In each cell the number after · is the active share." : ""), s.table(), s.labels(), active ? " active" : null));
            }
        }
        LatexReport r = new LatexReport(title, intro(), floats);
        return standalone ? r.document() : r.fragment();
    }

    /** The measured table's caption: what a row is, the benchmark's protocol, seeds, units, bold, and what was left out. */
    private String measuredCaption() {
        Benchmark b = benchmark == null ? null : Benchmarks.find(benchmark);
        String on = b == null ? "" : " on " + benchmark + " (" + b.description() + ")";
        String others = results.others().isEmpty() ? "" : ", the other experiments' rows (own table) included";
        String notTest = notTestNumbers.isEmpty() ? "" : " " + notTestNumbers.size() + " run" + (notTestNumbers.size() == 1 ? " whose numbers are" : "s whose numbers are")
                + " not test numbers for " + benchmark + " are left out and listed in their own table.";
        return "Measured" + on + ": one row per configuration, the runs grouped over seeds; " + seedsPhrase(results.groups())
                + "; rates in %, mean ± s.e. (sample standard deviation / √n); best per column in bold" + others + "." + notTest;
    }

    /** " 3 seeds per configuration." (or what differs between rows) for a caption; "" when there are no rows. */
    private static String seedsSentence(List<ResultsTable.Group> groups) {
        String p = seedsPhrase(groups);
        return p.isEmpty() ? "" : " " + Character.toUpperCase(p.charAt(0)) + p.substring(1) + ".";
    }

    /** "3 seeds per configuration", "one seed per configuration, so no s.e." or "1 to 3 seeds per configuration (…)". */
    private static String seedsPhrase(List<ResultsTable.Group> groups) {
        java.util.SortedSet<Integer> seeds = new java.util.TreeSet<>();
        groups.forEach(g -> seeds.add(g.seeds()));
        if (seeds.isEmpty()) {
            return "";
        }
        if (seeds.size() > 1) {
            return seeds.first() + " to " + seeds.last() + " seeds per configuration (column seeds; a single seed has no s.e.)";
        }
        return seeds.first() == 1 ? "one seed per configuration, so no s.e." : seeds.first() + " seeds per configuration";
    }

    /** For the pivot of a sparse study: the base values of the keys it does not lay out, and that the rows off them follow. */
    private String variantsNote() {
        if (pivot.variantRows() == 0) {
            return "";
        }
        List<String> held = new ArrayList<>();
        results.baseValues().forEach((k, v) -> {
            if (!k.equals(pivot.rowKey()) && !pivot.columnKeys().contains(k)) {
                held.add(k + "=" + v);
            }
        });
        int n = pivot.variantRows();
        return " The other keys are held at the values most configurations share (" + String.join(", ", held) + "); the " + n
                + (n == 1 ? " configuration that differs there follows as a row of its own" : " configurations that differ there follow as rows of their own")
                + ", named by what differs; – marks a cell without a configuration.";
    }

    private String referenceLabel() {
        List<String> parts = new ArrayList<>();
        reference.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }

    private PairedSection paired() {
        return new PairedSection(results, reference, fixedReference, referenceLabel(), benchmark);
    }
}
