package org.tripletlab.report;

import java.util.List;
import org.tripletlab.eval.MeanSe;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The pivot: one key's values as rows, the others' as columns, accuracy (and active share) in the cells. */
final class PivotSection {
    private final PivotTable pivot;
    private final String benchmark;

    PivotSection(PivotTable pivot, String benchmark) {
        this.pivot = pivot;
        this.benchmark = benchmark;
    }

    /** Pivot cells: "84.12 ± 0.31 · 23.4 active", the accuracy bold where it is the best among the cells. */
    Table text(Metric accuracy, boolean active, String open, String close) {
        Table t = Table.create("pivot");
        StringColumn rows = StringColumn.create(pivot.rowKey());
        pivot.rows().forEach(r -> rows.append(pivot.rowLabel(r)));
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
    Table numbers(Metric accuracy, boolean active) {
        Table t = Table.create("pivot");
        StringColumn rows = StringColumn.create(pivot.rowKey());
        pivot.rows().forEach(r -> rows.append(pivot.rowLabel(r)));
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
}
