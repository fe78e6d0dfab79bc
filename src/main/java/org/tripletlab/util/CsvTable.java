package org.tripletlab.util;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A CSV file that grows by rows and is rewritten atomically on {@link #flush()}, so the file on
 * disk is always a complete table (never a torn last line), even if the process is killed.
 * Numbers are written with {@link Locale#ROOT} so decimal points never become commas.
 */
public final class CsvTable {
    private final Path file;
    private final int columns;
    private final StringBuilder text = new StringBuilder();

    public CsvTable(Path file, List<String> header) {
        this.file = file;
        this.columns = header.size();
        text.append(String.join(",", header)).append('\n');
    }

    /** Appends a row; doubles and floats are formatted with up to 6 significant decimals, NaN as empty. */
    public void add(Object... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException(file.getFileName() + ": row has " + cells.length + " cells, header has " + columns);
        }
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(format(cells[i]));
        }
        text.append('\n');
    }

    static String format(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                return "";
            }
            return String.format(Locale.ROOT, "%.6g", d).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e").replaceAll("\\.$", "");
        }
        String s = v.toString();
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    public void flush() {
        AtomicFiles.write(file, text.toString());
    }

    public Path file() {
        return file;
    }
}
