package org.tripletlab.report;

import java.util.List;
import org.tripletlab.eval.MeanSe;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** VAL by embedding dimension, one column per value of the other varying keys. */
final class EmbeddingSection {
    private final String benchmark;

    EmbeddingSection(String benchmark) {
        this.benchmark = benchmark;
    }

    /** VAL (mean ± s.e.) of each cell of {@code p} (rows: embedding dimensions), best between {@code open}/{@code close}; – for an empty cell. */
    Table text(PivotTable p, String open, String close) {
        Table t = Table.create("embedding");
        StringColumn rows = StringColumn.create(p.rowKey());
        p.rows().forEach(r -> rows.append(p.rowLabel(r)));
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

    /** The same as numbers: mean, s.e. and n of VAL per column. */
    Table numbers(PivotTable p) {
        Table t = Table.create("embedding");
        StringColumn rows = StringColumn.create(p.rowKey());
        p.rows().forEach(r -> rows.append(p.rowLabel(r)));
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
}
