package org.tripletlab.report;

import java.util.ArrayList;
import java.util.List;
import org.tripletlab.eval.MeanSe;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The measured tables: the grid's rows, the other experiments' rows, and both as numbers for CSV. */
final class MeasuredSection {
    private final ResultsTable results;
    private final String benchmark;

    MeasuredSection(ResultsTable results, String benchmark) {
        this.results = results;
        this.benchmark = benchmark;
    }

    /** The grid's measured rows as text, best per column (over both blocks) between {@code open} and {@code close}. */
    Table text(boolean markdown, String open, String close) {
        Table t = Table.create("measured");
        ConfigColumns.of(results, results.groups()).forEach(t::addColumns);
        addMeasuredText(t, results.groups(), open, close);
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
    Table numbers() {
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
        ConfigColumns.padded(results).forEach(t::addColumns);
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
}
