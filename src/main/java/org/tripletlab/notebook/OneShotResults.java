package org.tripletlab.notebook;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tripletlab.report.Metric;
import org.tripletlab.report.RunResult;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The LFW one-shot identification results of every evaluated run in a results folder, next to raw pixels.
 *
 * <p>Why: notebook 04-one-shot ended with a 40-line cell that found the runs, skipped those whose LFW numbers are not
 * test numbers, read the pixel baseline's JSON by hand and built the table; here that is {@link #of} and
 * {@link #table}. Runs that are not test numbers for LFW are never ranked: they are listed in {@link #notRanked}.
 */
public final class OneShotResults {
    private final Table table;
    private final Map<String, String> notRanked;
    private final int galleryPeople;

    private OneShotResults(Table table, Map<String, String> notRanked, int galleryPeople) {
        this.table = table;
        this.notRanked = notRanked;
        this.galleryPeople = galleryPeople;
    }

    /** The project's {@code results/}. */
    public static OneShotResults fromResults() {
        return of(Notebook.home().resolve("results"));
    }

    /** The runs under {@code results} with an LFW evaluation, and {@code baselines/pixels/eval/lfw.json} when it is there. */
    public static OneShotResults of(Path results) {
        StringColumn runs = StringColumn.create("run");
        StringColumn budgets = StringColumn.create("budget");
        DoubleColumn rank1s = DoubleColumn.create("LFW one-shot rank-1");
        DoubleColumn accuracies = DoubleColumn.create("LFW verification accuracy");
        Map<String, String> notRanked = new LinkedHashMap<>();
        for (RunResult r : ResultsViews.reportedRuns(results, "lfw")) {
            if (Double.isNaN(r.metric(Metric.ONE_SHOT_RANK1))) {
                continue;   // a run without an LFW evaluation
            }
            String name = results.relativize(r.dir()).toString();
            String why = r.notTestNumberReason("lfw");
            if (why != null) {
                notRanked.put(name, why);
                continue;
            }
            runs.append(name);
            budgets.append(r.budget() == null ? "fitted" : r.budget());
            rank1s.append(r.metric(Metric.ONE_SHOT_RANK1));
            accuracies.append(r.metric(Metric.ACCURACY));
        }
        int galleryPeople = 0;
        Path pixels = results.resolve("baselines/pixels/eval/lfw.json");
        if (Files.isRegularFile(pixels)) {
            JsonObject j = json(pixels);
            JsonObject oneShot = j.getAsJsonObject("identification").getAsJsonObject("one_shot_closed_set");
            galleryPeople = oneShot.get("identities").getAsInt();
            runs.append("baselines/pixels (raw pixels)");
            budgets.append("none");
            rank1s.append(oneShot.getAsJsonObject("rank1").get("mean").getAsDouble());
            accuracies.append(j.getAsJsonObject("verification").getAsJsonObject("accuracy").get("mean").getAsDouble());
        }
        Table t = Table.create("results/: LFW one-shot, all LFW people with ≥ 2 photos (test numbers only)", runs, budgets, rank1s, accuracies)
                .sortDescendingOn("LFW one-shot rank-1");
        return new OneShotResults(t, notRanked, galleryPeople);
    }

    /** The table, best rank-1 first. */
    public Table table() {
        return table;
    }

    /** The runs left out because their LFW numbers are not test numbers, each with the reason. */
    public Map<String, String> notRanked() {
        return notRanked;
    }

    /** People in the LFW one-shot gallery (from the pixel baseline's evaluation), 0 when it is not there. */
    public int galleryPeople() {
        return galleryPeople;
    }

    /** The table as HTML, after a note on the gallery size (next to {@code livePeople} of a live test) and the runs not ranked. */
    public String show(int livePeople) {
        if (table.rowCount() == 0) {
            return Show.text("No run in results/ has an LFW evaluation yet (bin/tripletlab eval writes eval/lfw.json).");
        }
        StringBuilder note = new StringBuilder();
        if (galleryPeople > 0) {
            note.append("LFW one-shot gallery: ").append(galleryPeople).append(" people (the live test above: ").append(livePeople).append(").\n");
        }
        notRanked.forEach((run, why) -> note.append("Not a test number for LFW, not ranked: ").append(run).append(" — ").append(why).append('\n'));
        return (note.length() > 0 ? Show.text(note.toString().strip()) : "") + Show.table(table);
    }

    private static JsonObject json(Path file) {
        try {
            return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be read", e);
        }
    }
}
