package org.tripletlab.report;

import java.util.List;
import java.util.Locale;
import org.tripletlab.eval.MeanSe;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Architectures: encoder size and cost beside the measured VAL and accuracy. */
final class ArchitectureSection {
    private final ResultsTable results;
    private final String benchmark;

    ArchitectureSection(ResultsTable results, String benchmark) {
        this.results = results;
        this.benchmark = benchmark;
    }

    /** One row per grid configuration: parameters, MFLOPs per image, VAL and accuracy (mean ± s.e., best between {@code open}/{@code close}). */
    Table text(String open, String close) {
        Table t = Table.create("architectures");
        ConfigColumns.of(results, results.groups()).forEach(t::addColumns);
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

    /** The same as numbers: parameters, FLOPs per image, and mean, s.e. and n of each metric. */
    Table numbers() {
        Table t = Table.create("architectures");
        ConfigColumns.of(results, results.groups()).forEach(t::addColumns);
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
}
