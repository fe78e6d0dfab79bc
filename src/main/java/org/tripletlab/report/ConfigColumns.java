package org.tripletlab.report;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.StringColumn;

/**
 * The label columns of a report's tables: the grid's varying config keys (its configuration name when none varies); with
 * {@link ResultsTable#withLabelKeys} the named keys and an {@value #OTHER_KEYS} column saying what else a row changes.
 */
final class ConfigColumns {
    /** Header of the column that says what a row changes from the base values of the keys not named ({@link VariantLabel}). */
    static final String OTHER_KEYS = "other keys";

    private ConfigColumns() {
    }

    /** How many leading columns label a row. */
    static int labels(ResultsTable results) {
        if (results.labelKeys() != null) {
            return Math.max(1, results.labelKeys().size() + (otherKeys(results) ? 1 : 0));
        }
        return Math.max(1, results.varyingKeys().size());
    }

    /** Whether a grid row differs from the base values in a key that is not named. */
    private static boolean otherKeys(ResultsTable results) {
        return results.groups().stream().anyMatch(g -> !results.differencesFromBase(g, results.labelKeys()).isEmpty());
    }

    /** One column per varying key of the grid, one cell per group of {@code groups}. */
    static List<StringColumn> of(ResultsTable results, List<ResultsTable.Group> groups) {
        List<StringColumn> cols = new ArrayList<>();
        if (results.labelKeys() != null && (!results.labelKeys().isEmpty() || otherKeys(results))) {
            for (String k : results.labelKeys()) {
                StringColumn c = StringColumn.create(k);
                groups.forEach(g -> c.append(String.valueOf(g.config().get(k))));
                cols.add(c);
            }
            if (otherKeys(results)) {
                StringColumn c = StringColumn.create(OTHER_KEYS);
                groups.forEach(g -> c.append(VariantLabel.of(g.config(), results.differencesFromBase(g, results.labelKeys()))));
                cols.add(c);
            }
            return cols;
        }
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
