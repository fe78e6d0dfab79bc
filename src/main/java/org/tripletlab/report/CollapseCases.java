package org.tripletlab.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tripletlab.run.RunFiles;
import org.tripletlab.util.CsvReader;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The runs whose collapse watch fired: rows of kind {@code collapse} in {@code events.csv}, which the
 * trainer writes when the validation embeddings of different identities become nearly identical
 * (mean d(A,N) near 0) or when, for many steps, d(A,P) ≈ d(A,N) ≈ 0 so that the loss sits at
 * α × active share (for the contrastive and softmax losses: same- and different-identity pairs of the batch
 * equally close, see {@link org.tripletlab.train.CollapseWatch}). Runs without such events are not cases.
 */
public final class CollapseCases {
    /**
     * One collapsed run.
     *
     * @param firstStep  step of the first collapse event
     * @param firstEpoch epoch of the first collapse event
     * @param events     number of collapse events
     * @param lastValDan mean validation d(A,N) at the run's last validation (epochs.csv; NaN if absent)
     */
    public record Case(RunResult run, long firstStep, long firstEpoch, int events, String firstMessage, double lastValDan) {
    }

    private CollapseCases() {
    }

    /** The collapse cases among {@code runs}, in their order. */
    public static List<Case> of(List<RunResult> runs) {
        List<Case> out = new ArrayList<>();
        for (RunResult r : runs) {
            List<List<String>> events = CsvReader.readIfPresent(r.dir().resolve(RunFiles.EVENTS));
            if (events == null) {
                continue;
            }
            List<String> head = events.get(0);
            int kind = column(head, "kind", r.dir());
            int step = column(head, "step", r.dir());
            int epoch = column(head, "epoch", r.dir());
            int message = column(head, "message", r.dir());
            int n = 0;
            long firstStep = -1;
            long firstEpoch = -1;
            String firstMessage = "";
            for (List<String> row : events.subList(1, events.size())) {
                if (row.size() > kind && row.get(kind).equals("collapse")) {
                    if (n == 0) {
                        firstStep = parseLong(row.get(step), r.dir());
                        firstEpoch = parseLong(row.get(epoch), r.dir());
                        firstMessage = row.size() > message ? row.get(message) : "";
                    }
                    n++;
                }
            }
            if (n > 0) {
                out.add(new Case(r, firstStep, firstEpoch, n, firstMessage, lastValDan(r.dir())));
            }
        }
        return out;
    }

    /** Cases as text: miner, α, seed, epochs trained, first event, count, last validation d(A,N), benchmark accuracy, run id. */
    public static Table table(List<Case> cases, String benchmark) {
        StringColumn miner = StringColumn.create("miner.strategy");
        StringColumn margin = StringColumn.create("loss.margin");
        StringColumn seed = StringColumn.create("seed");
        StringColumn epochs = StringColumn.create("train.epochs");
        StringColumn first = StringColumn.create("first warning (step, epoch)");
        IntColumn count = IntColumn.create("warnings");
        StringColumn dan = StringColumn.create("last validation mean d(A,N)");
        StringColumn acc = StringColumn.create(Metric.ACCURACY.label(benchmark) + " (%)");
        StringColumn id = StringColumn.create("run");
        for (Case c : cases) {
            miner.append(String.valueOf(c.run().config().get("miner.strategy")));
            margin.append(String.valueOf(c.run().config().get("loss.margin")));
            seed.append(String.valueOf(c.run().seed()));
            epochs.append(String.valueOf(c.run().config().get("train.epochs")));
            first.append("step " + c.firstStep() + ", epoch " + c.firstEpoch());
            count.append(c.events());
            dan.append(Double.isNaN(c.lastValDan()) ? "–" : String.format(Locale.ROOT, "%.4f", c.lastValDan()));
            double a = c.run().metric(Metric.ACCURACY);
            acc.append(Double.isNaN(a) ? "–" : String.format(Locale.ROOT, "%.2f", 100 * a));
            id.append(c.run().runId());
        }
        return Table.create("collapse cases").addColumns(miner, margin, seed, epochs, first, count, dan, acc, id);
    }

    private static double lastValDan(Path run) {
        List<List<String>> epochs = CsvReader.readIfPresent(run.resolve(RunFiles.EPOCHS));
        if (epochs == null || epochs.size() < 2) {
            return Double.NaN;
        }
        int c = epochs.get(0).indexOf("val_mean_d_an");
        List<String> last = epochs.get(epochs.size() - 1);
        if (c < 0 || c >= last.size()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(last.get(c));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static int column(List<String> head, String name, Path run) {
        int c = head.indexOf(name);
        if (c < 0) {
            throw new IllegalArgumentException(run.resolve(RunFiles.EVENTS) + ": no column '" + name + "' (header " + head
                    + "); was it written by tripletlab train?");
        }
        return c;
    }

    private static long parseLong(String s, Path run) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(run.resolve(RunFiles.EVENTS) + ": '" + s + "' is not a step or epoch number", e);
        }
    }

}
