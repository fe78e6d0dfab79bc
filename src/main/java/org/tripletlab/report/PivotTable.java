package org.tripletlab.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tripletlab.component.ConfigException;

/**
 * A grid's configurations laid out two-dimensionally: one row per value of {@code rowKey}, one column
 * per combination of the values of {@code columnKeys} (e.g. rows miner.strategy, columns loss.margin,
 * as in a mining × margin table). Every other key must be the same in all configurations, so each cell
 * holds at most one configuration; a cell without one (a sweep not yet complete) is empty.
 *
 * <p>Rows and columns keep the order in which their values first occur in the configurations (a
 * sweep's grid order); with {@code sortRows} the row values are sorted (numbers by value).
 *
 * <p><b>A sparse study</b> ({@link #withVariants}): the keys not laid out are held at their base values
 * ({@link ResultsTable#baseValues}, the values most configurations share); a configuration that differs from
 * them there gets a row of its own after the others, named by its row value and what differs
 * ({@link VariantLabel}: "hardest, warm start semi-hard (3 epochs)"), its cells in the columns of its
 * column values, the other cells empty. Its columns are sorted (numbers by value): they first occur in
 * the order of the sweep's sub-grids, not of the values.
 */
public final class PivotTable {
    private final String rowKey;
    private final List<String> columnKeys;
    private final List<Object> rows;
    private final List<List<Object>> columns;
    private final Map<List<Object>, ResultsTable.Group> cells;

    /** A row of a configuration off the base values: its row key's value and what else differs, in words. */
    record Variant(Object value, String differences) {
        @Override
        public String toString() {
            return value + ", " + differences;
        }
    }

    private PivotTable(String rowKey, List<String> columnKeys, List<Object> rows, List<List<Object>> columns,
            Map<List<Object>, ResultsTable.Group> cells) {
        this.rowKey = rowKey;
        this.columnKeys = columnKeys;
        this.rows = rows;
        this.columns = columns;
        this.cells = cells;
    }

    /**
     * @param groups the configurations (a grid: they differ only in the varying keys)
     * @param varyingKeys the keys in which they differ; {@code rowKey} and {@code columnKeys} must be among
     *     them and together cover them (so that no cell holds two configurations)
     * @throws ConfigException naming the option when a key does not vary or a varying key is not placed
     */
    public static PivotTable of(List<ResultsTable.Group> groups, List<String> varyingKeys, String rowKey, List<String> columnKeys,
            boolean sortRows) {
        List<String> placed = new ArrayList<>();
        placed.add(rowKey);
        placed.addAll(columnKeys);
        checkPlaced(placed, varyingKeys);
        List<Object> rows = new ArrayList<>();
        List<List<Object>> columns = new ArrayList<>();
        Map<List<Object>, ResultsTable.Group> cells = new LinkedHashMap<>();
        for (ResultsTable.Group g : groups) {
            Object r = g.config().get(rowKey);
            List<Object> c = new ArrayList<>();
            for (String k : columnKeys) {
                c.add(g.config().get(k));
            }
            if (!rows.contains(r)) {
                rows.add(r);
            }
            if (!columns.contains(c)) {
                columns.add(List.copyOf(c));
            }
            List<Object> at = new ArrayList<>();
            at.add(r);
            at.addAll(c);
            cells.put(List.copyOf(at), g);
        }
        if (sortRows) {
            rows.sort(PivotTable::compare);
        }
        if (cells.size() < groups.size()) {
            List<String> rest = new ArrayList<>(varyingKeys);
            rest.removeAll(placed);
            throw new ConfigException("--pivot " + String.join(",", placed) + ": " + String.join(", ", rest)
                    + " also vary; add them to the columns (--pivot " + String.join(",", placed) + "," + String.join(",", rest) + ")");
        }
        return new PivotTable(rowKey, List.copyOf(columnKeys), List.copyOf(rows), List.copyOf(columns), cells);
    }

