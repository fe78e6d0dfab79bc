package org.tripletlab.notebook;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.tripletlab.plot.RunPlots;
import org.tripletlab.plot.SweepPlots;
import org.tripletlab.report.Metric;
import org.tripletlab.report.PaperTable;
import org.tripletlab.report.PublishedTables;
import org.tripletlab.report.Recipe;
import org.tripletlab.report.RunResult;

/**
 * The project's triplet runs against the baselines on LFW, with one call per view notebook 03-baselines shows.
 *
 * <p>Why: the notebook found the runs (the sweep, its baseline runs, the raw-pixel floor),
 * ranked rows per family and worded the comparison in 30–40-line cells; here each view is one method returning
 * what the cell shows (an HTML table, a finding as HTML, a figure). The measured table is {@link PaperTable}'s:
 * per miner the margin chosen on validation accuracy, never on LFW.
 */
public final class BaselineComparison {
    /** The baselines the story compares against, by the key a run's config names them with, and how they are called. */
    static final Map<String, String> EXPECTED_BASELINES = expected();

    private final Path results;
    private final List<Path> folders;
    private final List<RunResult> runs;
    private final PaperTable table;

    private BaselineComparison(Path results, List<Path> folders, List<RunResult> runs) {
        this.results = results;
        this.folders = folders;
        this.runs = runs;
        this.table = PaperTable.of(runs, "lfw");
    }

    /** The study the comparison reads: the miner sweep of protocol v2, whose index also lists its baseline runs. */
    public static final String STUDY = "mining-margin-v2";

    /** The comparison from the project's {@code results/}: the {@value #STUDY} sweep with its baselines. */
    public static BaselineComparison fromResults() {
        return of(Notebook.home().resolve("results").resolve(STUDY));
    }

    /**
     * The comparison of a sweep folder: every completed run its {@code sweep-index.csv} lists — the grid's triplet runs
     * and the baseline runs it trained on the same data and seeds, wherever they were written (e.g.
     * {@code results/baseline-softmax-v2/}) — plus the raw-pixel floor of {@code <results>/baselines/pixels} when the sweep
     * has no pixels run. Runs that another command wrote into a {@code baseline-*} folder are not read: they need not share
     * the sweep's data or budget.
     */
    public static BaselineComparison of(Path sweep) {
        Path results = sweep.toAbsolutePath().normalize().getParent();
        List<RunResult> found = ResultsViews.runsIfPresent(sweep, "lfw");
        List<RunResult> runs = ResultsViews.withPixelFloor(found, results.resolve("baselines").resolve("pixels"), "lfw");
        List<Path> folders = new ArrayList<>(List.of(sweep.toAbsolutePath().normalize()));
        for (RunResult r : runs) {
            Path experiment = r.dir().toAbsolutePath().normalize().getParent();
            if (!folders.contains(experiment)) {
                folders.add(experiment);
            }
        }
        return new BaselineComparison(results, folders, runs);
    }

    public PaperTable table() {
        return table;
    }

    public List<RunResult> runs() {
        return runs;
    }

    /** Which folders were read and how many rows each family has. */
    public String summary() {
        return "Read " + folders.stream().map(d -> results.relativize(d).toString()).collect(Collectors.joining(", ")) + ".\n"
                + runs.size() + " completed runs read; rows per family: " + Arrays.stream(Recipe.Family.values())
                        .map(f -> f.label() + " " + table.rows().stream().filter(r -> r.recipe().family() == f).count())
                        .collect(Collectors.joining(", "));
    }

    /** The measured table as HTML (best value of each column in bold), or a sentence when there are no runs. */
    public String measuredTable() {
        if (table.rows().isEmpty()) {
            return Show.text("No completed runs in " + folders.get(0) + ": no table.");
        }
        return ResultsViews.html(table.measured());
    }

    /** The published numbers of other systems, in their own table (never rows of the measured one). */
    public static String publishedTable() {
        return ResultsViews.html(PaperTable.published());
    }

    /**
     * The ceiling: pretrained encoders evaluated on LFW View 2 here but trained elsewhere ({@code results/pretrained/}, e.g.
     * dlib's ResNet), in their own table, never rows of the measured one; a sentence when none has been evaluated.
     */
    public String pretrainedTable() {
        tech.tablesaw.api.Table t = org.tripletlab.report.Report.pretrainedTable(results, "lfw");
        return t == null ? Show.text("No pretrained encoder evaluated in " + results.resolve("pretrained")
                + " (scripts/fetch-pretrained.sh, then bin/tripletlab eval --pretrained experiments/pretrained/dlib-resnet.yaml --benchmark lfw).")
                : ResultsViews.html(t);
    }

    /** The best row of each family on LFW accuracy, by row. */
    public Map<Recipe.Family, PaperTable.Row> bestPerFamily() {
        Map<Recipe.Family, PaperTable.Row> best = new EnumMap<>(Recipe.Family.class);
        for (PaperTable.Row r : table.rows()) {
            double v = accuracy(r);
            PaperTable.Row b = best.get(r.recipe().family());
            if (!Double.isNaN(v) && (b == null || v > accuracy(b))) {
                best.put(r.recipe().family(), r);
            }
        }
        return best;
    }

