package org.tripletlab.notebook;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.tripletlab.benchmark.Benchmarks;
import org.tripletlab.eval.MeanSe;
import org.tripletlab.report.Recipe;
import org.tripletlab.report.RunGroups;
import org.tripletlab.report.RunResult;
import org.tripletlab.run.RunFiles;
import org.tripletlab.run.RunFinder;
import org.tripletlab.util.CsvReader;
import tech.tablesaw.api.Table;

/**
 * What the results notebooks (02-mining-strategies, 03-baselines) need besides the report and plot
 * packages: reading the completed runs of a results folder, grouping them
 * by miner and margin for the figures, rendering text tables as HTML, and locating the published
 * ROC curves. Everything here reads committed result files only — no checkpoints, no data set.
 * Companion of {@link Show} and {@link Notebook}, which display and locate things for every notebook.
 */
public final class ResultsViews {
    /** Environment variable naming the data root (as for the CLI); only the published ROC curves are read from it. */
    public static final String DATA_ROOT_ENV = "TRIPLETLAB_DATA_ROOT";

    private ResultsViews() {
    }

    /**
     * The completed runs under {@code folder} ({@link RunFinder#all}), each read with
     * {@link RunResult#read} for {@code benchmark}. A missing folder is an error naming it; a folder without
     * completed runs gives an empty list (callers print what is missing).
     */
    public static List<RunResult> runs(Path folder, String benchmark) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + ": no such results folder; produce it with the CLI "
                    + "(e.g. bin/tripletlab sweep experiments/sweeps/mining-margin-v2.yaml) or check out a commit that has it");
        }
        List<RunResult> out = new ArrayList<>();
        for (Path run : RunFinder.all(folder)) {
            out.add(RunResult.read(run, benchmark));
        }
        return out;
    }

    /**
     * Every completed run a report of {@code folder} describes ({@link RunFinder#forReportAll}: grid and other
     * experiments together; an experiment's study.yaml selects its runs), each read for {@code benchmark}.
     */
    public static List<RunResult> reportedRuns(Path folder, String benchmark) {
        List<RunResult> out = new ArrayList<>();
        for (Path run : RunFinder.forReportAll(folder)) {
            out.add(RunResult.read(run, benchmark));
        }
        return out;
    }

    /**
     * As {@link #runs}, but a folder that does not exist yet (e.g. a sweep not committed in this checkout)
     * gives an empty list after printing which folder is missing and how to produce it.
     */
    public static List<RunResult> runsIfPresent(Path folder, String benchmark) {
        if (!Files.isDirectory(folder)) {
            System.out.println("Note: " + folder + " does not exist in this checkout, so there is nothing to show from it. "
                    + "Produce it with the CLI (bin/tripletlab sweep experiments/sweeps/mining-margin-v2.yaml --data-root DIR) "
                    + "or check out a commit that has it.");
            return List.of();
        }
        return runs(folder, benchmark);
    }

    /**
     * {@code runs} plus the raw-pixel floor that {@code tripletlab eval --baseline pixels} wrote into
     * {@code <pixels>/eval/<benchmark>.json}, unless a pixels baseline run is already among them or that file is missing.
     */
    public static List<RunResult> withPixelFloor(List<RunResult> runs, Path pixels, String benchmark) {
        boolean present = runs.stream().anyMatch(r -> "pixels".equals(String.valueOf(r.config().get("baseline.kind"))));
        if (present || !Files.isRegularFile(RunFiles.evalResult(pixels, benchmark))) {
            return runs;
        }
        List<RunResult> out = new ArrayList<>(runs);
        out.add(RunResult.evaluationOnly(pixels, benchmark, Map.of("name", "eval --baseline pixels", "baseline.kind", "pixels")));
        return out;
    }

    /** Mean ± s.e. over {@code runs} of a column of {@code epochs.csv} at each run's last validation. */
    public static MeanSe lastValidation(List<Path> runs, String column) {
        return validation(runs, column, false);
    }

    /** Mean ± s.e. over {@code runs} of a column of {@code epochs.csv} at each run's first validation (epoch 0: untrained). */
    public static MeanSe firstValidation(List<Path> runs, String column) {
        return validation(runs, column, true);
    }

    private static MeanSe validation(List<Path> runs, String column, boolean first) {
        List<Double> values = new ArrayList<>();
        for (Path run : runs) {
            List<List<String>> t = CsvReader.readIfPresent(run.resolve(RunFiles.EPOCHS));
            if (t == null || t.size() < 2) {
                continue;
            }
            int c = t.get(0).indexOf(column);
            if (c < 0) {
                throw new IllegalArgumentException(run.resolve(RunFiles.EPOCHS) + ": no column '" + column + "' (has " + t.get(0) + ")");
            }
            List<String> row = t.get(first ? 1 : t.size() - 1);
            if (c < row.size() && !row.get(c).isBlank()) {
                values.add(Double.parseDouble(row.get(c)));
            }
        }
        return MeanSe.of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * The true-positive rate an ROC curve ({@code threshold,fpr,tpr} CSV as written by {@code tripletlab eval})
     * reaches at a false-positive rate of at most {@code fpr}: the largest TPR among points with FPR ≤ fpr.
     */
    public static double tprAt(Path rocCsv, double fpr) {
        List<List<String>> t = CsvReader.readIfPresent(rocCsv);
        if (t == null) {
            throw new IllegalArgumentException(rocCsv + ": no such ROC file");
        }
        int f = t.get(0).indexOf("fpr");
        int p = t.get(0).indexOf("tpr");
        if (f < 0 || p < 0) {
            throw new IllegalArgumentException(rocCsv + ": expected columns fpr and tpr, found " + t.get(0));
        }
        double best = 0;
        for (List<String> row : t.subList(1, t.size())) {
            if (Double.parseDouble(row.get(f)) <= fpr) {
                best = Math.max(best, Double.parseDouble(row.get(p)));
            }
        }
        return best;
    }


    /**
     * The runs whose numbers on {@code benchmark} are test numbers: every run except those whose provenance.json
     * says otherwise ({@link RunResult#notTestNumberReason}). Only these may be ranked.
     */
    public static List<RunResult> testNumbers(List<RunResult> runs, String benchmark) {
        return runs.stream().filter(r -> r.notTestNumberReason(benchmark) == null).toList();
    }

    /** The runs that are not test numbers for {@code benchmark}, each with the reason its provenance gives (input order). */
    public static Map<RunResult, String> notTestNumbers(List<RunResult> runs, String benchmark) {
        Map<RunResult, String> out = new java.util.LinkedHashMap<>();
        for (RunResult r : runs) {
            String why = r.notTestNumberReason(benchmark);
            if (why != null) {
                out.put(r, why);
            }
        }
        return out;
    }

    /**
     * Runs grouped by training budget ({@link RunResult#budget}: "train.epochs=3", …; "fitted" for fitted baselines),
     * budgets in order of first appearance: runs of different budgets are shown apart and never averaged together.
     */
    public static Map<String, List<RunResult>> byBudget(List<RunResult> runs) {
        Map<String, List<RunResult>> out = new java.util.LinkedHashMap<>();
        for (RunResult r : runs) {
            String b = r.budget();
            out.computeIfAbsent(b == null ? "fitted" : b, k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    /**
     * How many distinct outcomes {@code runs} hold: runs whose seed, validation accuracies per epoch
     * ({@code epochs.csv}) and benchmark metrics are all identical count once — e.g. hardest-negative runs that
     * differ only in α, which does not change their trajectory, are one outcome per seed, not one per α.
     */
    public static int distinctOutcomes(List<RunResult> runs) {
        return distinct(runs).size();
    }

    /**
     * One run per distinct outcome (see {@link #distinctOutcomes}), the first of each in input order: what a mean ±
     * s.e. must be taken over, so that a run repeated three times is not counted as three observations.
     */
    public static List<RunResult> distinct(List<RunResult> runs) {
        java.util.Set<List<Object>> seen = new java.util.HashSet<>();
        List<RunResult> out = new ArrayList<>();
        for (RunResult r : runs) {
            List<Object> key = new ArrayList<>();
            key.add(r.seed());
            List<List<String>> t = CsvReader.readIfPresent(r.dir().resolve(RunFiles.EPOCHS));
            if (t != null && !t.isEmpty()) {
                int c = t.get(0).indexOf("val_accuracy");
                for (List<String> row : t.subList(1, t.size())) {
                    key.add(c >= 0 && c < row.size() ? row.get(c) : "");
                }
            }
            for (org.tripletlab.report.Metric m : org.tripletlab.report.Metric.values()) {
                if (m != org.tripletlab.report.Metric.MINUTES) {
                    key.add(r.metric(m));
                }
            }
            if (seen.add(key)) {
                out.add(r);
            }
        }
        return out;
    }

    /** The project's triplet runs (not baselines, see {@link Recipe}) among {@code runs}. */
    public static List<RunResult> tripletRuns(List<RunResult> runs) {
        return runs.stream().filter(r -> Recipe.of(r.config()).family() == Recipe.Family.TRIPLET).toList();
    }

    /** Run folders grouped by {@code miner.strategy} (story order); see {@link RunGroups#byMiner}. */
    public static Map<String, List<Path>> byMiner(List<RunResult> runs, Predicate<RunResult> keep) {
        return RunGroups.byMiner(runs, keep);
    }

    /** Panels "α = <margin>" each grouped by miner; see {@link RunGroups#byMarginThenMiner}. */
    public static Map<String, Map<String, List<Path>>> byMarginThenMiner(List<RunResult> runs) {
        return RunGroups.byMarginThenMiner(runs);
    }

    /** The distinct {@code loss.margin} values, ascending. */
    public static List<Double> margins(List<RunResult> runs) {
        return RunGroups.margins(runs);
    }

    public static String miner(RunResult r) {
        return RunGroups.miner(r);
    }

    public static double margin(RunResult r) {
        return RunGroups.margin(r);
    }

    /** "0.2", "0.05": a margin without trailing zeros. */
    public static String number(double v) {
        return RunGroups.number(v);
    }

    /** A rate as "73.08 ± 0.41 %" (mean ± s.e. in percent; without ± for one value; "–" for none). */
    public static String percent(MeanSe s) {
        if (s.n() == 0 || Double.isNaN(s.mean())) {
            return "–";
        }
        String mean = String.format(Locale.ROOT, "%.2f", 100 * s.mean());
        return Double.isNaN(s.standardError()) ? mean + " %" : mean + String.format(Locale.ROOT, " ± %.2f %%", 100 * s.standardError());
    }

    /**
     * The folder of published LFW ROC curves, {@code <data root>/lfw/published-roc} with the data root of
     * {@link Notebook#dataRoot()}, or null — after printing why — when there is no data root or no such
     * folder, so figures are drawn without them.
     */
    public static Path publishedRocDir() {
        Path root = Notebook.dataRoot();
        if (root == null) {
            System.out.println("Note: no data root (" + DATA_ROOT_ENV + " unset and no ../shared/datasets beside the project), "
                    + "so the published LFW ROC curves are not drawn. Set " + DATA_ROOT_ENV + " before starting Jupyter to overlay them.");
            return null;
        }
        Path dir = Benchmarks.publishedRoc(root);
        if (!Files.isDirectory(dir)) {
            System.out.println("Note: " + dir + " does not exist, so the published LFW ROC curves are not drawn. "
                    + "The data root should hold lfw/published-roc/ (see its README.md).");
            return null;
        }
        return dir;
    }

    /**
     * A text table as an HTML {@code <table>} like {@link HtmlTable#of}, except that a cell written
     * {@code **like this**} (Markdown's bold, as the report marks the best value of a column) is shown in
     * bold instead of with its asterisks. Every row is shown.
     */
    public static String html(Table t) {
        StringBuilder sb = new StringBuilder("<table class=\"tripletlab\">\n<thead><tr>");
        for (String c : t.columnNames()) {
            sb.append("<th>").append(escape(c)).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < t.rowCount(); r++) {
            sb.append("<tr>");
            for (int c = 0; c < t.columnCount(); c++) {
                String s = t.getString(r, c);
                boolean bold = s.length() > 4 && s.startsWith("**") && s.endsWith("**");
                String inner = escape(bold ? s.substring(2, s.length() - 2) : s);
                sb.append("<td>").append(bold ? "<b>" + inner + "</b>" : inner).append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</tbody>\n</table>").toString();
    }

    private static String escape(String s) {
        return HtmlTable.escape(s);
    }
}
