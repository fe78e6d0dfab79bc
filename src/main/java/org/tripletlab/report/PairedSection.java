package org.tripletlab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tripletlab.eval.MeanSe;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Paired differences of every row against its reference row, over the seeds both ran: the row equal to it but for the
 * reference keys ({@code --reference}), or one fixed configuration for every row ({@code --reference-config}).
 */
final class PairedSection {
    private final ResultsTable results;
    private final Map<String, String> reference;
    private final ResultsTable.Group fixed;
    private final String referenceLabel;
    private final String benchmark;

    /** @param fixed the one configuration every row is compared with, or null to compare each row with its own reference row */
    PairedSection(ResultsTable results, Map<String, String> reference, ResultsTable.Group fixed, String referenceLabel, String benchmark) {
        this.results = results;
        this.reference = reference;
        this.fixed = fixed;
        this.referenceLabel = referenceLabel;
        this.benchmark = benchmark;
    }

    private ResultsTable.Group referenceFor(ResultsTable.Group g) {
        return fixed != null ? fixed : results.referenceFor(g, reference);
    }

    /** How many leading columns label a row. */
    int labelColumns() {
        return pairedLabels().size();
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
        cols.addAll(ConfigColumns.padded(results));
        return cols;
    }

    /** What marks a difference whose paired t-test gives p &lt; 0.05 in {@link #text}. */
    static final String MARK = "*";

    /** The sentence every paired table's caption ends with: what {@link #MARK} means and what it does not. */
    static final String MARK_MEANING = MARK + " marks a difference that is real at the 5 % level: a two-sided paired t-test over the "
            + "matched seeds (n − 1 degrees of freedom; its 95 % interval excludes 0, which takes |mean| > 4.30 s.e. with 3 "
            + "seeds) gives p < 0.05. The seeds are the replicates, so it asks whether a change beats retraining noise on the "
            + "same test pairs; there is no correction for the number of differences in the table (where nothing really differs, about 1 "
            + "difference in 20 is still marked by chance), and fewer than 2 matched seeds are never marked.";

    /** Per row and compared metric: the paired difference (mean ± s.e. in pp, n, * when p < 0.05), "reference" or "no matched seeds". */
    Table text() {
        Table t = Table.create("paired");
        pairedLabels().forEach(t::addColumns);
        for (Metric m : comparedMetrics()) {
            StringColumn c = StringColumn.create("Δ " + m.label(benchmark) + " (pp)");
            for (ResultsTable.Group g : results.allGroups()) {
                ResultsTable.Group ref = referenceFor(g);
                if (ref == null) {
                    c.append("–");
                } else if (ref == g) {
                    c.append("reference");
                } else {
                    MeanSe d = ResultsTable.paired(g.values(m), ref.values(m));
                    c.append(d.n() == 0 ? "no matched seeds"
                            : TableText.meanSe(d, m, true) + " (n=" + d.n() + ")" + (PairedTest.significant(d) ? " " + MARK : ""));
                }
            }
            t.addColumns(c);
        }
        return t;
    }

    /**
     * The same as numbers: each row's reference ("self", the reference label, or empty) and the differences' mean, s.e.,
     * matched seeds and two-sided paired t-test p-value (empty below 2 matched seeds).
     */
    Table numbers() {
        Table t = Table.create("paired");
        pairedLabels().forEach(t::addColumns);
        StringColumn refCol = StringColumn.create("reference");
        for (ResultsTable.Group g : results.allGroups()) {
            ResultsTable.Group ref = referenceFor(g);
            refCol.append(ref == null ? "" : ref == g ? "self" : referenceLabel);
        }
        t.addColumns(refCol);
        for (Metric m : comparedMetrics()) {
            DoubleColumn mean = DoubleColumn.create("diff " + m.label(benchmark) + " mean");
            DoubleColumn se = DoubleColumn.create("diff " + m.label(benchmark) + " se");
            IntColumn n = IntColumn.create("diff " + m.label(benchmark) + " matched seeds");
            DoubleColumn p = DoubleColumn.create("diff " + m.label(benchmark) + " p");
            for (ResultsTable.Group g : results.allGroups()) {
                ResultsTable.Group ref = referenceFor(g);
                MeanSe d = ref == null || ref == g ? new MeanSe(Double.NaN, Double.NaN, Double.NaN, 0) : ResultsTable.paired(g.values(m), ref.values(m));
                mean.append(d.mean());
                se.append(d.standardError());
                n.append(d.n());
                p.append(PairedTest.pValue(d));
            }
            t.addColumns(mean, se, n, p);
        }
        return t;
    }
}
