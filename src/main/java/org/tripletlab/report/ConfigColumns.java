package org.tripletlab.report;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.StringColumn;

/** The label columns of a report's tables: the grid's varying config keys (its configuration name when none varies). */
final class ConfigColumns {
    private ConfigColumns() {
    }

    /** How many leading columns label a row. */
    static int labels(ResultsTable results) {
        return Math.max(1, results.varyingKeys().size());
    }

    /** One column per varying key of the grid, one cell per group of {@code groups}. */
    static List<StringColumn> of(ResultsTable results, List<ResultsTable.Group> groups) {
        List<StringColumn> cols = new ArrayList<>();
        if (results.varyingKeys().isEmpty()) {
            StringColumn c = StringColumn.create("configuration");
            groups.forEach(g -> c.append(String.valueOf(g.config().get("name"))));
            cols.add(c);
            return cols;
        }
        for (String k : results.varyingKeys()) {
            StringColumn c = StringColumn.create(k);
            groups.forEach(g -> c.append(String.valueOf(g.config().get(k))));
            cols.add(c);
        }
        return cols;
    }

    /** The grid's config-key columns, with empty cells for the other experiments' rows that follow the grid's. */
    static List<StringColumn> padded(ResultsTable results) {
        List<StringColumn> cols = new ArrayList<>();
        for (StringColumn c : ConfigColumns.of(results, results.groups())) {
            StringColumn full = StringColumn.create(c.name());
            c.forEach(full::append);
            for (int i = 0; i < results.others().size(); i++) {
                full.append("");
            }
            cols.add(full);
        }
        return cols;
    }
}