    /**
     * The pivot of a sparse study: rows {@code rowKey}, columns {@code columnKeys}; the other varying keys are not
     * laid out but held at the table's base values, each configuration off them a row of its own (see the class
     * comment). With no other varying key it is {@link #of}'s table.
     *
     * @throws ConfigException naming the option when a named key does not vary or is named twice
     */
    public static PivotTable withVariants(ResultsTable table, String rowKey, List<String> columnKeys) {
        List<String> placed = new ArrayList<>();
        placed.add(rowKey);
        placed.addAll(columnKeys);
        checkPlaced(placed, table.varyingKeys());
        List<Object> plain = new ArrayList<>();
        List<Object> variants = new ArrayList<>();
        List<List<Object>> columns = new ArrayList<>();
        Map<List<Object>, ResultsTable.Group> cells = new LinkedHashMap<>();
        for (ResultsTable.Group g : table.groups()) {
            List<String> differing = table.differencesFromBase(g, placed);
            Object value = g.config().get(rowKey);
            Object r = differing.isEmpty() ? value : new Variant(value, VariantLabel.of(g.config(), differing));
            List<Object> rows = differing.isEmpty() ? plain : variants;
            if (!rows.contains(r)) {
                rows.add(r);
            }
            List<Object> c = new ArrayList<>();
            for (String k : columnKeys) {
                c.add(g.config().get(k));
            }
            if (!columns.contains(c)) {
                columns.add(List.copyOf(c));
            }
            List<Object> at = new ArrayList<>();
            at.add(r);
            at.addAll(c);
            if (cells.putIfAbsent(List.copyOf(at), g) != null) {
                // Cannot happen while VariantLabel names every differing key's value; kept so that no cell ever hides a configuration.
                throw new IllegalStateException("two configurations in the pivot cell " + at);
            }
        }
        // A sparse study's columns first occur out of order (the main grid's α, then an extra entry's): sorted, numbers by value.
        columns.sort((a, b) -> {
            for (int i = 0; i < a.size(); i++) {
                int c = compare(a.get(i), b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        List<Object> rows = new ArrayList<>(plain);
        rows.addAll(variants);
        return new PivotTable(rowKey, List.copyOf(columnKeys), List.copyOf(rows), List.copyOf(columns), cells);
    }

    private static void checkPlaced(List<String> placed, List<String> varyingKeys) {
        for (String k : placed) {
            if (!varyingKeys.contains(k)) {
                throw new ConfigException("--pivot " + String.join(",", placed) + ": '" + k + "' does not vary between the rows"
                        + (varyingKeys.isEmpty() ? " (no key does)" : "; the rows differ in " + String.join(", ", varyingKeys)));
            }
            if (Collections.frequency(placed, k) > 1) {
                throw new ConfigException("--pivot " + String.join(",", placed) + ": '" + k + "' is named twice");
            }
        }
    }

    /** How a row is written: its row key's value, or for a configuration off the base values also what differs. */
    public String rowLabel(Object row) {
        return String.valueOf(row);
    }

    /** Rows of configurations off the base values ({@link #withVariants}); 0 for a full grid. */
    public int variantRows() {
        return (int) rows.stream().filter(r -> r instanceof Variant).count();
    }

    static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    public String rowKey() {
        return rowKey;
    }

    public List<String> columnKeys() {
        return columnKeys;
    }

    /** Row values, in order. */
    public List<Object> rows() {
        return rows;
    }

    /** Column value combinations (one value per column key), in order. */
    public List<List<Object>> columns() {
        return columns;
    }

    /** The configuration at a row and column, or null when the grid has none there. */
    public ResultsTable.Group cell(Object row, List<Object> column) {
        List<Object> at = new ArrayList<>();
        at.add(row);
        at.addAll(column);
        return cells.get(at);
    }

    /** All configurations placed in the table. */
    public List<ResultsTable.Group> groups() {
        return List.copyOf(cells.values());
    }

    /** "loss.margin=0.2" (or "encoder.architecture=resnet, seed…" for several keys). */
    public String columnLabel(List<Object> column) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < columnKeys.size(); i++) {
            parts.add(columnKeys.get(i) + "=" + column.get(i));
        }
        return String.join(", ", parts);
    }
}