    /** The comparison in words: the best row of each family, the triplet row's distance to the others, the baselines missing. */
    public String inWords() {
        StringBuilder s = new StringBuilder();
        Map<Recipe.Family, PaperTable.Row> best = bestPerFamily();
        best.forEach((f, r) -> s.append(String.format(Locale.ROOT, "- best %s on LFW: **%s**, %s%n", f.label(), r.recipe().method(),
                ResultsViews.percent(r.group().stats(Metric.ACCURACY)))));
        PaperTable.Row triplet = best.get(Recipe.Family.TRIPLET);
        for (Recipe.Family f : List.of(Recipe.Family.CLASSICAL, Recipe.Family.DEEP)) {
            if (triplet != null && best.containsKey(f)) {
                s.append(String.format(Locale.ROOT, "%nThe best triplet row is %+.2f percentage points from the best %s "
                        + "(difference of means, not paired).%n", 100 * (accuracy(triplet) - accuracy(best.get(f))), f.label()));
            }
        }
        List<String> missing = missingBaselines();
        if (!missing.isEmpty()) {
            s.append("\nNot in these results (yet): ").append(String.join(", ", missing))
                    .append(" — add it to the sweep's `baselines:` list and run the sweep again (it trains only what is missing).\n");
        }
        return Prose.html(s.toString());
    }

    /** The baselines of {@link #EXPECTED_BASELINES} that no run read stands for, by their names. */
    public List<String> missingBaselines() {
        List<String> missing = new ArrayList<>();
        EXPECTED_BASELINES.forEach((key, label) -> {
            boolean present = runs.stream().anyMatch(r -> key.equals(String.valueOf(r.config().get("baseline.kind")))
                    || key.equals(String.valueOf(r.config().get("loss.kind"))) || key.equals(Recipe.preset(String.valueOf(r.config().get("name")))));
            if (!present) {
                missing.add(label);
            }
        });
        return missing;
    }

    /** How far the best measured row is from each published LFW accuracy, in percentage points. */
    public String gapToPublished() {
        PaperTable.Row bestRow = table.rows().stream().filter(r -> !Double.isNaN(accuracy(r)))
                .max((a, b) -> Double.compare(accuracy(a), accuracy(b))).orElse(null);
        if (bestRow == null) {
            return Show.text("No measured row with an LFW accuracy: no gap to compute.");
        }
        double ours = 100 * accuracy(bestRow);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "Best measured row: %s at %.2f %%. Gap to the published numbers:%n%n",
                bestRow.recipe().method(), ours));
        for (PublishedTables.Published p : PublishedTables.PUBLISHED_LFW) {
            s.append(String.format(Locale.ROOT, "- %s (%.2f %%): %.2f percentage points%n", p.method(), p.accuracy(), p.accuracy() - ours));
        }
        return Prose.html(s.toString());
    }

    /** The ROC curve file of each row (its lowest seed): per miner the margin chosen on validation, each baseline. */
    public Map<String, Path> rocs() {
        return SweepPlots.rocsOf(table);
    }

    /** The rows' LFW ROC curves on a log FPR axis, with the published curves when the data root holds them. */
    public Object rocFigure() {
        Map<String, Path> rocs = rocs();
        if (rocs.isEmpty()) {
            return Show.text("No run has eval/lfw-roc.csv: no ROC figure.");
        }
        BufferedImage img = RunPlots.lfwRoc(rocs, ResultsViews.publishedRocDir()).render(1150, 600);
        return img;
    }

    /** The true-positive rate each row's curve reaches at FPR ≤ 10⁻³ and ≤ 10⁻² (all pairs, one threshold). */
    public String tprAtLowFalsePositiveRates() {
        StringBuilder s = new StringBuilder("TPR at FPR ≤ 10⁻³ / ≤ 10⁻² (all 6,000 pairs, one threshold; VAL in the table above "
                + "fixes the threshold per fold instead):\n\n");
        rocs().forEach((label, f) -> s.append(String.format(Locale.ROOT, "- %s: %.1f %% / %.1f %%%n", label,
                100 * ResultsViews.tprAt(f, 1e-3), 100 * ResultsViews.tprAt(f, 1e-2))));
        return Prose.html(s.toString());
    }

    private static double accuracy(PaperTable.Row r) {
        return r.group().stats(Metric.ACCURACY).mean();
    }

    private static Map<String, String> expected() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("pixels", "raw pixels");
        m.put("eigenfaces", "Eigenfaces");
        m.put("fisherfaces", "Fisherfaces");
        m.put("softmax", "DeepFace-style softmax");
        m.put("contrastive", "siamese contrastive");
        m.put("facenet-style", "FaceNet-style");
        return java.util.Collections.unmodifiableMap(m);
    }
}
